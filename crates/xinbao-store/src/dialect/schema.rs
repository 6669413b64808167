//! Each backend's schema: its migrations, its statistics after a bulk load, its catalogue
//! and its identity sequences.

use crate::migrate::{POSTGRES, SQLITE};
use crate::{Backend, Conn, Read, Store, StoreError};

/// Applies this backend's migrations on `conn`: all of them, or those up to `version`.
pub(crate) async fn migrate(conn: &mut Read, version: Option<i64>) -> Result<(), StoreError> {
    match (conn, version) {
        (Read::Sqlite(c), None) => SQLITE.run(&mut **c).await?,
        (Read::Pg(c), None) => POSTGRES.run(&mut **c).await?,
        (Read::Sqlite(c), Some(v)) => SQLITE.run_to(v, &mut **c).await?,
        (Read::Pg(c), Some(v)) => POSTGRES.run_to(v, &mut **c).await?,
    }
    Ok(())
}

/// Refreshes the planner's statistics after a bulk load; on PostgreSQL also vacuums, so the
/// tables are read as a live database's are (hint bits set, visibility map current), not
/// rewritten by the first query that scans them, and checkpoints.
pub async fn analyze(store: &Store) -> Result<(), StoreError> {
    let mut c = store.writer_connection().await?;
    match &mut c.conn() {
        Conn::Sqlite(x) => sqlx::query("ANALYZE").execute(&mut **x).await.map(|_| ())?,
        Conn::Pg(x) => {
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

/// The names of the tables in the database (migrations' own bookkeeping left out), sorted.
pub async fn table_names(c: &mut Conn<'_>) -> Result<Vec<String>, StoreError> {
    let mut names: Vec<String> = match c {
        Conn::Sqlite(x) => {
            sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
            )
            .fetch_all(&mut **x)
            .await?
        }
        Conn::Pg(x) => {
            sqlx::query_scalar(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
                 AND tablename <> '_sqlx_migrations'",
            )
            .fetch_all(&mut **x)
            .await?
        }
    };
    names.sort();
    Ok(names)
}

/// The store whose catalogue knows the column types, of the two sides of a copy: the
/// PostgreSQL one (SQLite's columns have affinities, not types).
pub(crate) fn typed_side<'a>(from: &'a Store, to: &'a Store) -> Option<&'a Store> {
    match (from.backend(), to.backend()) {
        (_, Backend::Postgres) => Some(to),
        (Backend::Postgres, _) => Some(from),
        _ => None,
    }
}

/// Column names and their types' names of a table, from PostgreSQL's catalogue (`pg` is the
/// [`typed_side`] of a copy).
pub(crate) async fn column_types(
    pg: &Store,
    table: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    let mut r = pg.read().await?;
    let mut c = r.conn();
    Ok(crate::with_conn!(&mut c, |x| {
        sqlx::query_as(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(table)
        .fetch_all(x)
        .await
    })?)
}

/// After rows were copied in with their ids: the table's next id follows the largest, which
/// PostgreSQL's identity sequence must be told of (SQLite takes the largest rowid plus one).
/// `table` is one of [`crate::TABLES`].
pub(crate) async fn follow_copied_ids(c: &mut Conn<'_>, table: &str) -> Result<(), StoreError> {
    if let Conn::Pg(x) = c {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence($1, 'id'), \
             COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        ));
        sqlx::query(sql).bind(table).execute(&mut **x).await?;
    }
    Ok(())
}
