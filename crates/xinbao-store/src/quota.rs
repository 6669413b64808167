//! Quota checks: how many items each unit sent and had adopted in a period, and the
//! once-only claims of the daily check and of each reminder.

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::item::ItemStatus;

/// Claims the daily check for `day`; false if another instance (or an earlier tick) did.
pub async fn claim_day(c: &mut Conn<'_>, day: &str, now: i64) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| sqlx::query(
        "INSERT INTO quota_checks (day, ran_at) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    )
    .bind(day)
    .bind(now)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Claims a reminder; false if it was already sent.
pub async fn claim_reminder(
    c: &mut Conn<'_>,
    unit: i64,
    kind: &str,
    period: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| sqlx::query(
        "INSERT INTO quota_reminders (unit_id, kind, period, sent_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING"
    )
    .bind(unit)
    .bind(kind)
    .bind(period)
    .bind(now)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Per unit with items submitted in `[from, to)`: (unit, sent, adopted), own items only.
pub async fn sent_and_adopted(
    c: &mut Conn<'_>,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64, i64)>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT unit_id, COUNT(*), CAST(SUM(CASE WHEN status IN ($3, $4) \
         THEN 1 ELSE 0 END) AS BIGINT) FROM items WHERE submitted_at >= $1 AND submitted_at < $2 \
         AND source_item_id IS NULL GROUP BY unit_id"
    )
    .bind(from)
    .bind(to)
    .bind(ItemStatus::ADOPTED_AS_IS[0].code())
    .bind(ItemStatus::ADOPTED_AS_IS[1].code())
    .fetch_all(x)
    .await)?)
}
