//! `xinbao backup` and `xinbao restore` on PostgreSQL, when `XINBAO_TEST_DATABASE_URL` names a
//! server (the suite on SQLite skips this file's test): the archive holds a `pg_dump -Fc` and
//! the attachments, and restores into an empty database only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, ok, run};
use sha2::Digest;
use sqlx::{AssertSqlSafe, Connection, PgConnection};

/// An empty database on the server at `admin`: (name, URL).
async fn database(admin: &str) -> (String, String) {
    let name = format!("xbt_backup_{}_{}", std::process::id(), fastrand::u32(..));
    let mut c = PgConnection::connect(admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin} is required for this run: {e}"));
    let sql = format!("CREATE DATABASE {name}");
    sqlx::query(AssertSqlSafe(sql))
        .execute(&mut c)
        .await
        .unwrap();
    let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
    (name.clone(), format!("{base}/{name}"))
}

async fn drop_database(admin: &str, name: &str) {
    let mut c = PgConnection::connect(admin).await.unwrap();
    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    sqlx::query(AssertSqlSafe(sql))
        .execute(&mut c)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_postgresql_backup_holds_a_pg_dump_that_restores_into_an_empty_database_only() {
    let Some(admin) = std::env::var("XINBAO_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let (src_name, src) = database(&admin).await;
    let (dst_name, dst) = database(&admin).await;
    let data = r.join("data");
    let d = data.to_str().unwrap();
    ok(
        r,
        &[
            "admin",
            "init",
            "--office",
            "测试县委办公室",
            "--password",
            PASSWORD,
            "--database-url",
            &src,
            "--data-dir",
            d,
        ],
    );
    let pdf = b"%PDF-1.7\n% a stored attachment\n".to_vec();
    let hash = hex::encode(sha2::Sha256::digest(&pdf));
    let stored = data.join("files").join(&hash[..2]).join(&hash);
    std::fs::create_dir_all(stored.parent().unwrap()).unwrap();
    std::fs::write(&stored, &pdf).unwrap();

    let archive = r.join("pg.zip");
    let a = archive.to_str().unwrap();
    let out = ok(
        r,
        &["backup", "--database-url", &src, "--data-dir", d, "--to", a],
    );
    assert!(out.contains("pg_dump"), "{out}");
    assert!(out.contains("1 attachments"), "{out}");

    let new = r.join("new");
    let n = new.to_str().unwrap();
    let out = ok(
        r,
        &[
            "restore",
            "--from",
            a,
            "--database-url",
            &dst,
            "--data-dir",
            n,
        ],
    );
    assert!(out.contains("pg_restore"), "{out}");
    let restored = new.join("files").join(&hash[..2]).join(&hash);
    assert_eq!(std::fs::read(restored).unwrap(), pdf);
    let mut c = PgConnection::connect(&dst).await.unwrap();
    let offices: Vec<String> = sqlx::query_scalar("SELECT name FROM units")
        .fetch_all(&mut c)
        .await
        .unwrap();
    assert_eq!(offices, vec!["测试县委办公室".to_string()]);
    c.close().await.unwrap();

    let (success, _, err) = run(
        r,
        &[
            "restore",
            "--from",
            a,
            "--database-url",
            &dst,
            "--data-dir",
            n,
        ],
    );
    assert!(!success);
    assert!(err.contains("not empty"), "{err}");

    drop_database(&admin, &src_name).await;
    drop_database(&admin, &dst_name).await;
}
