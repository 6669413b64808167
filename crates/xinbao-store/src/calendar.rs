//! The working-day calendar's exceptions: holidays and adjusted working days (调休).

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::calendar::DayKind;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct DayRow {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `holiday` or `workday`.
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: DayKind,
    pub name: String,
}

pub async fn all(c: &mut Conn<'_>) -> Result<Vec<DayRow>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT day, kind, name FROM calendar_days ORDER BY day"
    )
    .fetch_all(x)
    .await)?)
}

/// Sets a day's kind (replacing what it was).
pub async fn set(c: &mut Conn<'_>, d: &DayRow, now: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "INSERT INTO calendar_days (day, kind, name, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, \
         updated_at = excluded.updated_at"
    )
    .bind(&d.day)
    .bind(d.kind.code())
    .bind(&d.name)
    .bind(now)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Returns a day to the weekday/weekend default; false when it had no entry.
pub async fn clear(c: &mut Conn<'_>, day: &str) -> Result<bool, StoreError> {
    let r = with_conn!(c, |x| sqlx::query(
        "DELETE FROM calendar_days WHERE day = $1"
    )
    .bind(day)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(r == 1)
}
