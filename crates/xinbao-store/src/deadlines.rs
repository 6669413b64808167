//! Deadlines: what each unit owes for an event and when — the scheduler's queue. The
//! scheduler claims due rows with one `UPDATE … RETURNING` that moves them on, so a row fires
//! once however many servers look (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so servers
//! do not wait for each other); the caller writes the consequences in the same transaction.
//!
//! Statuses are written out in these queries, not bound: the partial indexes `deadlines_due`,
//! `deadlines_warn` and `deadlines_escalate` serve the scheduler only when a query's own text
//! implies their `WHERE status = 'open'` / `'overdue'`, which a bound value does not. The test
//! at the end holds every code written here equal to the domain's.

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

/// Claims up to `limit` open deadlines whose time has come: they become overdue, once.
pub async fn claim_due(
    c: &mut Conn<'_>,
    now: i64,
    limit: i64,
) -> Result<Vec<DeadlineRow>, StoreError> {
    claim(
        c,
        "status = 'overdue', fired_at = $1",
        "status = 'open' AND due_at <= $1",
        "due_at",
        now,
        limit,
    )
    .await
}

/// The passed deadlines of one event just written in the caller's transaction: they become
/// overdue in that same transaction (an event learned of late), so no worker can see them open.
pub async fn claim_due_of_event(
    c: &mut Conn<'_>,
    event: i64,
    now: i64,
) -> Result<Vec<DeadlineRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "UPDATE deadlines SET status = 'overdue', fired_at = $1 WHERE event_id = $2 \
         AND status = 'open' AND due_at <= $1 RETURNING {COLUMNS}"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(now)
        .bind(event)
        .fetch_all(x)
        .await)?)
}

/// Claims up to `limit` warnings whose time has come.
pub async fn claim_warnings(
    c: &mut Conn<'_>,
    now: i64,
    limit: i64,
) -> Result<Vec<DeadlineRow>, StoreError> {
    claim(
        c,
        "warned_at = $1",
        "status = 'open' AND warned_at IS NULL AND warn_at <= $1",
        "warn_at",
        now,
        limit,
    )
    .await
}

/// Claims overdue, still unanswered deadlines due to climb the escalation ladder one step;
/// the caller sets the next step's time.
pub async fn claim_escalations(
    c: &mut Conn<'_>,
    now: i64,
    limit: i64,
) -> Result<Vec<DeadlineRow>, StoreError> {
    claim(
        c,
        "escalation = escalation + 1, escalate_at = NULL",
        "status = 'overdue' AND met_at IS NULL AND escalate_at <= $1",
        "escalate_at",
        now,
        limit,
    )
    .await
}

async fn claim(
    c: &mut Conn<'_>,
    set: &str,
    due: &str,
    order: &str,
    now: i64,
    limit: i64,
) -> Result<Vec<DeadlineRow>, StoreError> {
    // SQLite has one writer, so the inner SELECT cannot race; PostgreSQL locks the rows it
    // picks and skips those another server holds.
    let lock = crate::dialect::skip_locked(c);
    let sql = sqlx::AssertSqlSafe(format!(
        "UPDATE deadlines SET {set} WHERE id IN (SELECT id FROM deadlines WHERE {due} \
         ORDER BY {order} LIMIT $2{lock}) AND {due} RETURNING {COLUMNS}"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(now)
        .bind(limit)
        .fetch_all(x)
        .await)?)
}

pub async fn set_escalate_at(c: &mut Conn<'_>, id: i64, at: Option<i64>) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "UPDATE deadlines SET escalate_at = $1 WHERE id = $2"
    )
    .bind(at)
    .bind(id)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The earliest moment anything in the queue falls due (deadline, warning, escalation).
pub async fn next_wakeup(c: &mut Conn<'_>) -> Result<Option<i64>, StoreError> {
    let queries = [
        "SELECT MIN(due_at) FROM deadlines WHERE status = 'open'",
        "SELECT MIN(warn_at) FROM deadlines WHERE status = 'open' AND warned_at IS NULL",
        "SELECT MIN(escalate_at) FROM deadlines WHERE status = 'overdue' AND met_at IS NULL",
    ];
    let mut best: Option<i64> = None;
    for q in queries {
        let v: Option<i64> = with_conn!(c, |x| sqlx::query_scalar(q).fetch_one(x).await)?;
        best = match (best, v) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    Ok(best)
}

/// Due and fired times of deadlines due at or after `since` that have fired (the firing lag).
pub async fn fired_since(c: &mut Conn<'_>, since: i64) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT due_at, fired_at FROM deadlines WHERE fired_at IS NOT NULL AND due_at >= $1"
    )
    .bind(since)
    .fetch_all(x)
    .await)?)
}

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
