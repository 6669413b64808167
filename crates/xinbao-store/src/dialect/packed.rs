//! A range of rows handed over by the database in one piece: one JSON value built by SQLite,
//! a `COPY … TO STDOUT` in CSV out of PostgreSQL.

use crate::score_ranges::Packed;
use crate::{Conn, StoreError};
use futures_util::TryStreamExt;
use sqlx::AssertSqlSafe;

/// `SELECT {columns} FROM {table} WHERE id > lo AND id <= hi AND ({filter})` in one piece,
/// none when no row matches. `columns`, `table` and `filter` are ours, never input; `filter`
/// may use `$3` for `since`.
pub async fn range(
    c: &mut Conn<'_>,
    columns: &str,
    table: &str,
    filter: &str,
    (lo, hi): (i64, i64),
    since: i64,
) -> Result<Option<Packed>, StoreError> {
    match c {
        // SQLite packs JSON for a third less than one `format` call per row of text.
        Conn::Sqlite(x) => {
            let sql = AssertSqlSafe(format!(
                "SELECT json_group_array(json_array({columns})) FROM {table} \
                 WHERE id > $1 AND id <= $2 AND ({filter})"
            ));
            let json: Option<String> = sqlx::query_scalar(sql)
                .bind(lo)
                .bind(hi)
                .bind(since)
                .fetch_one(&mut **x)
                .await?;
            Ok(json.map(Packed::Json))
        }
        // PostgreSQL's bulk way out: its scan writes each row once, with no aggregate
        // building a value (`json_agg` cost it 1.8–2.0 s for a province, concatenation
        // 1.2–1.7 s, one array per column a call and an allocation per value to send).
        // `COPY` takes no parameters: the one place values are written into the text, and
        // they are integers, so they cannot carry SQL.
        Conn::Pg(x) => {
            let filter = filter.replace("$3", &since.to_string());
            let sql = format!(
                "COPY (SELECT {columns} FROM {table} WHERE id > {lo} AND id <= {hi} \
                 AND ({filter})) TO STDOUT WITH (FORMAT csv)"
            );
            let mut out = Vec::new();
            let mut stream = x.copy_out_raw(&sql).await?;
            while let Some(chunk) = stream.try_next().await? {
                out.extend_from_slice(&chunk);
            }
            Ok((!out.is_empty()).then_some(Packed::Csv(out)))
        }
    }
}
