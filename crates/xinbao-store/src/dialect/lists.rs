//! Lists bound as one parameter, the way their text differs between the backends.
//!
//! PostgreSQL binds the list as one array (`column = ANY($n)`); SQLite binds it as one JSON
//! array of text and reads it back with `json_each` (`column IN (SELECT value FROM
//! json_each($n))`). Either way the query text is the same whatever the values, so each
//! connection prepares it once, and no value is ever pasted into SQL text. (Listing ids in
//! the text made every call a statement new to the connection, which costs PostgreSQL a round
//! trip and a plan of its own before the query runs, and evicts others from its cache.)

use crate::{Conn, StoreError, with_conn};
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{AssertSqlSafe, FromRow, Postgres, Sqlite};

/// Where a query's text has the list: `{ids}` stands for the membership test of the list
/// bound after the query's own parameters, as in `… WHERE item_id {ids} ORDER BY id`.
const IDS: &str = "{ids}";

/// A list of values bound as one parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum List<'a> {
    Ints(&'a [i64]),
    Texts(&'a [&'a str]),
}

impl List<'_> {
    fn is_empty(&self) -> bool {
        match self {
            List::Ints(v) => v.is_empty(),
            List::Texts(v) => v.is_empty(),
        }
    }

    /// The list as one JSON array, for SQLite's `json_each`.
    fn json(&self) -> String {
        match self {
            List::Ints(v) => serde_json::Value::from(v.to_vec()).to_string(),
            List::Texts(v) => serde_json::Value::from(v.to_vec()).to_string(),
        }
    }
}

/// The membership test of a list bound as parameter `$n`: ` = ANY($n)` on PostgreSQL,
/// ` IN (SELECT value FROM json_each($n))` on SQLite. Bind the list with [`BindList`].
pub(crate) fn in_list(c: &Conn<'_>, n: usize) -> String {
    match c {
        Conn::Pg(_) => format!("= ANY(${n})"),
        Conn::Sqlite(_) => format!("IN (SELECT value FROM json_each(${n}))"),
    }
}

/// Binds a [`List`] as the next parameter of a query, as its backend's [`in_list`] reads it.
pub(crate) trait BindList: Sized {
    fn bind_list(self, list: List<'_>) -> Self;
}

fn pg_texts(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl BindList for Query<'_, Sqlite, SqliteArguments> {
    fn bind_list(self, list: List<'_>) -> Self {
        self.bind(list.json())
    }
}

impl<'q, O> BindList for QueryAs<'q, Sqlite, O, SqliteArguments> {
    fn bind_list(self, list: List<'_>) -> Self {
        self.bind(list.json())
    }
}

impl<'q, O> BindList for QueryScalar<'q, Sqlite, O, SqliteArguments> {
    fn bind_list(self, list: List<'_>) -> Self {
        self.bind(list.json())
    }
}

impl<'q> BindList for Query<'q, Postgres, PgArguments> {
    fn bind_list(self, list: List<'_>) -> Self {
        match list {
            List::Ints(v) => self.bind(v.to_vec()),
            List::Texts(v) => self.bind(pg_texts(v)),
        }
    }
}

impl<'q, O> BindList for QueryAs<'q, Postgres, O, PgArguments> {
    fn bind_list(self, list: List<'_>) -> Self {
        match list {
            List::Ints(v) => self.bind(v.to_vec()),
            List::Texts(v) => self.bind(pg_texts(v)),
        }
    }
}

impl<'q, O> BindList for QueryScalar<'q, Postgres, O, PgArguments> {
    fn bind_list(self, list: List<'_>) -> Self {
        match list {
            List::Ints(v) => self.bind(v.to_vec()),
            List::Texts(v) => self.bind(pg_texts(v)),
        }
    }
}

/// Every row `sql` (ours, never user input, with [`IDS`] in it) selects.
pub(crate) async fn fetch_by<T>(
    c: &mut Conn<'_>,
    sql: &str,
    ids: &[i64],
) -> Result<Vec<T>, StoreError>
where
    T: Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>,
{
    fetch_by_after(c, sql, &[], List::Ints(ids)).await
}

/// [`fetch_by`] for a query with parameters of its own, `$1` to `$n` bound to `args` in
/// order; the list is parameter `$n+1`.
pub(crate) async fn fetch_by_after<T>(
    c: &mut Conn<'_>,
    sql: &str,
    args: &[i64],
    list: List<'_>,
) -> Result<Vec<T>, StoreError>
where
    T: Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>,
{
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let sql = sql.replace(IDS, &in_list(c, args.len() + 1));
    Ok(with_conn!(c, |x| {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        for a in args {
            q = q.bind(*a);
        }
        q.bind_list(list).fetch_all(x).await
    })?)
}

/// Runs `sql` (a `DELETE` or an `UPDATE`, with [`IDS`] in it).
pub(crate) async fn execute_by(c: &mut Conn<'_>, sql: &str, ids: &[i64]) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let sql = sql.replace(IDS, &in_list(c, 1));
    with_conn!(c, |x| sqlx::query(AssertSqlSafe(sql))
        .bind_list(List::Ints(ids))
        .execute(x)
        .await
        .map(|_| ()))?;
    Ok(())
}
