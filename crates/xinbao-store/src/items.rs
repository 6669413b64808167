//! Items, their revisions, the append-only event log and sideways shares.

use crate::dialect::{BindList, List, in_list};
use crate::{Conn, StoreError, with_conn};
use sqlx::AssertSqlSafe;
use xinbao_domain::MaybeCode;
use xinbao_domain::item::{Importance, ItemStatus, ItemType, Sensitivity, Urgency};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ItemRow {
    pub id: i64,
    pub unit_id: i64,
    pub office_id: Option<i64>,
    pub author_id: i64,
    pub title: String,
    pub body: String,
    pub body_text: String,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub item_type: ItemType,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub importance: Importance,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub urgency: Urgency,
    pub urgent_rank: i64,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub sensitivity: Sensitivity,
    pub topics: String,
    pub authors: String,
    pub contact_phone: Option<String>,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: ItemStatus,
    pub version: i64,
    pub revision: i64,
    pub source_item_id: Option<i64>,
    pub combined_into_id: Option<i64>,
    pub forwarded_item_id: Option<i64>,
    pub direct_report: bool,
    pub periodical: Option<String>,
    pub decline_reason: Option<String>,
    pub last_comment: Option<String>,
    pub signed_off_by: Option<i64>,
    pub signed_off_at: Option<i64>,
    pub received_by: Option<i64>,
    pub received_at: Option<i64>,
    pub claimed_by: Option<i64>,
    pub claimed_until: Option<i64>,
    pub submitted_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Leaders' instructions (批示) given on this item.
    pub instruction_count: i64,
}

const COLUMNS: &str = "id, unit_id, office_id, author_id, title, body, body_text, item_type, importance, urgency, \
    urgent_rank, sensitivity, topics, authors, contact_phone, status, version, revision, source_item_id, \
    combined_into_id, forwarded_item_id, direct_report, periodical, decline_reason, last_comment, signed_off_by, \
    signed_off_at, received_by, received_at, claimed_by, claimed_until, submitted_at, decided_at, created_at, updated_at, \
    instruction_count";

/// What the writer of an item sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    pub title: String,
    pub body: String,
    pub body_text: String,
    pub item_type: ItemType,
    pub importance: Importance,
    pub urgency: Urgency,
    pub urgent_rank: i64,
    pub sensitivity: Sensitivity,
    pub topics: String,
    pub authors: String,
    pub contact_phone: Option<String>,
}

impl From<&ItemRow> for Content {
    /// The content of an item as it stands (to copy it, e.g. when it is sent up).
    fn from(i: &ItemRow) -> Content {
        Content {
            title: i.title.clone(),
            body: i.body.clone(),
            body_text: i.body_text.clone(),
            item_type: i.item_type,
            importance: i.importance,
            urgency: i.urgency,
            urgent_rank: i.urgent_rank,
            sensitivity: i.sensitivity,
            topics: i.topics.clone(),
            authors: i.authors.clone(),
            contact_phone: i.contact_phone.clone(),
        }
    }
}

/// A new item row.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub unit_id: i64,
    pub office_id: Option<i64>,
    pub author_id: i64,
    pub content: Content,
    pub status: ItemStatus,
    pub source_item_id: Option<i64>,
    pub direct_report: bool,
    pub submitted_at: Option<i64>,
    /// Signed off at creation (the writer could sign it off themselves).
    pub signed_off_by: Option<i64>,
}

/// The insert of a new item, `$1` to `$20` (see [`insert_row`]).
const INSERT: &str = "INSERT INTO items (unit_id, office_id, author_id, title, body, body_text, item_type, importance, urgency, \
             urgent_rank, sensitivity, topics, authors, contact_phone, status, version, revision, source_item_id, \
             direct_report, submitted_at, created_at, updated_at, signed_off_by, signed_off_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, 1, $16, $17, $18, $19, $19, $20, \
             CASE WHEN $20 IS NULL THEN NULL ELSE $19 END)";

/// Binds a [`NewItem`] and the time to an [`INSERT`] query.
macro_rules! bind_new {
    ($q:expr, $n:expr, $now:expr) => {{
        let (n, k) = ($n, &$n.content);
        $q.bind(n.unit_id)
            .bind(n.office_id)
            .bind(n.author_id)
            .bind(&k.title)
            .bind(&k.body)
            .bind(&k.body_text)
            .bind(k.item_type.code())
            .bind(k.importance.code())
            .bind(k.urgency.code())
            .bind(k.urgent_rank)
            .bind(k.sensitivity.code())
            .bind(&k.topics)
            .bind(&k.authors)
            .bind(&k.contact_phone)
            .bind(n.status.code())
            .bind(n.source_item_id)
            .bind(n.direct_report)
            .bind(n.submitted_at)
            .bind($now)
            .bind(n.signed_off_by)
    }};
}

/// Inserts a new item; returns its id.
pub async fn insert(c: &mut Conn<'_>, n: &NewItem, now: i64) -> Result<i64, StoreError> {
    let sql = AssertSqlSafe(format!("{INSERT} RETURNING id"));
    Ok(with_conn!(c, |x| bind_new!(
        sqlx::query_scalar(sql),
        n,
        now
    )
    .fetch_one(x)
    .await)?)
}

/// Inserts a new item and returns its row as stored (so a reply needs no read after it).
pub async fn insert_row(c: &mut Conn<'_>, n: &NewItem, now: i64) -> Result<ItemRow, StoreError> {
    let sql = AssertSqlSafe(format!("{INSERT} RETURNING {COLUMNS}"));
    Ok(with_conn!(c, |x| bind_new!(sqlx::query_as(sql), n, now)
        .fetch_one(x)
        .await)?)
}

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

/// The stored codes of some states.
fn codes(states: &[ItemStatus]) -> Vec<&'static str> {
    states.iter().map(|s| s.code()).collect()
}

/// Saves new content as revision `revision + 1` if the item is still at `version` and in one
/// of `states`. Returns false otherwise (someone else saved, or the state moved on).
pub async fn update_content(
    c: &mut Conn<'_>,
    id: i64,
    version: i64,
    states: &[ItemStatus],
    k: &Content,
    now: i64,
) -> Result<bool, StoreError> {
    let sql = AssertSqlSafe(format!(
        "UPDATE items SET title = $1, body = $2, body_text = $3, item_type = $4, importance = $5, urgency = $6, \
         urgent_rank = $7, sensitivity = $8, topics = $9, authors = $10, contact_phone = $11, updated_at = $12, \
         version = version + 1, revision = revision + 1 WHERE id = $13 AND version = $14 AND status {}",
        in_list(c, 15)
    ));
    let n = with_conn!(c, |x| {
        sqlx::query(sql)
            .bind(&k.title)
            .bind(&k.body)
            .bind(&k.body_text)
            .bind(k.item_type.code())
            .bind(k.importance.code())
            .bind(k.urgency.code())
            .bind(k.urgent_rank)
            .bind(k.sensitivity.code())
            .bind(&k.topics)
            .bind(&k.authors)
            .bind(&k.contact_phone)
            .bind(now)
            .bind(id)
            .bind(version)
            .bind_list(List::Texts(&codes(states)))
            .execute(x)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Fields a transition may set besides the status (None leaves a field as it is).
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub last_comment: Option<String>,
    pub decline_reason: Option<String>,
    pub periodical: Option<String>,
    pub signed_off_by: Option<i64>,
    pub signed_off_at: Option<i64>,
    pub received_by: Option<i64>,
    pub received_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub combined_into_id: Option<i64>,
    pub forwarded_item_id: Option<i64>,
}

/// Moves an item from one of `from` to `to` (and, when given, only at `version`).
/// Returns false if the item was no longer in one of those states.
pub async fn set_status(
    c: &mut Conn<'_>,
    id: i64,
    version: Option<i64>,
    from: &[ItemStatus],
    to: ItemStatus,
    ch: &Changes,
    now: i64,
) -> Result<bool, StoreError> {
    let sql = AssertSqlSafe(format!(
        "UPDATE items SET status = $1, version = version + 1, updated_at = $2, \
         last_comment = COALESCE($3, last_comment), decline_reason = COALESCE($4, decline_reason), \
         periodical = COALESCE($5, periodical), signed_off_by = COALESCE($6, signed_off_by), \
         signed_off_at = COALESCE($7, signed_off_at), received_by = COALESCE($8, received_by), \
         received_at = COALESCE($9, received_at), submitted_at = COALESCE($10, submitted_at), \
         decided_at = COALESCE($11, decided_at), combined_into_id = COALESCE($12, combined_into_id), \
         forwarded_item_id = COALESCE($13, forwarded_item_id), claimed_by = NULL, claimed_until = NULL \
         WHERE id = $14 AND ($15 IS NULL OR version = $15) AND status {}",
        in_list(c, 16)
    ));
    let n = with_conn!(c, |x| {
        sqlx::query(sql)
            .bind(to.code())
            .bind(now)
            .bind(&ch.last_comment)
            .bind(&ch.decline_reason)
            .bind(&ch.periodical)
            .bind(ch.signed_off_by)
            .bind(ch.signed_off_at)
            .bind(ch.received_by)
            .bind(ch.received_at)
            .bind(ch.submitted_at)
            .bind(ch.decided_at)
            .bind(ch.combined_into_id)
            .bind(ch.forwarded_item_id)
            .bind(id)
            .bind(version)
            .bind_list(List::Texts(&codes(from)))
            .execute(x)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Claims an item for editing until `until`, unless someone else holds a live claim.
pub async fn claim(
    c: &mut Conn<'_>,
    id: i64,
    person: i64,
    until: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query(
            "UPDATE items SET claimed_by = $1, claimed_until = $2 \
             WHERE id = $3 AND (claimed_by IS NULL OR claimed_by = $1 OR claimed_until < $4)",
        )
        .bind(person)
        .bind(until)
        .bind(id)
        .bind(now)
        .execute(x)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

pub async fn release(c: &mut Conn<'_>, id: i64, person: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("UPDATE items SET claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2")
            .bind(id)
            .bind(person)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct RevisionRow {
    pub rev_no: i64,
    pub title: String,
    pub body: String,
    pub body_text: String,
    pub author_id: i64,
    pub author_name: String,
    pub at: i64,
}

pub async fn add_revision(
    c: &mut Conn<'_>,
    item: i64,
    rev_no: i64,
    k: &Content,
    author: i64,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
            "INSERT INTO item_revisions (item_id, rev_no, title, body, body_text, author_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(item)
        .bind(rev_no)
        .bind(&k.title)
        .bind(&k.body)
        .bind(&k.body_text)
        .bind(author)
        .bind(now)
        .execute(x)
        .await
        .map(|_| ())
    })?;
    Ok(())
}

pub async fn revisions(c: &mut Conn<'_>, item: i64) -> Result<Vec<RevisionRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
            "SELECT r.rev_no, r.title, r.body, r.body_text, r.author_id, p.name AS author_name, r.at \
             FROM item_revisions r JOIN people p ON p.id = r.author_id WHERE r.item_id = $1 ORDER BY r.rev_no",
        )
        .bind(item)
        .fetch_all(x)
        .await
    })?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct EventRow {
    pub id: i64,
    pub item_id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    #[sqlx(try_from = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub from_status: MaybeCode<ItemStatus>,
    #[sqlx(try_from = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub to_status: MaybeCode<ItemStatus>,
    pub comment: String,
}

#[allow(clippy::too_many_arguments)]
pub async fn add_event(
    c: &mut Conn<'_>,
    item: i64,
    actor: Option<i64>,
    action: &str,
    from: Option<ItemStatus>,
    to: Option<ItemStatus>,
    comment: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
            "INSERT INTO item_events (item_id, at, actor_id, action, from_status, to_status, comment) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(item)
        .bind(now)
        .bind(actor)
        .bind(action)
        .bind(from.map(ItemStatus::code))
        .bind(to.map(ItemStatus::code))
        .bind(comment)
        .fetch_one(x)
        .await
    })?)
}

pub async fn events(c: &mut Conn<'_>, item: i64) -> Result<Vec<EventRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
            "SELECT e.id, e.item_id, e.at, e.actor_id, p.name AS actor_name, e.action, e.from_status, e.to_status, e.comment \
             FROM item_events e LEFT JOIN people p ON p.id = e.actor_id WHERE e.item_id = $1 ORDER BY e.id",
        )
        .bind(item)
        .fetch_all(x)
        .await
    })?)
}

pub async fn share(
    c: &mut Conn<'_>,
    item: i64,
    office: i64,
    by: i64,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("INSERT INTO item_shares (item_id, office_id, shared_by, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(item)
            .bind(office)
            .bind(by)
            .bind(now)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

pub async fn shared_with(c: &mut Conn<'_>, item: i64) -> Result<Vec<i64>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
            "SELECT office_id FROM item_shares WHERE item_id = $1 ORDER BY office_id",
        )
        .bind(item)
        .fetch_all(x)
        .await
    })?)
}
