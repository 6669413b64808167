//! Following up leaders' instructions: the assigned units' reports back (progress, done),
//! the office closing the loop, and overdue feedback the scheduler reminds at most daily.

use crate::instructions::{COLUMNS, InstructionRow};
use crate::{Conn, StoreError, with_conn};
use sqlx::AssertSqlSafe;
use xinbao_domain::instruction::{AssignmentStatus, FollowKind, InstructionStatus};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ReportRow {
    pub id: i64,
    pub instruction_id: i64,
    pub unit_id: i64,
    /// `progress` or `done`.
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: FollowKind,
    pub text: String,
    pub person_id: i64,
    pub at: i64,
}

pub async fn get(c: &mut Conn<'_>, id: i64) -> Result<Option<InstructionRow>, StoreError> {
    let sql = AssertSqlSafe(format!("SELECT {COLUMNS} FROM instructions WHERE id = $1"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(x)
        .await)?)
}

#[allow(clippy::too_many_arguments)]
pub async fn add_report(
    c: &mut Conn<'_>,
    instruction: i64,
    unit: i64,
    kind: FollowKind,
    text: &str,
    person: i64,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "INSERT INTO instruction_reports (instruction_id, unit_id, kind, text, person_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"
    )
    .bind(instruction)
    .bind(unit)
    .bind(kind.code())
    .bind(text)
    .bind(person)
    .bind(now)
    .fetch_one(x)
    .await)?)
}

/// Marks a unit's part done; false if it was not open.
pub async fn set_done(
    c: &mut Conn<'_>,
    instruction: i64,
    unit: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| sqlx::query(
        "UPDATE instruction_assignments SET status = $4, done_at = $1 \
         WHERE instruction_id = $2 AND unit_id = $3 AND status = $5"
    )
    .bind(now)
    .bind(instruction)
    .bind(unit)
    .bind(AssignmentStatus::Done.code())
    .bind(AssignmentStatus::Open.code())
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Closes an open instruction; false if it was not open.
pub async fn close(c: &mut Conn<'_>, id: i64, now: i64) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query(
            "UPDATE instructions SET status = $3, closed_at = $1 WHERE id = $2 AND status = $4",
        )
        .bind(now)
        .bind(id)
        .bind(InstructionStatus::Closed.code())
        .bind(InstructionStatus::Open.code())
        .execute(x)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

pub async fn reports_of(
    c: &mut Conn<'_>,
    instructions: &[i64],
) -> Result<Vec<ReportRow>, StoreError> {
    let sql = "SELECT id, instruction_id, unit_id, kind, text, person_id, at \
         FROM instruction_reports WHERE instruction_id {ids} ORDER BY id";
    crate::dialect::fetch_by(c, sql, instructions).await
}

/// Open assignments past their deadline not reminded since `since`: (instruction, unit, item).
pub async fn overdue_unreminded(
    c: &mut Conn<'_>,
    now: i64,
    since: i64,
    limit: i64,
) -> Result<Vec<(i64, i64, i64)>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT a.instruction_id, a.unit_id, i.item_id FROM instruction_assignments a \
         JOIN instructions i ON i.id = a.instruction_id \
         WHERE a.status = $4 AND a.due_at < $1 AND i.status = $5 \
         AND (a.reminded_at IS NULL OR a.reminded_at < $2) ORDER BY a.due_at LIMIT $3"
    )
    .bind(now)
    .bind(since)
    .bind(limit)
    .bind(AssignmentStatus::Open.code())
    .bind(InstructionStatus::Open.code())
    .fetch_all(x)
    .await)?)
}

/// Records a reminder unless one was sent since `since`; false if another instance did.
pub async fn claim_reminder(
    c: &mut Conn<'_>,
    instruction: i64,
    unit: i64,
    since: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| sqlx::query(
        "UPDATE instruction_assignments SET reminded_at = $1 WHERE instruction_id = $2 \
         AND unit_id = $3 AND (reminded_at IS NULL OR reminded_at < $4)"
    )
    .bind(now)
    .bind(instruction)
    .bind(unit)
    .bind(since)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Instructions on the items an office holds, newest first (its follow-up list).
pub async fn of_office(
    c: &mut Conn<'_>,
    office: i64,
    limit: i64,
) -> Result<Vec<InstructionRow>, StoreError> {
    let cols = crate::qualified(COLUMNS, "n");
    let sql = AssertSqlSafe(format!(
        "SELECT {cols} FROM instructions n JOIN items i ON i.id = n.item_id \
         WHERE i.office_id = $1 ORDER BY n.id DESC LIMIT $2"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(office)
        .bind(limit)
        .fetch_all(x)
        .await)?)
}

/// Instructions assigning any of `units`, newest first (a unit's to-do list).
pub async fn assigned_to(
    c: &mut Conn<'_>,
    units: &[i64],
    limit: i64,
) -> Result<Vec<InstructionRow>, StoreError> {
    let cols = crate::qualified(COLUMNS, "n");
    let sql = format!(
        "SELECT DISTINCT {cols} FROM instructions n JOIN instruction_assignments a \
         ON a.instruction_id = n.id WHERE a.unit_id {{ids}} ORDER BY n.id DESC LIMIT $1"
    );
    crate::dialect::fetch_by_after(c, &sql, &[limit], crate::dialect::List::Ints(units)).await
}
