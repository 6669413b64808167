//! Item lists: an office's inbox with filters, sorting, paging and counts per state; a unit's
//! own items; items shared with an office.

use crate::{Conn, StoreError, with_conn};
use sqlx::{AssertSqlSafe, QueryBuilder};
use xinbao_domain::UnitKind;
use xinbao_domain::item::{Importance, ItemStatus, ItemType, Urgency};

/// One line of a list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ItemLine {
    pub id: i64,
    pub title: String,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: ItemStatus,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub item_type: ItemType,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub importance: Importance,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub urgency: Urgency,
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
    pub statuses: Vec<ItemStatus>,
    pub unit_id: Option<i64>,
    pub unit_kind: Option<UnitKind>,
    pub item_type: Option<ItemType>,
    pub urgency: Option<Urgency>,
    pub topic: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub q: Option<String>,
    /// `newest` (default), `oldest`, `updated` or `title`.
    pub sort: String,
}

impl Filter {
    /// No filter narrows the items (states and sorting aside): the plain inbox.
    pub fn is_plain(&self) -> bool {
        self.unit_id.is_none()
            && self.unit_kind.is_none()
            && self.item_type.is_none()
            && self.urgency.is_none()
            && self.topic.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.q.is_none()
    }
}

pub(crate) fn like(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|t| format!("%{}%", t.replace(['%', '_'], "")))
}

fn order(sort: &str) -> &'static str {
    match sort {
        "oldest" => "i.urgent_rank DESC, i.submitted_at ASC, i.id ASC",
        "updated" => "i.urgent_rank DESC, i.updated_at DESC, i.id DESC",
        "title" => "i.urgent_rank DESC, i.title ASC, i.id ASC",
        _ => "i.urgent_rank DESC, i.submitted_at DESC, i.id DESC",
    }
}

/// Appends the office and the active filters only, so each query has the plan its filters
/// need (an unfiltered inbox reads just the index and the rows it shows).
macro_rules! push_filter {
    ($qb:expr, $office:expr, $f:expr, $with_status:expr) => {{
        $qb.push(" WHERE i.office_id = ")
            .push_bind($office)
            .push(" AND i.status NOT IN (")
            .push_bind(ItemStatus::NOT_SENT[0].code())
            .push(", ")
            .push_bind(ItemStatus::NOT_SENT[1].code())
            .push(")");
        if $with_status && !$f.statuses.is_empty() {
            $qb.push(" AND i.status IN (");
            let mut sep = $qb.separated(", ");
            for s in &$f.statuses {
                sep.push_bind(s.code());
            }
            $qb.push(")");
        }
        if let Some(v) = $f.unit_id {
            $qb.push(" AND i.unit_id = ").push_bind(v);
        }
        if let Some(v) = $f.unit_kind {
            $qb.push(" AND u.kind = ").push_bind(v.code());
        }
        if let Some(v) = $f.item_type {
            $qb.push(" AND i.item_type = ").push_bind(v.code());
        }
        if let Some(v) = $f.urgency {
            $qb.push(" AND i.urgency = ").push_bind(v.code());
        }
        if let Some(v) = like(&$f.topic) {
            $qb.push(" AND i.topics LIKE ").push_bind(v);
        }
        if let Some(v) = $f.from {
            $qb.push(" AND i.submitted_at >= ").push_bind(v);
        }
        if let Some(v) = $f.to {
            $qb.push(" AND i.submitted_at < ").push_bind(v);
        }
        if let Some(v) = like(&$f.q) {
            $qb.push(" AND i.title LIKE ").push_bind(v);
        }
    }};
}

/// One page of an office's inbox, urgent items first.
pub async fn page(
    c: &mut Conn<'_>,
    office: i64,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<Vec<ItemLine>, StoreError> {
    Ok(with_conn!(c, |x| {
        let mut qb = QueryBuilder::new(LINE);
        push_filter!(qb, office, f, true);
        qb.push(" ORDER BY ")
            .push(order(&f.sort))
            .push(" LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(offset);
        qb.build_query_as().fetch_all(x).await
    })?)
}

/// How many items of the filtered inbox are in each state.
pub async fn counts(
    c: &mut Conn<'_>,
    office: i64,
    f: &Filter,
) -> Result<Vec<(ItemStatus, i64)>, StoreError> {
    let join = if f.unit_kind.is_some() {
        " JOIN units u ON u.id = i.unit_id"
    } else {
        ""
    };
    let rows: Vec<(String, i64)> = with_conn!(c, |x| {
        let mut qb = QueryBuilder::new(format!("SELECT i.status, COUNT(*) FROM items i{join}"));
        push_filter!(qb, office, f, false);
        qb.push(" GROUP BY i.status");
        qb.build_query_as().fetch_all(x).await
    })?;
    rows.into_iter()
        .map(|(s, n)| Ok((ItemStatus::try_from(s)?, n)))
        .collect()
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
        "{LINE} WHERE i.unit_id = $1 AND i.status = $2 ORDER BY i.urgent_rank DESC, i.updated_at"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(unit)
        .bind(ItemStatus::AwaitingSignoff.code())
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
