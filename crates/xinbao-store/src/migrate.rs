//! Embedded, versioned, forward-only migrations, applied at start. A database whose schema
//! is newer than this binary is refused rather than touched.

use crate::db::Store;
use crate::error::StoreError;
use crate::with_conn;
use sqlx::migrate::Migrator;

pub(crate) static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
pub(crate) static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// The newest schema version this binary knows.
pub fn binary_version() -> i64 {
    SQLITE.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The newest schema version applied to the database (0 for an empty database).
pub async fn schema_version(store: &Store) -> Result<i64, StoreError> {
    let mut conn = store.writer_connection().await?;
    let mut c = conn.conn();
    let v: Result<Option<i64>, sqlx::Error> = with_conn!(&mut c, |x| {
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(x)
            .await
    });
    match v {
        Ok(v) => Ok(v.unwrap_or(0)),
        Err(sqlx::Error::Database(_)) => Ok(0),
        Err(e) => Err(e.into()),
    }
}

/// Applies every pending migration, after refusing a database newer than the binary.
pub async fn apply(store: &Store) -> Result<(), StoreError> {
    let db = schema_version(store).await?;
    let binary = binary_version();
    if db > binary {
        return Err(StoreError::SchemaTooNew { db, binary });
    }
    let mut conn = store.writer_connection().await?;
    crate::dialect::schema::migrate(&mut conn, None).await?;
    tracing::info!(from = db, to = binary, "database schema is current");
    Ok(())
}

/// Applies migrations up to and including `version` only: lets tests build a database as an
/// older binary left it, to prove that a newer binary upgrades it without losing data.
pub async fn apply_up_to(store: &Store, version: i64) -> Result<(), StoreError> {
    let mut conn = store.writer_connection().await?;
    crate::dialect::schema::migrate(&mut conn, Some(version)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_dialects_have_the_same_migration_versions() {
        let a: Vec<i64> = SQLITE.iter().map(|m| m.version).collect();
        let b: Vec<i64> = POSTGRES.iter().map(|m| m.version).collect();
        assert_eq!(a, b);
        assert!(binary_version() >= 1);
    }
}
