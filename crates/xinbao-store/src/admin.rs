//! Server-level helpers for PostgreSQL: making a fresh database (benchmarks, tests).

use crate::StoreError;
use sqlx::Connection;

/// Drops (if present) and creates database `name` on the server of `admin_url`; returns
/// the new database's URL. `name` must be a plain identifier.
pub async fn recreate_database(admin_url: &str, name: &str) -> Result<String, StoreError> {
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(StoreError::Other(format!(
            "not a plain database name: {name}"
        )));
    }
    let mut conn = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut conn)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await?;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    Ok(format!("{base}/{name}"))
}

/// Refreshes the planner's statistics after a bulk load; on PostgreSQL also vacuums, so the
/// tables are read as a live database's are (hint bits set, visibility map current), not
/// rewritten by the first query that scans them, and checkpoints.
pub async fn analyze(store: &crate::Store) -> Result<(), StoreError> {
    let mut c = store.writer_connection().await?;
    match &mut c.conn() {
        crate::Conn::Sqlite(x) => sqlx::query("ANALYZE").execute(&mut **x).await.map(|_| ())?,
        crate::Conn::Pg(x) => {
            sqlx::query("VACUUM ANALYZE").execute(&mut **x).await?;
            // The dirty pages written out now, not by the checkpointer during what follows
            // (it needs a superuser or pg_checkpoint; without either, the next timed
            // checkpoint does it).
            if let Err(e) = sqlx::query("CHECKPOINT").execute(&mut **x).await {
                tracing::info!(error = %e, "no checkpoint after the bulk load");
            }
        }
    }
    Ok(())
}
