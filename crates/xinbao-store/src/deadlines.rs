//! Deadlines: what each unit owes for an event and when — the scheduler's queue. The
//! scheduler claims due rows with one `UPDATE … RETURNING` that moves them on, so a row fires
//! once however many servers look (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so servers
//! do not wait for each other); the caller writes the consequences in the same transaction.
//!
//! Statuses are written out in these queries, not bound: the partial indexes `deadlines_due`,
//! `deadlines_warn` and `deadlines_escalate` serve the scheduler only when a query's own text
//! implies their `WHERE status = 'open'` / `'overdue'`, which a bound value does not. The test
//! at the end holds every code written here equal to the domain's.

mod queue;
mod reminders;

pub use queue::{
    claim_due, claim_due_of_event, claim_escalations, claim_warnings, fired_since, next_wakeup,
    set_escalate_at,
};
pub use reminders::{ReminderRow, add_reminder, reminder, reminders_of};

use crate::{Conn, StoreError, with_conn};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct DeadlineRow {
    pub id: i64,
    pub event_id: i64,
    pub unit_id: i64,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: xinbao_domain::event::ReportKind,
    pub seq: i64,
    pub due_at: i64,
    pub warn_at: Option<i64>,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: xinbao_domain::event::DeadlineStatus,
    pub met_at: Option<i64>,
    pub report_id: Option<i64>,
    pub warned_at: Option<i64>,
    pub fired_at: Option<i64>,
    pub escalation: i64,
    pub escalate_at: Option<i64>,
}

const COLUMNS: &str = "id, event_id, unit_id, kind, seq, due_at, warn_at, status, met_at, \
    report_id, warned_at, fired_at, escalation, escalate_at";

pub async fn insert(
    c: &mut Conn<'_>,
    event: i64,
    unit: i64,
    kind: &str,
    seq: i64,
    due_at: i64,
    warn_at: Option<i64>,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "INSERT INTO deadlines (event_id, unit_id, kind, seq, due_at, warn_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"
    )
    .bind(event)
    .bind(unit)
    .bind(kind)
    .bind(seq)
    .bind(due_at)
    .bind(warn_at)
    .fetch_one(x)
    .await)?)
}

pub async fn of_event(c: &mut Conn<'_>, event: i64) -> Result<Vec<DeadlineRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM deadlines WHERE event_id = $1 ORDER BY unit_id, due_at, id"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(event)
        .fetch_all(x)
        .await)?)
}

/// The deadlines of many events at once (the dashboard).
pub async fn of_events(c: &mut Conn<'_>, events: &[i64]) -> Result<Vec<DeadlineRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM deadlines WHERE event_id {{ids}} \
         ORDER BY event_id, unit_id, due_at, id"
    );
    crate::dialect::fetch_by(c, &sql, events).await
}

/// Marks the unit's deadlines of `kinds` answered by a report: open ones become met; overdue
/// ones keep their status and record when the late report came. Returns the rows changed.
pub async fn answer(
    c: &mut Conn<'_>,
    event: i64,
    unit: i64,
    kinds: &[&str],
    report: i64,
    now: i64,
) -> Result<Vec<DeadlineRow>, StoreError> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let list = kinds
        .iter()
        .map(|k| format!("'{}'", k.replace('\'', "")))
        .collect::<Vec<_>>()
        .join(",");
    let sql = sqlx::AssertSqlSafe(format!(
        "UPDATE deadlines SET status = CASE WHEN status = 'open' THEN 'met' ELSE status END, \
         met_at = $1, report_id = $2, escalate_at = NULL \
         WHERE event_id = $3 AND unit_id = $4 AND kind IN ({list}) AND met_at IS NULL \
         AND status IN ('open', 'overdue') RETURNING {COLUMNS}"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(now)
        .bind(report)
        .bind(event)
        .bind(unit)
        .fetch_all(x)
        .await)?)
}

/// Ends the open deadlines of a unit (its final report) or of a whole event (`unit` None).
pub async fn close_open(
    c: &mut Conn<'_>,
    event: i64,
    unit: Option<i64>,
    now: i64,
) -> Result<u64, StoreError> {
    let r = with_conn!(c, |x| sqlx::query(
        "UPDATE deadlines SET status = 'closed', met_at = $1, escalate_at = NULL \
         WHERE event_id = $2 AND ($3 IS NULL OR unit_id = $3) AND status = 'open'"
    )
    .bind(now)
    .bind(event)
    .bind(unit)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use xinbao_domain::event::DeadlineStatus;

    #[test]
    fn every_status_written_in_the_queries_is_the_domain_code() {
        let written = ["open", "met", "overdue", "closed"];
        let codes: Vec<&str> = [
            DeadlineStatus::Open,
            DeadlineStatus::Met,
            DeadlineStatus::Overdue,
            DeadlineStatus::Closed,
        ]
        .into_iter()
        .map(DeadlineStatus::code)
        .collect();
        assert_eq!(codes, written);
    }
}
