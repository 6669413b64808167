//! The outbox of messages on external channels (email, WeCom, DingTalk, SMS), every attempt
//! with its outcome, and who wants which channel. A sender claims due rows by pushing their
//! next attempt time forward (a lease), so two servers never send the same row at once.

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::delivery::DeliveryStatus;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct DeliveryRow {
    pub id: i64,
    pub channel: String,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub address: String,
    pub subject: String,
    pub body: String,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub next_attempt_at: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

const COLUMNS: &str = "id, channel, person_id, unit_id, address, subject, body, status, attempts, \
    next_attempt_at, last_error, created_at, sent_at";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewDelivery {
    pub channel: String,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub address: String,
    pub subject: String,
    pub body: String,
}

pub async fn enqueue(c: &mut Conn<'_>, d: &NewDelivery, now: i64) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "INSERT INTO deliveries (channel, person_id, unit_id, address, subject, body, \
         next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id"
    )
    .bind(&d.channel)
    .bind(d.person_id)
    .bind(d.unit_id)
    .bind(&d.address)
    .bind(&d.subject)
    .bind(&d.body)
    .bind(now)
    .fetch_one(x)
    .await)?)
}

/// The code of [`DeliveryStatus::Pending`] is written out in the queries below, not bound:
/// the partial index `deliveries_due` serves them only when the query's own text implies the
/// index's `WHERE status = 'pending'` (a bound value does not, on either backend). The test
/// at the end holds the two equal.
///
/// Claims up to `limit` pending deliveries due at `now`, leasing them until `lease_until`.
pub async fn claim_due(
    c: &mut Conn<'_>,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> Result<Vec<DeliveryRow>, StoreError> {
    let lock = crate::dialect::skip_locked(c);
    let sql = sqlx::AssertSqlSafe(format!(
        "UPDATE deliveries SET next_attempt_at = $2, attempts = attempts + 1 WHERE id IN \
         (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at LIMIT $3{lock}) AND status = 'pending' AND next_attempt_at <= $1 \
         RETURNING {COLUMNS}"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(now)
        .bind(lease_until)
        .bind(limit)
        .fetch_all(x)
        .await)?)
}

/// Records an attempt: sent, retried at `retry_at`, or given up (`retry_at` None on failure).
pub async fn record_attempt(
    c: &mut Conn<'_>,
    id: i64,
    ok: bool,
    detail: &str,
    retry_at: Option<i64>,
    now: i64,
) -> Result<(), StoreError> {
    let status = DeliveryStatus::after_attempt(ok, retry_at.is_some());
    with_conn!(c, |x| sqlx::query(
        "INSERT INTO delivery_attempts (delivery_id, at, ok, detail) VALUES ($1, $2, $3, $4)"
    )
    .bind(id)
    .bind(now)
    .bind(ok)
    .bind(detail)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    with_conn!(c, |x| sqlx::query(
        "UPDATE deliveries SET status = $1, next_attempt_at = $2, sent_at = $3, \
         last_error = $4 WHERE id = $5"
    )
    .bind(status.code())
    .bind(if ok { None } else { retry_at })
    .bind(ok.then_some(now))
    .bind((!ok).then_some(detail))
    .bind(id)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn next_attempt(c: &mut Conn<'_>) -> Result<Option<i64>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending'"
    )
    .fetch_one(x)
    .await)?)
}

/// The most recent deliveries, newest first (the administrator's delivery log).
pub async fn recent(c: &mut Conn<'_>, limit: i64) -> Result<Vec<DeliveryRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM deliveries ORDER BY id DESC LIMIT $1"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(limit)
        .fetch_all(x)
        .await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct AttemptRow {
    pub id: i64,
    pub delivery_id: i64,
    pub at: i64,
    pub ok: bool,
    pub detail: String,
}

pub async fn attempts_of(c: &mut Conn<'_>, delivery: i64) -> Result<Vec<AttemptRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
        "SELECT id, delivery_id, at, ok, detail FROM delivery_attempts WHERE delivery_id = $1 ORDER BY id"
    )
    .bind(delivery)
    .fetch_all(x)
    .await
    })?)
}

/// A person's channel choices (absent channels follow the defaults).
pub async fn person_channels(
    c: &mut Conn<'_>,
    person: i64,
) -> Result<Vec<(String, bool)>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT channel, enabled FROM person_channels WHERE person_id = $1 ORDER BY channel"
    )
    .bind(person)
    .fetch_all(x)
    .await)?)
}

pub async fn set_person_channel(
    c: &mut Conn<'_>,
    person: i64,
    channel: &str,
    enabled: bool,
) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "INSERT INTO person_channels (person_id, channel, enabled) VALUES ($1, $2, $3) \
         ON CONFLICT (person_id, channel) DO UPDATE SET enabled = excluded.enabled"
    )
    .bind(person)
    .bind(channel)
    .bind(enabled)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct RobotRow {
    pub unit_id: i64,
    pub channel: String,
    pub url: String,
    #[serde(skip)]
    pub secret: String,
}

pub async fn robots_of(c: &mut Conn<'_>, unit: i64) -> Result<Vec<RobotRow>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT unit_id, channel, url, secret FROM unit_robots WHERE unit_id = $1 ORDER BY channel"
    )
    .bind(unit)
    .fetch_all(x)
    .await)?)
}

pub async fn set_robot(c: &mut Conn<'_>, r: &RobotRow) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "INSERT INTO unit_robots (unit_id, channel, url, secret) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (unit_id, channel) DO UPDATE SET url = excluded.url, secret = excluded.secret"
    )
    .bind(r.unit_id)
    .bind(&r.channel)
    .bind(&r.url)
    .bind(&r.secret)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::DeliveryStatus;

    #[test]
    fn the_pending_code_written_in_the_queries_is_the_domain_code() {
        assert_eq!(DeliveryStatus::Pending.code(), "pending");
    }
}
