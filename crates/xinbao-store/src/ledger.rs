//! The accountability ledger (迟报、漏报、瞒报、谎报 and praise) and verification (核查) of
//! reports that disagree with other sources. Ledger rows are never changed: a correction is a
//! new row naming the one it corrects.

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::MaybeCode;
use xinbao_domain::event::{LedgerKind, VerificationOutcome, VerificationStatus};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct LedgerRow {
    pub id: i64,
    pub event_id: Option<i64>,
    pub unit_id: i64,
    pub deadline_id: Option<i64>,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: LedgerKind,
    pub facts: String,
    /// JSON list of the people responsible at that moment: role, person id, name.
    pub people: String,
    pub corrects_id: Option<i64>,
    pub void: bool,
    pub reason: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, event_id, unit_id, deadline_id, kind, facts, people, corrects_id, \
    void, reason, created_by, created_at";

#[derive(Debug, Clone)]
pub struct NewRecord {
    pub event_id: Option<i64>,
    pub unit_id: i64,
    pub deadline_id: Option<i64>,
    pub kind: LedgerKind,
    pub facts: String,
    pub people: String,
    pub corrects_id: Option<i64>,
    pub void: bool,
    pub reason: Option<String>,
    pub created_by: Option<i64>,
}

pub async fn add(c: &mut Conn<'_>, r: &NewRecord, now: i64) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "INSERT INTO ledger (event_id, unit_id, deadline_id, kind, facts, people, corrects_id, \
         void, reason, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
    )
    .bind(r.event_id)
    .bind(r.unit_id)
    .bind(r.deadline_id)
    .bind(r.kind.code())
    .bind(&r.facts)
    .bind(&r.people)
    .bind(r.corrects_id)
    .bind(r.void)
    .bind(&r.reason)
    .bind(r.created_by)
    .bind(now)
    .fetch_one(x)
    .await)?)
}

pub async fn get(c: &mut Conn<'_>, id: i64) -> Result<Option<LedgerRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM ledger WHERE id = $1"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(x)
        .await)?)
}

/// Every record made in `[from, to)` for the given units (all units when `units` is None),
/// corrections included, oldest first.
pub async fn between(
    c: &mut Conn<'_>,
    from: i64,
    to: i64,
    units: Option<&[i64]>,
) -> Result<Vec<LedgerRow>, StoreError> {
    let head = format!("SELECT {COLUMNS} FROM ledger WHERE created_at >= $1 AND created_at < $2");
    let tail = "ORDER BY created_at, id LIMIT 20000";
    if let Some(units) = units {
        let sql = format!("{head} AND unit_id {{ids}} {tail}");
        return crate::dialect::fetch_by_after(
            c,
            &sql,
            &[from, to],
            crate::dialect::List::Ints(units),
        )
        .await;
    }
    let sql = sqlx::AssertSqlSafe(format!("{head} {tail}"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(from)
        .bind(to)
        .fetch_all(x)
        .await)?)
}

pub async fn of_event(c: &mut Conn<'_>, event: i64) -> Result<Vec<LedgerRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM ledger WHERE event_id = $1 ORDER BY id"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(event)
        .fetch_all(x)
        .await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct VerificationRow {
    pub id: i64,
    pub event_id: i64,
    pub report_id: Option<i64>,
    pub unit_id: i64,
    pub conflict: String,
    pub assignee_id: i64,
    pub due_at: i64,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: VerificationStatus,
    #[sqlx(try_from = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub outcome: MaybeCode<VerificationOutcome>,
    pub result: Option<String>,
    pub created_by: i64,
    pub created_at: i64,
    pub done_by: Option<i64>,
    pub done_at: Option<i64>,
}

const V_COLUMNS: &str = "id, event_id, report_id, unit_id, conflict, assignee_id, due_at, status, \
    outcome, result, created_by, created_at, done_by, done_at";

#[derive(Debug, Clone, Default)]
pub struct NewVerification {
    pub event_id: i64,
    pub report_id: Option<i64>,
    pub unit_id: i64,
    pub conflict: String,
    pub assignee_id: i64,
    pub due_at: i64,
    pub created_by: i64,
}

pub async fn add_verification(
    c: &mut Conn<'_>,
    v: &NewVerification,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "INSERT INTO verifications (event_id, report_id, unit_id, conflict, assignee_id, due_at, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"
    )
    .bind(v.event_id)
    .bind(v.report_id)
    .bind(v.unit_id)
    .bind(&v.conflict)
    .bind(v.assignee_id)
    .bind(v.due_at)
    .bind(v.created_by)
    .bind(now)
    .fetch_one(x)
    .await)?)
}

pub async fn verification(
    c: &mut Conn<'_>,
    id: i64,
) -> Result<Option<VerificationRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {V_COLUMNS} FROM verifications WHERE id = $1"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(x)
        .await)?)
}

pub async fn verifications_of(
    c: &mut Conn<'_>,
    event: i64,
) -> Result<Vec<VerificationRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {V_COLUMNS} FROM verifications WHERE event_id = $1 ORDER BY id"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(event)
        .fetch_all(x)
        .await)?)
}

/// Records the result of an open verification; false when it was already done.
pub async fn complete_verification(
    c: &mut Conn<'_>,
    id: i64,
    outcome: VerificationOutcome,
    result: &str,
    by: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let r = with_conn!(c, |x| sqlx::query(
        "UPDATE verifications SET status = $6, outcome = $1, result = $2, done_by = $3, \
         done_at = $4 WHERE id = $5 AND status = $7"
    )
    .bind(outcome.code())
    .bind(result)
    .bind(by)
    .bind(now)
    .bind(id)
    .bind(VerificationStatus::Done.code())
    .bind(VerificationStatus::Open.code())
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(r == 1)
}
