//! The reports units send on an event.

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::event::ReportKind;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ReportRow {
    pub id: i64,
    pub event_id: i64,
    pub unit_id: i64,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: ReportKind,
    pub body: String,
    /// JSON object: element code → text.
    pub elements: String,
    pub caller: Option<String>,
    pub called_at: Option<i64>,
    pub reported_by: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewReport {
    pub event_id: i64,
    pub unit_id: i64,
    pub kind: ReportKind,
    pub body: String,
    pub elements: String,
    pub caller: Option<String>,
    pub called_at: Option<i64>,
    pub reported_by: i64,
}

pub async fn add_report(c: &mut Conn<'_>, r: &NewReport, now: i64) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "INSERT INTO event_reports (event_id, unit_id, kind, body, elements, caller, called_at, \
         reported_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"
    )
    .bind(r.event_id)
    .bind(r.unit_id)
    .bind(r.kind.code())
    .bind(&r.body)
    .bind(&r.elements)
    .bind(&r.caller)
    .bind(r.called_at)
    .bind(r.reported_by)
    .bind(now)
    .fetch_one(x)
    .await)?)
}

pub async fn reports_of(c: &mut Conn<'_>, event: i64) -> Result<Vec<ReportRow>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT id, event_id, unit_id, kind, body, elements, caller, called_at, reported_by, \
         created_at FROM event_reports WHERE event_id = $1 ORDER BY id"
    )
    .bind(event)
    .fetch_all(x)
    .await)?)
}
