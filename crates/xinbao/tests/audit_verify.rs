//! `xinbao audit verify` as an operator runs it, on a SQLite installation made by the binary
//! itself: exit 0 while the chain is intact, 1 naming the first bad record once it is not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};
use xinbao_store::{DbConfig, Store, with_conn};

fn xinbao(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xinbao"))
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .current_dir(dir)
        .env("XINBAO_LANG", "en")
        .env("XINBAO_LOG", "warn")
        .env_remove("XINBAO_CONFIG")
        .env_remove("XINBAO_DATABASE_URL")
        .env_remove("XINBAO_DATA_DIR")
        .env_remove("XINBAO_AUDIT_KEY_FILE")
        .output()
        .expect("run xinbao")
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// An installation with three audit records (the office, the administrator, the role).
fn installation() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let init = xinbao(
        dir.path(),
        &[
            "admin",
            "init",
            "--office",
            "测试市委办公室",
            "--password",
            "Test-Passw0rd!",
        ],
    );
    assert!(init.status.success(), "{}", text(&init.stderr));
    dir
}

async fn tamper(dir: &Path, sql: &[&str]) {
    let store = Store::connect(&DbConfig::sqlite_in(dir)).await.unwrap();
    let mut w = store.write().await.unwrap();
    for s in sql {
        with_conn!(&mut w.conn(), |x| sqlx::query(sqlx::AssertSqlSafe(*s))
            .execute(x)
            .await
            .map(|_| ()))
        .unwrap();
    }
    w.commit().await.unwrap();
    store.close().await;
}

#[test]
fn the_first_start_creates_a_key_file_only_its_owner_can_read() {
    let dir = installation();
    let key = std::fs::read_to_string(dir.path().join("audit.key")).unwrap();
    assert_eq!(key.trim().len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(dir.path().join("audit.key")).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn verify_exits_0_with_a_summary_on_an_intact_chain() {
    let dir = installation();
    let out = xinbao(dir.path(), &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        // admin init: the office, three people and their roles, the second-factor policy.
        text(&out.stdout).contains("The audit chain verifies: 8 records"),
        "{}",
        text(&out.stdout)
    );
}

#[tokio::test]
async fn verify_exits_1_naming_the_record_whose_content_was_changed() {
    let dir = installation();
    tamper(
        dir.path(),
        &[
            "DROP TRIGGER audit_log_no_update",
            "UPDATE audit_log SET detail = '{}' WHERE seq = 2",
        ],
    )
    .await;
    let out = xinbao(dir.path(), &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("id 2 (seq 2)") && err.contains("changed"),
        "{err}"
    );
}

#[tokio::test]
async fn verify_exits_1_naming_the_gap_a_deleted_record_leaves() {
    let dir = installation();
    tamper(
        dir.path(),
        &[
            "DROP TRIGGER audit_log_no_delete",
            "DELETE FROM audit_log WHERE seq = 1",
        ],
    )
    .await;
    let out = xinbao(dir.path(), &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("missing (seq 1 was expected here)"), "{err}");
}

#[test]
fn verify_exits_1_with_another_key_and_a_server_with_it_refuses_to_start() {
    let dir = installation();
    let other = dir.path().join("other.key");
    std::fs::write(&other, "ab".repeat(32)).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xinbao"));
    let out = cmd
        .args(["audit", "verify", "--data-dir"])
        .arg(dir.path())
        .current_dir(dir.path())
        .env("XINBAO_LANG", "en")
        .env("XINBAO_AUDIT_KEY_FILE", &other)
        .env_remove("XINBAO_CONFIG")
        .env_remove("XINBAO_DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not the one that sealed"),
        "{}",
        text(&out.stderr)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_xinbao"))
        .args(["migrate", "--data-dir"])
        .arg(dir.path())
        .current_dir(dir.path())
        .env("XINBAO_LANG", "en")
        .env("XINBAO_AUDIT_KEY_FILE", &other)
        .env_remove("XINBAO_CONFIG")
        .env_remove("XINBAO_DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("refusing to start"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn verify_exits_1_without_creating_a_key_when_the_key_file_is_missing() {
    let dir = installation();
    std::fs::remove_file(dir.path().join("audit.key")).unwrap();
    let out = xinbao(dir.path(), &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Cannot read the audit key"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("audit.key").exists());
}
