//! Copying a whole installation between backends (`xinbao transfer-db`), and the table
//! dumps that prove a copy is exact. One side must be PostgreSQL: its catalogue supplies the
//! column types, so the copy needs no per-table code.

use crate::db::{Read, Store};
use crate::{Conn, StoreError, TABLES, with_conn};
use futures_util::TryStreamExt;
use sqlx::{QueryBuilder, Row};

/// One cell, whatever the backend.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Bool(bool),
    Text(String),
    Bytes(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Int,
    Real,
    Bool,
    Text,
    Bytes,
}

/// Column names and types of a table, from PostgreSQL's catalogue.
async fn columns(pg: &Store, table: &str) -> Result<Vec<(String, Ty)>, StoreError> {
    let rows = crate::dialect::schema::column_types(pg, table).await?;
    rows.into_iter()
        .map(|(name, ty)| {
            let t = match ty.as_str() {
                "bigint" | "integer" | "smallint" => Ty::Int,
                "double precision" | "real" | "numeric" => Ty::Real,
                "boolean" => Ty::Bool,
                "bytea" => Ty::Bytes,
                "text" | "character varying" => Ty::Text,
                other => {
                    return Err(StoreError::Other(format!(
                        "{table}.{name}: unsupported type {other}"
                    )));
                }
            };
            Ok((name, t))
        })
        .collect()
}

fn decode<R: Row>(row: &R, i: usize, ty: Ty) -> Result<Value, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<f64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<bool>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<Vec<u8>>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(match ty {
        Ty::Int => row
            .try_get::<Option<i64>, _>(i)?
            .map_or(Value::Null, Value::Int),
        Ty::Real => row
            .try_get::<Option<f64>, _>(i)?
            .map_or(Value::Null, Value::Real),
        Ty::Bool => row
            .try_get::<Option<bool>, _>(i)?
            .map_or(Value::Null, Value::Bool),
        // Rows written before the text rule may hold NUL, which PostgreSQL refuses: dropped.
        Ty::Text => row
            .try_get::<Option<String>, _>(i)?
            .map_or(Value::Null, |s| {
                Value::Text(xinbao_domain::text::cleaned(&s).into_owned())
            }),
        Ty::Bytes => row
            .try_get::<Option<Vec<u8>>, _>(i)?
            .map_or(Value::Null, Value::Bytes),
    })
}

async fn read_all(
    c: &mut Conn<'_>,
    table: &str,
    cols: &[(String, Ty)],
) -> Result<Vec<Vec<Value>>, StoreError> {
    let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
    let order: Vec<String> = (1..=cols.len()).map(|i| i.to_string()).collect();
    let sql = format!(
        "SELECT {} FROM {table} ORDER BY {}",
        names.join(", "),
        order.join(", ")
    );
    let mut out = Vec::new();
    with_conn!(c, |x| {
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(x);
        while let Some(row) = rows.try_next().await? {
            let vals: Result<Vec<Value>, sqlx::Error> = cols
                .iter()
                .enumerate()
                .map(|(i, (_, t))| decode(&row, i, *t))
                .collect();
            out.push(vals?);
        }
        Ok::<(), StoreError>(())
    })?;
    Ok(out)
}

macro_rules! push_value {
    ($b:expr, $v:expr) => {
        match $v {
            Value::Null => $b.push_bind(None::<i64>),
            Value::Int(i) => $b.push_bind(i),
            Value::Real(f) => $b.push_bind(f),
            Value::Bool(x) => $b.push_bind(x),
            Value::Text(s) => $b.push_bind(s),
            Value::Bytes(y) => $b.push_bind(y),
        }
    };
}

async fn insert_rows(
    c: &mut Conn<'_>,
    table: &str,
    cols: &[(String, Ty)],
    rows: Vec<Vec<Value>>,
) -> Result<(), StoreError> {
    let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
    let head = format!("INSERT INTO {table} ({}) ", names.join(", "));
    let per_batch = (30_000 / cols.len().max(1)).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<Vec<Value>> = rows.by_ref().take(per_batch).collect();
        with_conn!(c, |x| {
            let mut qb = QueryBuilder::new(head.clone());
            qb.push_values(batch, |mut b, row| {
                for v in row {
                    push_value!(b, v);
                }
            });
            qb.build().execute(x).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// Every row of a table, ordered by all its columns: equal dumps mean equal tables.
pub async fn dump_table(
    store: &Store,
    pg: &Store,
    table: &str,
) -> Result<Vec<Vec<Value>>, StoreError> {
    let cols = columns(pg, table).await?;
    let mut r = store.read().await?;
    read_all(&mut r.conn(), table, &cols).await
}

/// Copies every table from `from` into the empty database `to`, in one transaction on the
/// target. Returns the number of rows copied per table.
pub async fn transfer(from: &Store, to: &Store) -> Result<Vec<(String, usize)>, StoreError> {
    let pg = crate::dialect::schema::typed_side(from, to)
        .ok_or_else(|| StoreError::Other("one side of a transfer must be PostgreSQL".into()))?;
    crate::migrate::apply(from).await?;
    crate::migrate::apply(to).await?;
    let mut tx = to.write().await?;
    // Tables the migrations seed are replaced by the source's rows (the audit chain's head
    // goes with the records it seals).
    let seeded = ["unit_kinds", "calendar_days", "audit_chain"];
    for table in TABLES.iter().filter(|t| !seeded.contains(*t)) {
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}"));
        let n: i64 = with_conn!(&mut tx.conn(), |x| sqlx::query_scalar(sql)
            .fetch_one(x)
            .await)?;
        if n > 0 {
            return Err(StoreError::Other(format!(
                "the target database is not empty: {table} has {n} rows"
            )));
        }
    }
    with_conn!(&mut tx.conn(), |x| sqlx::query("DELETE FROM calendar_days")
        .execute(x)
        .await
        .map(|_| ()))?;
    with_conn!(&mut tx.conn(), |x| sqlx::query("DELETE FROM audit_chain")
        .execute(x)
        .await
        .map(|_| ()))?;
    with_conn!(&mut tx.conn(), |x| sqlx::query("DELETE FROM unit_kinds")
        .execute(x)
        .await
        .map(|_| ()))?;
    let mut report = Vec::new();
    let mut src: Read = from.read().await?;
    for table in TABLES {
        let cols = columns(pg, table).await?;
        let rows = read_all(&mut src.conn(), table, &cols).await?;
        report.push((table.to_string(), rows.len()));
        insert_rows(&mut tx.conn(), table, &cols, rows).await?;
        if cols.iter().any(|(n, _)| n == "id") {
            crate::dialect::schema::follow_copied_ids(&mut tx.conn(), table).await?;
        }
    }
    tx.commit().await?;
    Ok(report)
}
