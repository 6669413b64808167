//! Test databases: each test gets its own, on SQLite by default or on PostgreSQL when
//! `XINBAO_TEST_DATABASE_URL` names a server (then an unreachable server fails the test).

#![allow(clippy::expect_used, clippy::unwrap_used)]

pub mod scan;

use crate::{DbConfig, Store};
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The PostgreSQL server the test suite must use, if any.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("XINBAO_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// A fresh database that is removed when dropped.
pub struct TestDb {
    pub url: String,
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// On the suite's backend: PostgreSQL when configured, SQLite otherwise.
    pub async fn new() -> TestDb {
        match postgres_admin_url() {
            Some(admin) => Self::postgres(&admin).await,
            None => Self::sqlite().await,
        }
    }

    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let cfg = DbConfig::sqlite_in(dir.path());
        let store = Store::open(&cfg).await.expect("open sqlite");
        TestDb {
            url: cfg.url,
            store,
            _dir: Some(dir),
            pg: None,
        }
    }

    /// A new database on the PostgreSQL server at `admin_url`; panics if it is unreachable.
    pub async fn postgres(admin_url: &str) -> TestDb {
        let url = Self::create_pg_database(admin_url).await;
        let store = Store::open(&DbConfig::new(url.clone()))
            .await
            .expect("open postgres");
        let name = url.rsplit('/').next().unwrap_or_default().to_string();
        TestDb {
            url,
            store,
            _dir: None,
            pg: Some((admin_url.to_string(), name)),
        }
    }

    /// Creates an empty database and returns its URL (the caller owns dropping it).
    pub async fn create_pg_database(admin_url: &str) -> String {
        use sqlx::Connection;
        let name = format!(
            "xbt_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            fastrand::u32(..)
        );
        let mut conn = sqlx::PgConnection::connect(admin_url)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is required for this run: {e}"));
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("create test database");
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(admin_url);
        format!("{base}/{name}")
    }

    /// Drops a database made by `create_pg_database`.
    pub fn drop_pg_database(admin_url: &str, name: &str) {
        let admin = admin_url.to_string();
        let name = name.to_string();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                use sqlx::Connection;
                if let Ok(mut c) = sqlx::PgConnection::connect(&admin).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut c).await;
                }
            });
        })
        .join();
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg {
            Self::drop_pg_database(admin, name);
        }
    }
}
