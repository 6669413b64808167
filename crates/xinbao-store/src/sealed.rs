//! Secrets the database holds encrypted, listed and rewritten for (re-)encryption at start.

use crate::{Conn, StoreError, with_conn};

/// Every robot's stored signing secret: (unit, channel, stored text), non-empty ones only.
pub async fn robot_secrets(c: &mut Conn<'_>) -> Result<Vec<(i64, String, String)>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT unit_id, channel, secret FROM unit_robots WHERE secret <> '' \
         ORDER BY unit_id, channel"
    )
    .fetch_all(x)
    .await)?)
}

pub async fn set_robot_secret(
    c: &mut Conn<'_>,
    unit: i64,
    channel: &str,
    secret: &str,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("UPDATE unit_robots SET secret = $3 WHERE unit_id = $1 AND channel = $2")
            .bind(unit)
            .bind(channel)
            .bind(secret)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}
