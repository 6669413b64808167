//! Item lists: an office's inbox with filters, sorting, paging and counts per state; a unit's
//! own items; items shared with an office.

use crate::{Conn, StoreError, with_conn};
use sqlx::AssertSqlSafe;

/// One line of a list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ItemLine {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub item_type: String,
    pub importance: String,
    pub urgency: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_kind: String,
    pub office_id: Option<i64>,
    pub topics: String,
    pub submitted_at: Option<i64>,
    pub updated_at: i64,
    pub claimed_by: Option<i64>,
    pub claimed_by_name: Option<String>,
    pub claimed_until: Option<i64>,
    pub version: i64,
}

const LINE: &str = "SELECT i.id, i.title, i.status, i.item_type, i.importance, i.urgency, i.unit_id, u.name AS unit_name, \
    u.kind AS unit_kind, i.office_id, i.topics, i.submitted_at, i.updated_at, i.claimed_by, p.name AS claimed_by_name, \
    i.claimed_until, i.version FROM items i JOIN units u ON u.id = i.unit_id LEFT JOIN people p ON p.id = i.claimed_by";

/// Inbox filters; empty fields do not filter. Dates are UTC ms on `submitted_at`.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub statuses: Vec<String>,
    pub unit_id: Option<i64>,
    pub unit_kind: Option<String>,
    pub item_type: Option<String>,
    pub urgency: Option<String>,
    pub topic: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub q: Option<String>,
    /// `newest` (default), `oldest`, `updated` or `title`.
    pub sort: String,
}

fn like(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|t| format!("%{}%", t.replace(['%', '_'], "")))
}

/// The WHERE clause for an office and a filter (statuses are domain codes, never user text).
fn where_clause(f: &Filter, with_status: bool) -> String {
    let mut w = String::from("i.office_id = $1 AND i.status NOT IN ('draft', 'awaiting_signoff')");
    if with_status && !f.statuses.is_empty() {
        let list: Vec<String> = f
            .statuses
            .iter()
            .map(|s| {
                format!(
                    "'{}'",
                    s.replace(|c: char| !c.is_ascii_lowercase() && c != '_', "")
                )
            })
            .collect();
        w.push_str(&format!(" AND i.status IN ({})", list.join(", ")));
    }
    w.push_str(
        " AND ($2 IS NULL OR i.unit_id = $2) AND ($3 IS NULL OR u.kind = $3) AND ($4 IS NULL OR i.item_type = $4) \
         AND ($5 IS NULL OR i.urgency = $5) AND ($6 IS NULL OR i.topics LIKE $6) AND ($7 IS NULL OR i.submitted_at >= $7) \
         AND ($8 IS NULL OR i.submitted_at < $8) AND ($9 IS NULL OR i.title LIKE $9)",
    );
    w
}

fn order(sort: &str) -> &'static str {
    match sort {
        "oldest" => "i.urgent_rank DESC, i.submitted_at ASC, i.id ASC",
        "updated" => "i.urgent_rank DESC, i.updated_at DESC, i.id DESC",
        "title" => "i.urgent_rank DESC, i.title ASC, i.id ASC",
        _ => "i.urgent_rank DESC, i.submitted_at DESC, i.id DESC",
    }
}

macro_rules! bind_filter {
    ($q:expr, $office:expr, $f:expr) => {
        $q.bind($office)
            .bind($f.unit_id)
            .bind(&$f.unit_kind)
            .bind(&$f.item_type)
            .bind(&$f.urgency)
            .bind(like(&$f.topic))
            .bind($f.from)
            .bind($f.to)
            .bind(like(&$f.q))
    };
}

/// One page of an office's inbox, urgent items first.
pub async fn page(
    c: &mut Conn<'_>,
    office: i64,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<Vec<ItemLine>, StoreError> {
    let sql = format!(
        "{LINE} WHERE {} ORDER BY {} LIMIT $10 OFFSET $11",
        where_clause(f, true),
        order(&f.sort)
    );
    let sql = AssertSqlSafe(sql);
    Ok(with_conn!(c, |x| bind_filter!(
        sqlx::query_as(sql),
        office,
        f
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(x)
    .await)?)
}

/// How many items of the filtered inbox are in each state.
pub async fn counts(
    c: &mut Conn<'_>,
    office: i64,
    f: &Filter,
) -> Result<Vec<(String, i64)>, StoreError> {
    let sql = format!(
        "SELECT i.status, COUNT(*) FROM items i JOIN units u ON u.id = i.unit_id WHERE {} GROUP BY i.status",
        where_clause(f, false)
    );
    let sql = AssertSqlSafe(sql);
    Ok(with_conn!(c, |x| bind_filter!(
        sqlx::query_as(sql),
        office,
        f
    )
    .fetch_all(x)
    .await)?)
}

/// A unit's own items, newest first.
pub async fn of_unit(
    c: &mut Conn<'_>,
    unit: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<ItemLine>, StoreError> {
    let sql = AssertSqlSafe(format!(
        "{LINE} WHERE i.unit_id = $1 ORDER BY i.updated_at DESC, i.id DESC LIMIT $2 OFFSET $3"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(unit)
        .bind(limit)
        .bind(offset)
        .fetch_all(x)
        .await)?)
}

/// Items of a unit waiting for its sign-off.
pub async fn awaiting_signoff(c: &mut Conn<'_>, unit: i64) -> Result<Vec<ItemLine>, StoreError> {
    let sql = AssertSqlSafe(format!(
        "{LINE} WHERE i.unit_id = $1 AND i.status = 'awaiting_signoff' ORDER BY i.urgent_rank DESC, i.updated_at"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(unit)
        .fetch_all(x)
        .await)?)
}

/// Items shared sideways with an office, newest first.
pub async fn shared_with_office(
    c: &mut Conn<'_>,
    office: i64,
    limit: i64,
) -> Result<Vec<ItemLine>, StoreError> {
    let sql = AssertSqlSafe(format!(
        "{LINE} JOIN item_shares s ON s.item_id = i.id WHERE s.office_id = $1 ORDER BY s.at DESC LIMIT $2"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(office)
        .bind(limit)
        .fetch_all(x)
        .await)?)
}
