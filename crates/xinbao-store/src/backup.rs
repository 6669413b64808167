//! The database's side of backups on SQLite: a consistent copy of a live database, what a copy
//! holds (schema version, row counts, attachment hashes) and SQLite's integrity check.
//! (On PostgreSQL the database part of a backup is `pg_dump`, run by the binary.)

use crate::error::StoreError;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AssertSqlSafe, Connection, SqliteConnection};
use std::path::Path;
use std::time::Duration;

/// What a database file holds, as recorded in a backup's manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    /// The newest migration applied (0 for an empty database).
    pub schema_version: i64,
    /// Rows per table, for every table of [`crate::TABLES`] the file has, in that order.
    pub counts: Vec<(String, i64)>,
    /// The SHA-256 of every stored attachment (`files.hash`), sorted.
    pub file_hashes: Vec<String>,
}

fn utf8(path: &Path) -> Result<&str, StoreError> {
    path.to_str()
        .ok_or_else(|| StoreError::Other(format!("not a UTF-8 path: {}", path.display())))
}

/// Writes a consistent copy of the database at `src` to `dest` (which must not exist) while
/// the server keeps writing. `VACUUM INTO` reads one snapshot: the copy holds every commit
/// made before it started and nothing half-written, and writers are not blocked (WAL).
pub async fn sqlite_snapshot(src: &Path, dest: &Path) -> Result<(), StoreError> {
    if !src.is_file() {
        return Err(StoreError::Unavailable(format!(
            "no database at {}",
            src.display()
        )));
    }
    let opts = SqliteConnectOptions::new()
        .filename(src)
        .busy_timeout(Duration::from_secs(10));
    let mut c = SqliteConnection::connect_with(&opts).await?;
    sqlx::query("VACUUM INTO $1")
        .bind(utf8(dest)?)
        .execute(&mut c)
        .await?;
    c.close().await?;
    Ok(())
}

/// A read-only connection to a database file that must exist.
async fn open_read_only(path: &Path) -> Result<SqliteConnection, StoreError> {
    if !path.is_file() {
        return Err(StoreError::Unavailable(format!(
            "no database at {}",
            path.display()
        )));
    }
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(Duration::from_secs(10));
    Ok(SqliteConnection::connect_with(&opts).await?)
}

/// The schema version, row counts and attachment hashes of a database file.
pub async fn sqlite_contents(path: &Path) -> Result<Contents, StoreError> {
    let mut c = open_read_only(path).await?;
    let present: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut c)
            .await?;
    let has = |t: &str| present.iter().any(|p| p == t);
    let schema_version = if has("_sqlx_migrations") {
        sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MAX(version) FROM _sqlx_migrations WHERE success",
        )
        .fetch_one(&mut c)
        .await?
        .unwrap_or(0)
    } else {
        0
    };
    let mut counts = Vec::new();
    for table in crate::TABLES.iter().filter(|t| has(t)) {
        // Table names come from the constant list, never from input.
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&mut c)
            .await?;
        counts.push(((*table).to_string(), n));
    }
    let file_hashes = if has("files") {
        sqlx::query_scalar("SELECT hash FROM files ORDER BY hash")
            .fetch_all(&mut c)
            .await?
    } else {
        Vec::new()
    };
    c.close().await?;
    Ok(Contents {
        schema_version,
        counts,
        file_hashes,
    })
}

/// SQLite's `PRAGMA integrity_check`: `["ok"]` for a sound file, otherwise the problems found.
pub async fn sqlite_integrity_check(path: &Path) -> Result<Vec<String>, StoreError> {
    let mut c = open_read_only(path).await?;
    let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut c)
        .await?;
    c.close().await?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{DbConfig, Store, sqlite_path};

    #[tokio::test]
    async fn a_snapshot_of_a_live_database_holds_its_rows_and_passes_the_integrity_check() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = DbConfig::sqlite_in(dir.path());
        let store = Store::open(&cfg).await.unwrap();
        let mut w = store.write().await.unwrap();
        crate::files::add_file(&mut w.conn(), &"ab".repeat(32), 3, "application/pdf", 1)
            .await
            .unwrap();
        w.commit().await.unwrap();
        let copy = dir.path().join("copy.db");
        sqlite_snapshot(&sqlite_path(&cfg.url), &copy)
            .await
            .unwrap();
        store.close().await;

        let c = sqlite_contents(&copy).await.unwrap();
        assert_eq!(c.schema_version, crate::migrate::binary_version());
        assert_eq!(c.file_hashes, vec!["ab".repeat(32)]);
        assert!(c.counts.iter().any(|(t, n)| t == "files" && *n == 1));
        assert_eq!(c.counts.len(), crate::TABLES.len());
        assert_eq!(sqlite_integrity_check(&copy).await.unwrap(), vec!["ok"]);
    }

    #[tokio::test]
    async fn a_missing_database_is_refused_rather_than_created() {
        let dir = tempfile::tempdir().unwrap();
        let absent = dir.path().join("absent.db");
        assert!(
            sqlite_snapshot(&absent, &dir.path().join("c.db"))
                .await
                .is_err()
        );
        assert!(sqlite_contents(&absent).await.is_err());
        assert!(!absent.exists());
    }
}
