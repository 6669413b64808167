//! Sudden events: time-limit rules per office, events and the units asked, and their reports.

mod reports;
mod rules;

pub use reports::{NewReport, ReportRow, add_report, reports_of};
pub use rules::{NewRule, RuleRow, replace_rule, rules_of};

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::event::{EventStatus, Severity};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct EventRow {
    pub id: i64,
    pub office_id: i64,
    pub title: String,
    pub description: String,
    pub place: String,
    pub source: String,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub severity: Severity,
    pub zero_report: bool,
    pub rule_id: Option<i64>,
    pub escalate_minutes: String,
    pub followup_hours: Option<i64>,
    pub followup_times: String,
    pub warn_minutes: i64,
    pub occurred_at: Option<i64>,
    pub received_at: i64,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: EventStatus,
    pub created_by: i64,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

const EVENT_COLUMNS: &str = "id, office_id, title, description, place, source, severity, \
    zero_report, rule_id, escalate_minutes, followup_hours, followup_times, warn_minutes, \
    occurred_at, received_at, status, created_by, created_at, closed_at";

/// A new event: the row without id and status.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub office_id: i64,
    pub title: String,
    pub description: String,
    pub place: String,
    pub source: String,
    pub severity: Severity,
    pub zero_report: bool,
    pub rule_id: Option<i64>,
    pub escalate_minutes: String,
    pub followup_hours: Option<i64>,
    pub followup_times: String,
    pub warn_minutes: i64,
    pub occurred_at: Option<i64>,
    pub received_at: i64,
    pub created_by: i64,
}

pub async fn insert(c: &mut Conn<'_>, e: &NewEvent, now: i64) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
        "INSERT INTO events (office_id, title, description, place, source, severity, zero_report, \
         rule_id, escalate_minutes, followup_hours, followup_times, warn_minutes, occurred_at, \
         received_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id"
    )
    .bind(e.office_id)
    .bind(&e.title)
    .bind(&e.description)
    .bind(&e.place)
    .bind(&e.source)
    .bind(e.severity.code())
    .bind(e.zero_report)
    .bind(e.rule_id)
    .bind(&e.escalate_minutes)
    .bind(e.followup_hours)
    .bind(&e.followup_times)
    .bind(e.warn_minutes)
    .bind(e.occurred_at)
    .bind(e.received_at)
    .bind(e.created_by)
    .bind(now)
    .fetch_one(x)
    .await
    })?)
}

pub async fn add_unit(c: &mut Conn<'_>, event: i64, unit: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "INSERT INTO event_units (event_id, unit_id) VALUES ($1, $2)"
    )
    .bind(event)
    .bind(unit)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(c: &mut Conn<'_>, id: i64) -> Result<Option<EventRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = $1"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(x)
        .await)?)
}

/// The units asked and when each closed with its final report.
pub async fn units_of(c: &mut Conn<'_>, event: i64) -> Result<Vec<(i64, Option<i64>)>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT unit_id, final_at FROM event_units WHERE event_id = $1 ORDER BY unit_id"
    )
    .bind(event)
    .fetch_all(x)
    .await)?)
}

/// Records a unit's final report; the event closes when every unit asked has one.
pub async fn set_final(
    c: &mut Conn<'_>,
    event: i64,
    unit: i64,
    now: i64,
) -> Result<bool, StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
        "UPDATE event_units SET final_at = $1 WHERE event_id = $2 AND unit_id = $3 AND final_at IS NULL"
    )
    .bind(now)
    .bind(event)
    .bind(unit)
    .execute(x)
    .await
    .map(|r| r.rows_affected())
    })?;
    let open: i64 = with_conn!(c, |x| sqlx::query_scalar(
        "SELECT COUNT(*) FROM event_units WHERE event_id = $1 AND final_at IS NULL"
    )
    .bind(event)
    .fetch_one(x)
    .await)?;
    Ok(open == 0)
}

/// Closes an open event (every unit done, or the editor ends it).
pub async fn close(c: &mut Conn<'_>, event: i64, now: i64) -> Result<bool, StoreError> {
    let done = with_conn!(c, |x| sqlx::query(
        "UPDATE events SET status = $3, closed_at = $1 WHERE id = $2 AND status = $4"
    )
    .bind(now)
    .bind(event)
    .bind(EventStatus::Closed.code())
    .bind(EventStatus::Open.code())
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Events of an office (`open` only, or all), newest first.
pub async fn of_office(
    c: &mut Conn<'_>,
    office: i64,
    open_only: bool,
    limit: i64,
) -> Result<Vec<EventRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE office_id = $1 AND ($2 = FALSE OR status = $4) \
         ORDER BY received_at DESC, id DESC LIMIT $3"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(office)
        .bind(open_only)
        .bind(limit)
        .bind(EventStatus::Open.code())
        .fetch_all(x)
        .await)?)
}

/// Events a unit was asked about, newest first.
pub async fn of_unit(c: &mut Conn<'_>, unit: i64, limit: i64) -> Result<Vec<EventRow>, StoreError> {
    let cols = EVENT_COLUMNS
        .split(',')
        .map(|col| format!("e.{}", col.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {cols} FROM events e JOIN event_units u ON u.event_id = e.id \
         WHERE u.unit_id = $1 ORDER BY e.received_at DESC, e.id DESC LIMIT $2"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(unit)
        .bind(limit)
        .fetch_all(x)
        .await)?)
}
