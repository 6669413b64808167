//! The scheduler's side of the queue: claiming due deadlines, warnings and escalation steps, and the next wake-up.

use super::{COLUMNS, DeadlineRow};
use crate::{Conn, StoreError, with_conn};

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
