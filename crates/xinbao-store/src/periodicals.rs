//! Periodicals, their issues and the items in them. Issue numbers come from per-periodical
//! counters bumped with one upsert in the publishing transaction, so concurrent publishers on
//! any number of servers get consecutive numbers without gaps or duplicates.

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::periodical::{IssueAction, IssueKind, IssueStatus};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct PeriodicalRow {
    pub id: i64,
    pub office_id: i64,
    pub name: String,
    pub restart_yearly: bool,
    pub running_total: bool,
    pub columns: String,
    pub chief_editor_id: Option<i64>,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub signoff_level: xinbao_domain::SignerLevel,
    pub secrecy: String,
    pub copies: i64,
    pub dist_up: String,
    pub dist_side: String,
    pub dist_down: String,
    pub active: bool,
    pub created_at: i64,
}

const P_COLUMNS: &str = "id, office_id, name, restart_yearly, running_total, columns, \
    chief_editor_id, signoff_level, secrecy, copies, dist_up, dist_side, dist_down, active, created_at";

/// A periodical's settings as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodicalFields {
    pub name: String,
    pub restart_yearly: bool,
    pub running_total: bool,
    pub columns: String,
    pub chief_editor_id: Option<i64>,
    pub signoff_level: String,
    pub secrecy: String,
    pub copies: i64,
    pub dist_up: String,
    pub dist_side: String,
    pub dist_down: String,
}

pub async fn insert(
    c: &mut Conn<'_>,
    office: i64,
    f: &PeriodicalFields,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
        "INSERT INTO periodicals (office_id, name, restart_yearly, running_total, columns, \
         chief_editor_id, signoff_level, secrecy, copies, dist_up, dist_side, dist_down, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id"
    )
    .bind(office)
    .bind(&f.name)
    .bind(f.restart_yearly)
    .bind(f.running_total)
    .bind(&f.columns)
    .bind(f.chief_editor_id)
    .bind(&f.signoff_level)
    .bind(&f.secrecy)
    .bind(f.copies)
    .bind(&f.dist_up)
    .bind(&f.dist_side)
    .bind(&f.dist_down)
    .bind(now)
    .fetch_one(x)
    .await
    })?)
}

pub async fn of_office(c: &mut Conn<'_>, office: i64) -> Result<Vec<PeriodicalRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {P_COLUMNS} FROM periodicals WHERE office_id = $1 AND active ORDER BY id"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(office)
        .fetch_all(x)
        .await)?)
}

pub async fn get(c: &mut Conn<'_>, id: i64) -> Result<Option<PeriodicalRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {P_COLUMNS} FROM periodicals WHERE id = $1"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(x)
        .await)?)
}

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

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct IssueItemRow {
    pub item_id: i64,
    pub position: i64,
    pub column_name: String,
    pub headline: String,
}

pub async fn add_item(c: &mut Conn<'_>, issue: i64, item: &IssueItemRow) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
        "INSERT INTO issue_items (issue_id, item_id, position, column_name, headline) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(issue)
    .bind(item.item_id)
    .bind(item.position)
    .bind(&item.column_name)
    .bind(&item.headline)
    .execute(x)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

pub async fn items_of(c: &mut Conn<'_>, issue: i64) -> Result<Vec<IssueItemRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
        "SELECT item_id, position, column_name, headline FROM issue_items WHERE issue_id = $1 ORDER BY position"
    )
    .bind(issue)
    .fetch_all(x)
    .await
    })?)
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

/// Records on the items of a published issue which periodical adopted them.
pub async fn mark_items_adopted(
    c: &mut Conn<'_>,
    issue: i64,
    periodical: &PeriodicalRow,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "UPDATE items SET periodical_id = $1, periodical = $2, updated_at = $3 \
         WHERE id IN (SELECT item_id FROM issue_items WHERE issue_id = $4)"
    )
    .bind(periodical.id)
    .bind(&periodical.name)
    .bind(now)
    .bind(issue)
    .execute(x)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn add_event(
    c: &mut Conn<'_>,
    issue: i64,
    action: &str,
    reason: &str,
    by: i64,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
        "INSERT INTO issue_events (issue_id, action, reason, person_id, at) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(issue)
    .bind(action)
    .bind(reason)
    .bind(by)
    .bind(now)
    .execute(x)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct IssueEventRow {
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub action: IssueAction,
    pub reason: String,
    pub person_id: i64,
    pub at: i64,
}

pub async fn events_of(c: &mut Conn<'_>, issue: i64) -> Result<Vec<IssueEventRow>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT action, reason, person_id, at FROM issue_events WHERE issue_id = $1 ORDER BY id"
    )
    .bind(issue)
    .fetch_all(x)
    .await)?)
}

/// Records that a person read an issue (the first time counts).
pub async fn mark_read(
    c: &mut Conn<'_>,
    issue: i64,
    person: i64,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "INSERT INTO issue_reads (issue_id, person_id, read_at) VALUES ($1, $2, $3) \
         ON CONFLICT (issue_id, person_id) DO NOTHING"
    )
    .bind(issue)
    .bind(person)
    .bind(now)
    .execute(x)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Who read an issue, and when (earliest first).
/// Who has read an issue, and when.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ReaderRow {
    pub person_id: i64,
    pub name: String,
    pub read_at: i64,
}

pub async fn readers_of(c: &mut Conn<'_>, issue: i64) -> Result<Vec<ReaderRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
        "SELECT r.person_id, p.name, r.read_at FROM issue_reads r JOIN people p ON p.id = r.person_id \
         WHERE r.issue_id = $1 ORDER BY r.read_at, r.person_id"
    )
    .bind(issue)
    .fetch_all(x)
    .await
    })?)
}
