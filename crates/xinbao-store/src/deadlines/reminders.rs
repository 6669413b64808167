//! Reminder notices of overdue deadlines.

use super::DeadlineRow;
use crate::{Conn, StoreError, with_conn};

/// Notes the reminder notice of an overdue deadline; its id numbers the notice.
pub async fn add_reminder(c: &mut Conn<'_>, d: &DeadlineRow, now: i64) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
        "INSERT INTO reminders (deadline_id, event_id, unit_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id"
    )
    .bind(d.id)
    .bind(d.event_id)
    .bind(d.unit_id)
    .bind(now)
    .fetch_one(x)
    .await
    })?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ReminderRow {
    pub id: i64,
    pub deadline_id: i64,
    pub event_id: i64,
    pub unit_id: i64,
    pub created_at: i64,
}

pub async fn reminders_of(c: &mut Conn<'_>, event: i64) -> Result<Vec<ReminderRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
        "SELECT id, deadline_id, event_id, unit_id, created_at FROM reminders WHERE event_id = $1 ORDER BY id"
    )
    .bind(event)
    .fetch_all(x)
    .await
    })?)
}

pub async fn reminder(c: &mut Conn<'_>, id: i64) -> Result<Option<ReminderRow>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT id, deadline_id, event_id, unit_id, created_at FROM reminders WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(x)
    .await)?)
}
