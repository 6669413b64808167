//! Reading items: one, several, one with what every action on it needs, the items an office
//! scores, and counts by type.

use super::*;

pub async fn get(c: &mut Conn<'_>, id: i64) -> Result<Option<ItemRow>, StoreError> {
    let sql = AssertSqlSafe(format!("SELECT {COLUMNS} FROM items WHERE id = $1"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(x)
        .await)?)
}

#[derive(sqlx::FromRow)]
struct WithContext {
    #[sqlx(flatten)]
    item: ItemRow,
    shared_csv: Option<String>,
    rule_general: Option<String>,
    rule_important: Option<String>,
    rule_critical: Option<String>,
}

/// An item with what every action on it needs, in one query: the peer offices it was shared
/// with and its unit's sign-off rule (general, important, critical) if one is set.
pub async fn get_with_context(
    c: &mut Conn<'_>,
    id: i64,
) -> Result<Option<(ItemRow, Vec<i64>, Option<(String, String, String)>)>, StoreError> {
    let cols = crate::qualified(COLUMNS, "i");
    let sql = AssertSqlSafe(format!(
        "SELECT {cols}, (SELECT string_agg(CAST(s.office_id AS TEXT), ',') FROM item_shares s \
         WHERE s.item_id = i.id) AS shared_csv, r.general AS rule_general, \
         r.important AS rule_important, r.critical AS rule_critical \
         FROM items i LEFT JOIN signoff_rules r ON r.unit_id = i.unit_id WHERE i.id = $1"
    ));
    let row: Option<WithContext> =
        with_conn!(c, |x| sqlx::query_as(sql).bind(id).fetch_optional(x).await)?;
    Ok(row.map(|w| {
        let mut shared: Vec<i64> = w
            .shared_csv
            .unwrap_or_default()
            .split(',')
            .filter_map(|v| v.parse().ok())
            .collect();
        shared.sort_unstable();
        let rule = match (w.rule_general, w.rule_important, w.rule_critical) {
            (Some(g), Some(i), Some(k)) => Some((g, i, k)),
            _ => None,
        };
        (w.item, shared, rule)
    }))
}

/// The condition (office `$1`, `[$2, $3)`) for the items an office scores.
pub(crate) const SCORED: &str =
    "office_id = $1 AND submitted_at >= $2 AND submitted_at < $3 AND combined_into_id IS NULL";

/// The items submitted to an office in `[from, to)` that stand on their own (not merged into
/// another): the items the office scores.
pub async fn scored_at(
    c: &mut Conn<'_>,
    office: i64,
    from: i64,
    to: i64,
) -> Result<Vec<ItemRow>, StoreError> {
    let sql = AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM items WHERE {SCORED} ORDER BY id"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(office)
        .bind(from)
        .bind(to)
        .fetch_all(x)
        .await)?)
}

/// Items submitted to any of `offices` in `[from, to)`, oldest first.
pub async fn submitted_to(
    c: &mut Conn<'_>,
    offices: &[i64],
    from: i64,
    to: i64,
) -> Result<Vec<ItemRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM items WHERE office_id {{ids}} AND submitted_at >= $1 \
         AND submitted_at < $2 AND combined_into_id IS NULL ORDER BY submitted_at, id"
    );
    crate::dialect::fetch_by_after(c, &sql, &[from, to], crate::dialect::List::Ints(offices)).await
}

/// A unit's own items submitted in `[from, to)` by type: (type, sent, adopted).
pub async fn type_counts(
    c: &mut Conn<'_>,
    unit: i64,
    from: i64,
    to: i64,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT item_type, COUNT(*), CAST(SUM(CASE WHEN status IN ($4, $5) \
         THEN 1 ELSE 0 END) AS BIGINT) FROM items WHERE unit_id = $1 AND submitted_at >= $2 \
         AND submitted_at < $3 AND source_item_id IS NULL GROUP BY item_type ORDER BY item_type"
    )
    .bind(unit)
    .bind(from)
    .bind(to)
    .bind(ItemStatus::ADOPTED_AS_IS[0].code())
    .bind(ItemStatus::ADOPTED_AS_IS[1].code())
    .fetch_all(x)
    .await)?)
}

/// Several items by id, in no particular order (missing ids are left out).
pub async fn get_many(c: &mut Conn<'_>, ids: &[i64]) -> Result<Vec<ItemRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM items WHERE id {{ids}}");
    crate::dialect::fetch_by(c, &sql, ids).await
}

/// The sources merged into a combined item.
pub async fn sources_of(c: &mut Conn<'_>, combined: i64) -> Result<Vec<ItemRow>, StoreError> {
    let sql = AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM items WHERE combined_into_id = $1 ORDER BY id"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(combined)
        .fetch_all(x)
        .await)?)
}
