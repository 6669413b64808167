//! `xinbao admin init` is one unit of work: when it fails midway (here, the third
//! administrator's username is the first one's) it leaves no office and no person behind, and
//! runs again once the operator fixes the command.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, ok, open_db, run};

fn init(dir: &std::path::Path, auditor: &str) -> (bool, String, String) {
    let data = dir.to_str().unwrap();
    run(
        dir,
        &[
            "admin",
            "init",
            "--data-dir",
            data,
            "--office",
            "测试市委办公室",
            "--password",
            PASSWORD,
            "--auditor-username",
            auditor,
        ],
    )
}

async fn count(dir: &std::path::Path, table: &str) -> i64 {
    let mut c = open_db(&dir.join("xinbao.db")).await;
    let sql = format!("SELECT COUNT(*) FROM {table}");
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(&mut c)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_init_that_fails_midway_leaves_nothing_and_the_next_one_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let (success, _, err) = init(dir.path(), "admin");
    assert!(!success, "a duplicate username must fail the init");
    assert!(err.contains("username"), "{err}");
    assert_eq!(count(dir.path(), "units").await, 0);
    assert_eq!(count(dir.path(), "people").await, 0);
    assert_eq!(count(dir.path(), "role_grants").await, 0);

    let (success, out, err) = init(dir.path(), "auditor");
    assert!(success, "{out}\n{err}");
    assert_eq!(count(dir.path(), "units").await, 1);
    assert_eq!(count(dir.path(), "people").await, 3);
    assert_eq!(count(dir.path(), "role_grants").await, 3);

    let (success, _, err) = init(dir.path(), "auditor2");
    assert!(!success, "a second init must be refused");
    assert!(err.contains("already has units"), "{err}");
    let data = dir.path().to_str().unwrap();
    ok(dir.path(), &["migrate", "--data-dir", data]);
}
