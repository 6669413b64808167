//! Items, their revisions, the append-only event log and sideways shares.

use crate::dialect::{BindList, List, in_list};
use crate::{Conn, StoreError, with_conn};
use sqlx::AssertSqlSafe;
use xinbao_domain::MaybeCode;
use xinbao_domain::item::{Importance, ItemStatus, ItemType, Sensitivity, Urgency};

mod changes;
mod history;
mod reads;

pub use changes::*;
pub use history::*;
pub use reads::*;

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

pub(crate) const COLUMNS: &str = "id, unit_id, office_id, author_id, title, body, body_text, item_type, importance, urgency, \
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
