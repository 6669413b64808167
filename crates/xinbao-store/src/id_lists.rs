//! Queries on a list of ids, the one way their text differs between the backends.
//!
//! PostgreSQL binds the list as one array (`column = ANY($1)`): the query text is the same
//! whatever the ids, so each connection prepares it once. Listing the ids in the text made
//! every call a statement new to the connection, which costs PostgreSQL a round trip and a
//! plan of its own before the query runs (and evicts others from the statement cache).
//! SQLite runs in process and prepares cheaply: the ids are listed in the text, all in one
//! statement (its limit is a billion bytes of text), so an `ORDER BY` orders them all.

use crate::{Conn, StoreError, id_list};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, FromRow};

/// Where a query's text has the list: `{ids}` stands for `= ANY($n)` on PostgreSQL (the
/// parameter after the query's own) and for `IN (1,2,3)` on SQLite, as in
/// `… WHERE item_id {ids} ORDER BY id`.
const IDS: &str = "{ids}";

/// Every row `sql` (ours, never user input, with [`IDS`] in it) selects.
pub(crate) async fn fetch_by<T>(
    c: &mut Conn<'_>,
    sql: &str,
    ids: &[i64],
) -> Result<Vec<T>, StoreError>
where
    T: Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>,
{
    fetch_by_after(c, sql, &[], ids).await
}

/// [`fetch_by`] for a query with parameters of its own, `$1` to `$n` bound to `args` in
/// order; the list is parameter `$n+1` on PostgreSQL.
pub(crate) async fn fetch_by_after<T>(
    c: &mut Conn<'_>,
    sql: &str,
    args: &[i64],
    ids: &[i64],
) -> Result<Vec<T>, StoreError>
where
    T: Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    match c {
        Conn::Pg(x) => {
            let list = format!("= ANY(${})", args.len() + 1);
            let mut q = sqlx::query_as(AssertSqlSafe(sql.replace(IDS, &list)));
            for a in args {
                q = q.bind(*a);
            }
            Ok(q.bind(ids).fetch_all(&mut **x).await?)
        }
        Conn::Sqlite(x) => {
            let list = format!("IN ({})", id_list(ids));
            let mut q = sqlx::query_as(AssertSqlSafe(sql.replace(IDS, &list)));
            for a in args {
                q = q.bind(*a);
            }
            Ok(q.fetch_all(&mut **x).await?)
        }
    }
}

/// Runs `sql` (a `DELETE` or an `UPDATE`, with [`IDS`] in it).
pub(crate) async fn execute_by(c: &mut Conn<'_>, sql: &str, ids: &[i64]) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    match c {
        Conn::Pg(x) => {
            let sql = AssertSqlSafe(sql.replace(IDS, "= ANY($1)"));
            sqlx::query(sql).bind(ids).execute(&mut **x).await?;
        }
        Conn::Sqlite(x) => {
            let sql = AssertSqlSafe(sql.replace(IDS, &format!("IN ({})", id_list(ids))));
            sqlx::query(sql).execute(&mut **x).await?;
        }
    }
    Ok(())
}
