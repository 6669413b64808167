//! Materialised score entries, and the item columns scoring reads, loaded in bulk.

use crate::{Conn, StoreError, with_conn};
use sqlx::{AssertSqlSafe, QueryBuilder};
use std::borrow::Cow;
use xinbao_domain::scoring::Level;

/// One entry as stored (points in hundredths, before yearly caps). Its kind and note are
/// codes: borrowed when computed, so a province's 1.6 million entries allocate none.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EntryRow {
    pub root_id: i64,
    pub office_id: i64,
    pub root_at: i64,
    pub unit_id: i64,
    pub event: i64,
    pub kind: Cow<'static, str>,
    pub at: i64,
    pub rule: String,
    pub points: i64,
    pub note: Option<Cow<'static, str>>,
}

const E_COLUMNS: &str = "root_id, office_id, root_at, unit_id, event, kind, at, rule, points, note";

/// What scoring needs of an item.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ScoreItem {
    pub id: i64,
    pub unit_id: i64,
    pub office_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub status: xinbao_domain::item::ItemStatus,
    #[sqlx(try_from = "String")]
    pub item_type: xinbao_domain::item::ItemType,
    pub submitted_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub periodical: Option<String>,
    pub source_item_id: Option<i64>,
    pub forwarded_item_id: Option<i64>,
    pub combined_into_id: Option<i64>,
    pub direct_report: bool,
    /// Leaders' instructions on it (an incremental update reads them only when there are).
    pub instruction_count: i64,
}

const I_COLUMNS: &str = "id, unit_id, office_id, status, item_type, submitted_at, decided_at, \
    periodical, source_item_id, forwarded_item_id, combined_into_id, direct_report, \
    instruction_count";

/// Rows per statement when rows are inserted.
const CHUNK: usize = 500;

/// Replaces the entries of `roots` with `rows`.
pub async fn replace(c: &mut Conn<'_>, roots: &[i64], rows: &[EntryRow]) -> Result<(), StoreError> {
    crate::dialect::execute_by(c, "DELETE FROM score_entries WHERE root_id {ids}", roots).await?;
    insert(c, rows).await
}

/// Adds entries (many rows per statement).
pub async fn insert(c: &mut Conn<'_>, rows: &[EntryRow]) -> Result<(), StoreError> {
    for chunk in rows.chunks(CHUNK) {
        with_conn!(c, |x| {
            let mut qb = QueryBuilder::new(format!("INSERT INTO score_entries ({E_COLUMNS}) "));
            qb.push_values(chunk, |mut b, r| {
                b.push_bind(r.root_id)
                    .push_bind(r.office_id)
                    .push_bind(r.root_at)
                    .push_bind(r.unit_id)
                    .push_bind(r.event)
                    .push_bind(&r.kind)
                    .push_bind(r.at)
                    .push_bind(&r.rule)
                    .push_bind(r.points)
                    .push_bind(&r.note);
            });
            qb.build().execute(x).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// Removes every entry of an office (`None`: of every office) before a rebuild.
pub async fn clear(c: &mut Conn<'_>, office: Option<i64>) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "DELETE FROM score_entries WHERE $1 IS NULL OR office_id = $1"
    )
    .bind(office)
    .execute(x)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// The entries of the items submitted to `office` in `[from, to)`.
pub async fn of_office(
    c: &mut Conn<'_>,
    office: i64,
    from: i64,
    to: i64,
) -> Result<Vec<EntryRow>, StoreError> {
    let sql = AssertSqlSafe(format!(
        "SELECT {E_COLUMNS} FROM score_entries WHERE office_id = $1 AND root_at >= $2 \
         AND root_at < $3"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(office)
        .bind(from)
        .bind(to)
        .fetch_all(x)
        .await)?)
}

/// Every entry, in a stable order.
pub async fn of_all(c: &mut Conn<'_>) -> Result<Vec<EntryRow>, StoreError> {
    let sql = AssertSqlSafe(format!(
        "SELECT {E_COLUMNS} FROM score_entries ORDER BY root_id, event, unit_id"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql).fetch_all(x).await)?)
}

/// Whether any entry is stored (a database from before materialisation has none).
pub async fn any(c: &mut Conn<'_>) -> Result<bool, StoreError> {
    let n: Option<i64> = with_conn!(c, |x| sqlx::query_scalar(
        "SELECT root_id FROM score_entries LIMIT 1"
    )
    .fetch_optional(x)
    .await)?;
    Ok(n.is_some())
}

/// Items by id (any order).
pub async fn items(c: &mut Conn<'_>, ids: &[i64]) -> Result<Vec<ScoreItem>, StoreError> {
    items_where(c, "id", ids).await
}

/// `ids` and every item below them: for each, the copies it was forwarded from, all the way
/// down, and the item it was combined into (one recursive query; the rows whose entries a
/// change to `ids` can alter, before they are filtered to the roots an office scores).
pub async fn items_below(c: &mut Conn<'_>, ids: &[i64]) -> Result<Vec<ScoreItem>, StoreError> {
    let sql = format!(
        "WITH RECURSIVE walk(id, source, combined) AS ( \
           SELECT id, source_item_id, combined_into_id FROM items WHERE id {{ids}} \
           UNION \
           SELECT i.id, i.source_item_id, i.combined_into_id FROM walk w, items i \
           WHERE i.id = w.source OR i.id = w.combined) \
         SELECT {I_COLUMNS} FROM items WHERE id IN (SELECT id FROM walk)"
    );
    crate::dialect::fetch_by(c, &sql, ids).await
}

/// The ids of every item at `office`.
pub async fn ids_at(c: &mut Conn<'_>, office: i64) -> Result<Vec<i64>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "SELECT id FROM items WHERE office_id = $1"
    )
    .bind(office)
    .fetch_all(x)
    .await)?)
}

/// Items combined into any of `ids` (their sources).
pub async fn combined_into(c: &mut Conn<'_>, ids: &[i64]) -> Result<Vec<ScoreItem>, StoreError> {
    items_where(c, "combined_into_id", ids).await
}

/// Items whose `column` (one of ours, never user input) is one of `ids`.
async fn items_where(
    c: &mut Conn<'_>,
    column: &'static str,
    ids: &[i64],
) -> Result<Vec<ScoreItem>, StoreError> {
    let sql = format!("SELECT {I_COLUMNS} FROM items WHERE {column} {{ids}}");
    crate::dialect::fetch_by(c, &sql, ids).await
}

/// A unit's items submitted since `from` and sent on upward.
pub async fn forwarded_of(
    c: &mut Conn<'_>,
    unit: i64,
    from: i64,
) -> Result<Vec<ScoreItem>, StoreError> {
    let sql = AssertSqlSafe(format!(
        "SELECT {I_COLUMNS} FROM items WHERE unit_id = $1 AND submitted_at >= $2 \
         AND forwarded_item_id IS NOT NULL"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(unit)
        .bind(from)
        .fetch_all(x)
        .await)?)
}

/// The roots an office scores: items submitted to it in `[from, to)`, not combined away.
pub async fn roots(
    c: &mut Conn<'_>,
    office: i64,
    from: i64,
    to: i64,
) -> Result<Vec<ScoreItem>, StoreError> {
    let sql = AssertSqlSafe(format!(
        "SELECT {I_COLUMNS} FROM items WHERE {} ORDER BY id",
        crate::items::SCORED
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(office)
        .bind(from)
        .bind(to)
        .fetch_all(x)
        .await)?)
}

/// An instruction as scoring sees it: (id, item, leader level, when).
pub type InstructionFact = (i64, i64, Level, i64);

/// The leader level read as its domain value (an unknown code is an error).
fn facts(rows: Vec<(i64, i64, String, i64)>) -> Result<Vec<InstructionFact>, StoreError> {
    rows.into_iter()
        .map(|(id, item, level, at)| Ok((id, item, Level::try_from(level)?, at)))
        .collect()
}

/// Instructions on `items`.
pub async fn instructions_on(
    c: &mut Conn<'_>,
    items: &[i64],
) -> Result<Vec<InstructionFact>, StoreError> {
    facts(
        crate::dialect::fetch_by(
            c,
            "SELECT id, item_id, leader_level, created_at FROM instructions WHERE item_id {ids}",
            items,
        )
        .await?,
    )
}

/// Every instruction given since `from`.
pub async fn instructions_since(
    c: &mut Conn<'_>,
    from: i64,
) -> Result<Vec<InstructionFact>, StoreError> {
    facts(with_conn!(c, |x| sqlx::query_as(
        "SELECT id, item_id, leader_level, created_at FROM instructions WHERE created_at >= $1"
    )
    .bind(from)
    .fetch_all(x)
    .await)?)
}

impl ScoreItem {
    /// The scoring columns of a full item row.
    pub fn of(i: &crate::items::ItemRow) -> ScoreItem {
        ScoreItem {
            id: i.id,
            unit_id: i.unit_id,
            office_id: i.office_id,
            status: i.status,
            item_type: i.item_type,
            submitted_at: i.submitted_at,
            decided_at: i.decided_at,
            periodical: i.periodical.clone(),
            source_item_id: i.source_item_id,
            forwarded_item_id: i.forwarded_item_id,
            combined_into_id: i.combined_into_id,
            direct_report: i.direct_report,
            instruction_count: i.instruction_count,
        }
    }
}
