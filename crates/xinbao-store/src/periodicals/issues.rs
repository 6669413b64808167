//! Issues of a periodical: created, moved through their statuses, numbered and published.

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::periodical::{IssueKind, IssueStatus};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct IssueRow {
    pub id: i64,
    pub periodical_id: i64,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: IssueKind,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: IssueStatus,
    pub editor_note: String,
    pub year: Option<i64>,
    pub number: Option<i64>,
    pub total_number: Option<i64>,
    pub version: i64,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub frozen_at: Option<i64>,
    pub signed_off_by: Option<i64>,
    pub signed_off_at: Option<i64>,
    pub published_by: Option<i64>,
    pub published_at: Option<i64>,
}

pub(crate) const I_COLUMNS: &str = "id, periodical_id, kind, status, editor_note, year, number, total_number, \
    version, created_by, created_at, updated_at, frozen_at, signed_off_by, signed_off_at, \
    published_by, published_at";

pub async fn insert_issue(
    c: &mut Conn<'_>,
    periodical: i64,
    kind: IssueKind,
    editor_note: &str,
    by: i64,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "INSERT INTO issues (periodical_id, kind, editor_note, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id"
    )
    .bind(periodical)
    .bind(kind.code())
    .bind(editor_note)
    .bind(by)
    .bind(now)
    .fetch_one(x)
    .await)?)
}

pub async fn issue(c: &mut Conn<'_>, id: i64) -> Result<Option<IssueRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {I_COLUMNS} FROM issues WHERE id = $1"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(x)
        .await)?)
}

/// Moves an issue from `from` to `to` if it is still in `from`; false otherwise.
pub async fn set_status(
    c: &mut Conn<'_>,
    id: i64,
    (from, to): (IssueStatus, IssueStatus),
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| sqlx::query(
        "UPDATE issues SET status = $1, version = version + 1, updated_at = $2, \
         frozen_at = CASE WHEN $5 THEN $2 ELSE frozen_at END \
         WHERE id = $3 AND status = $4"
    )
    .bind(to.code())
    .bind(now)
    .bind(id)
    .bind(from.code())
    .bind(to == IssueStatus::Frozen)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn set_signed_off(
    c: &mut Conn<'_>,
    id: i64,
    (from, to): (IssueStatus, IssueStatus),
    by: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| sqlx::query(
        "UPDATE issues SET status = $4, signed_off_by = $1, signed_off_at = $2, \
         version = version + 1, updated_at = $2 WHERE id = $3 AND status = $5"
    )
    .bind(by)
    .bind(now)
    .bind(id)
    .bind(to.code())
    .bind(from.code())
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The next number from a counter (created at 1 the first time), in the caller's transaction.
pub async fn next_number(
    c: &mut Conn<'_>,
    periodical: i64,
    kind: &str,
    year: i64,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
        "INSERT INTO periodical_counters (periodical_id, kind, year, last_number) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (periodical_id, kind, year) DO UPDATE \
         SET last_number = periodical_counters.last_number + 1 RETURNING last_number"
    )
    .bind(periodical)
    .bind(kind)
    .bind(year)
    .fetch_one(x)
    .await
    })?)
}

/// Publishes a signed-off issue with its numbers; false when it was not signed off.
#[allow(clippy::too_many_arguments)]
pub async fn set_published(
    c: &mut Conn<'_>,
    id: i64,
    (from, to): (IssueStatus, IssueStatus),
    year: i64,
    number: i64,
    total: Option<i64>,
    by: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| sqlx::query(
        "UPDATE issues SET status = $7, year = $1, number = $2, total_number = $3, \
         published_by = $4, published_at = $5, version = version + 1, updated_at = $5 \
         WHERE id = $6 AND status = $8"
    )
    .bind(year)
    .bind(number)
    .bind(total)
    .bind(by)
    .bind(now)
    .bind(id)
    .bind(to.code())
    .bind(from.code())
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}
