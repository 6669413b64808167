//! Server-level helpers for PostgreSQL: making a fresh database (benchmarks, tests).

use crate::StoreError;
use sqlx::Connection;

/// `name` if it is a plain identifier (so it may stand in SQL text as a name).
fn plain(name: &str) -> Result<&str, StoreError> {
    if name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        Ok(name)
    } else {
        Err(StoreError::Other(format!(
            "not a plain database name: {name}"
        )))
    }
}

/// Drops (if present) and creates database `name` on the server of `admin_url`; returns
/// the new database's URL. `name` must be a plain identifier.
pub async fn recreate_database(admin_url: &str, name: &str) -> Result<String, StoreError> {
    let name = plain(name)?;
    drop_database(admin_url, name).await?;
    let mut conn = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await?;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    Ok(format!("{base}/{name}"))
}

/// Drops database `name` (if present) on the server of `admin_url`, ending its sessions.
pub async fn drop_database(admin_url: &str, name: &str) -> Result<(), StoreError> {
    let name = plain(name)?;
    let mut conn = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut conn)
    .await?;
    Ok(())
}

/// Refreshes the planner's statistics after a bulk load (see [`crate::dialect::schema::analyze`]).
pub async fn analyze(store: &crate::Store) -> Result<(), StoreError> {
    crate::dialect::schema::analyze(store).await
}
