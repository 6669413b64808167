//! Leaders' instructions (批示) on items, the units assigned to act, and their reports back.

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::scoring::Level;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct InstructionRow {
    pub id: i64,
    pub item_id: i64,
    pub issue_id: Option<i64>,
    pub text: String,
    /// `county`, `city`, `province` or `centre`.
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub leader_level: Level,
    pub leader_name: String,
    pub leader_id: Option<i64>,
    pub source: String,
    pub due_at: Option<i64>,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: xinbao_domain::instruction::InstructionStatus,
    pub recorded_by: i64,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

pub(crate) const COLUMNS: &str = "id, item_id, issue_id, text, leader_level, leader_name, leader_id, source, \
    due_at, status, recorded_by, created_at, closed_at";

#[derive(Debug, Clone)]
pub struct NewInstruction {
    pub item_id: i64,
    pub issue_id: Option<i64>,
    pub text: String,
    pub leader_level: Level,
    pub leader_name: String,
    pub leader_id: Option<i64>,
    pub source: String,
    pub due_at: Option<i64>,
    pub recorded_by: i64,
}

/// Records an instruction and counts it on its item (call inside the caller's transaction).
pub async fn insert(c: &mut Conn<'_>, n: &NewInstruction, now: i64) -> Result<i64, StoreError> {
    let id: i64 = with_conn!(c, |x| {
        sqlx::query_scalar(
        "INSERT INTO instructions (item_id, issue_id, text, leader_level, leader_name, leader_id, \
         source, due_at, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"
    )
    .bind(n.item_id)
    .bind(n.issue_id)
    .bind(&n.text)
    .bind(n.leader_level.code())
    .bind(&n.leader_name)
    .bind(n.leader_id)
    .bind(&n.source)
    .bind(n.due_at)
    .bind(n.recorded_by)
    .bind(now)
    .fetch_one(x)
    .await
    })?;
    with_conn!(c, |x| sqlx::query(
        "UPDATE items SET instruction_count = instruction_count + 1 WHERE id = $1"
    )
    .bind(n.item_id)
    .execute(x)
    .await
    .map(|_| ()))?;
    Ok(id)
}

pub async fn assign(
    c: &mut Conn<'_>,
    instruction: i64,
    unit: i64,
    due_at: Option<i64>,
) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "INSERT INTO instruction_assignments (instruction_id, unit_id, due_at) VALUES ($1, $2, $3)"
    )
    .bind(instruction)
    .bind(unit)
    .bind(due_at)
    .execute(x)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// The instructions on any of `items`, oldest first.
pub async fn on_items(c: &mut Conn<'_>, items: &[i64]) -> Result<Vec<InstructionRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM instructions WHERE item_id {{ids}} ORDER BY id");
    crate::dialect::fetch_by(c, &sql, items).await
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct AssignmentRow {
    pub instruction_id: i64,
    pub unit_id: i64,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: xinbao_domain::instruction::AssignmentStatus,
    pub due_at: Option<i64>,
    pub done_at: Option<i64>,
}

pub async fn assignments_of(
    c: &mut Conn<'_>,
    instructions: &[i64],
) -> Result<Vec<AssignmentRow>, StoreError> {
    let sql = "SELECT instruction_id, unit_id, status, due_at, done_at \
         FROM instruction_assignments WHERE instruction_id {ids} ORDER BY instruction_id, unit_id";
    crate::dialect::fetch_by(c, sql, instructions).await
}
