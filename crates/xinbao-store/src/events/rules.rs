//! Time-limit rules per office and severity, retired rather than changed when replaced.

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::event::Severity;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct RuleRow {
    pub id: i64,
    pub office_id: Option<i64>,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub severity: Severity,
    pub phone_minutes: Option<i64>,
    pub written_minutes: i64,
    pub followup_hours: Option<i64>,
    /// Beijing clock times, `HH:MM` separated by commas.
    pub followup_times: String,
    pub warn_minutes: i64,
    /// Minutes after the limit for each step up the ladder, separated by commas.
    pub escalate_minutes: String,
    pub created_at: i64,
}

const RULE_COLUMNS: &str = "id, office_id, severity, phone_minutes, written_minutes, \
    followup_hours, followup_times, warn_minutes, escalate_minutes, created_at";

/// A rule to store (the row without its id and time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRule {
    pub severity: Severity,
    pub phone_minutes: Option<i64>,
    pub written_minutes: i64,
    pub followup_hours: Option<i64>,
    pub followup_times: String,
    pub warn_minutes: i64,
    pub escalate_minutes: String,
}

/// The office's active rules, one per severity it has set.
pub async fn rules_of(c: &mut Conn<'_>, office: i64) -> Result<Vec<RuleRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {RULE_COLUMNS} FROM time_limit_rules WHERE office_id = $1 AND active ORDER BY severity"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(office)
        .fetch_all(x)
        .await)?)
}

/// Replaces the office's rule for a severity: the old row is retired, not changed.
pub async fn replace_rule(
    c: &mut Conn<'_>,
    office: i64,
    r: &NewRule,
    by: i64,
    now: i64,
) -> Result<i64, StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
        "UPDATE time_limit_rules SET active = FALSE WHERE office_id = $1 AND severity = $2 AND active"
    )
    .bind(office)
    .bind(r.severity.code())
    .execute(x)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "INSERT INTO time_limit_rules (office_id, severity, phone_minutes, written_minutes, \
         followup_hours, followup_times, warn_minutes, escalate_minutes, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"
    )
    .bind(office)
    .bind(r.severity.code())
    .bind(r.phone_minutes)
    .bind(r.written_minutes)
    .bind(r.followup_hours)
    .bind(&r.followup_times)
    .bind(r.warn_minutes)
    .bind(&r.escalate_minutes)
    .bind(by)
    .bind(now)
    .fetch_one(x)
    .await)?)
}
