//! Sudden events: registration, reports, verification, the ledger, time-limit rules and the
//! working-day calendar.

use super::ErrorBody;
use crate::ctx::Ctx;
use crate::extract::{J, P, Q};
use crate::failure::Failure;
use crate::queries::{LedgerQuery, ledger_range};
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use xinbao_app::events::{
    CorrectionInput, EventInput, EventLine, EventView, LedgerInput, LedgerView, ReportInput,
    ReportView, RuleInput, RuleView, VerificationInput, VerificationResultInput,
};
use xinbao_store::calendar::DayRow;
use xinbao_store::ledger::VerificationRow;

/// Register a sudden event and ask units to report. Each unit gets its deadlines from the
/// office's rule for the severity (the national 2015 rule by default); limits already passed
/// (a `received_at` in the past) are overdue at once, with their reminders and ledger records.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", security(("bearer" = [])), request_body = EventInput,
    responses((status = 201, body = EventView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_event(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<EventInput>,
) -> Result<(StatusCode, Json<EventView>), Failure> {
    let v = st.app.register_event(&ctx.actor()?, &b).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize, Default, ToSchema, IntoParams)]
pub struct EventsQuery {
    /// The office (default: the caller's editor office).
    pub office_id: Option<i64>,
    /// Include closed events.
    #[serde(default)]
    pub all: bool,
}

/// The office's events with their deadlines (open ones unless `all`): the dashboard.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", security(("bearer" = [])), params(EventsQuery),
    responses((status = 200, body = Vec<EventLine>), (status = 403, body = ErrorBody)))]
pub async fn list_events(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<EventsQuery>,
) -> Result<Json<Vec<EventLine>>, Failure> {
    Ok(Json(
        st.app
            .office_events(&ctx.actor()?, q.office_id, !q.all)
            .await?,
    ))
}

/// One event, current: units, deadlines with their status, reports, reminders, ledger.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = EventView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_event(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<EventView>, Failure> {
    Ok(Json(st.app.event(&ctx.actor()?, id).await?))
}

/// File a report: a phone log, the first written report (its mandatory elements are
/// checked and the missing ones named), a follow-up, the final report or a zero report.
#[utoipa::path(post, path = "/api/v1/events/{id}/reports", tag = "events", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ReportInput,
    responses((status = 201, body = ReportView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_report(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<ReportInput>,
) -> Result<(StatusCode, Json<ReportView>), Failure> {
    let r = st.app.add_report(&ctx.actor()?, id, &b).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// Close an event (the office's editor): open limits end; passed, unanswered ones are
/// recorded as missing.
#[utoipa::path(post, path = "/api/v1/events/{id}/close", tag = "events", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = EventView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close_event(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<EventView>, Failure> {
    let actor = ctx.actor()?;
    st.app.close_event(&actor, id).await?;
    Ok(Json(st.app.event(&actor, id).await?))
}

/// Assign verification of a report that disagrees with another source.
#[utoipa::path(post, path = "/api/v1/events/{id}/verifications", tag = "events", security(("bearer" = [])), params(("id" = i64, Path)), request_body = VerificationInput,
    responses((status = 201, body = VerificationRow), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assign_verification(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<VerificationInput>,
) -> Result<(StatusCode, Json<VerificationRow>), Failure> {
    let v = st.app.assign_verification(&ctx.actor()?, id, &b).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Record the result of a verification; a false or concealing report goes on the ledger.
#[utoipa::path(post, path = "/api/v1/verifications/{id}/result", tag = "events", security(("bearer" = [])), params(("id" = i64, Path)), request_body = VerificationResultInput,
    responses((status = 200, body = VerificationRow), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn complete_verification(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<VerificationResultInput>,
) -> Result<Json<VerificationRow>, Failure> {
    Ok(Json(
        st.app.complete_verification(&ctx.actor()?, id, &b).await?,
    ))
}

/// Accountability records (迟报、漏报、瞒报、谎报, praise) made in a period, with the people
/// responsible as they were then, corrections included.
#[utoipa::path(get, path = "/api/v1/ledger", tag = "events", security(("bearer" = [])), params(LedgerQuery),
    responses((status = 200, body = Vec<LedgerView>), (status = 422, body = ErrorBody)))]
pub async fn ledger(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<LedgerQuery>,
) -> Result<Json<Vec<LedgerView>>, Failure> {
    let (from, to) = ledger_range(&q, st.app.now().0)?;
    Ok(Json(st.app.ledger(&ctx.actor()?, from, to).await?))
}

/// Add a record (an editor: concealment, a false report, lateness or praise found otherwise).
#[utoipa::path(post, path = "/api/v1/ledger", tag = "events", security(("bearer" = [])), request_body = LedgerInput,
    responses((status = 201, body = LedgerView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_ledger(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<LedgerInput>,
) -> Result<(StatusCode, Json<LedgerView>), Failure> {
    let v = st.app.add_ledger_record(&ctx.actor()?, &b).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Correct a record: a new record naming it, with a reason. The old one is never changed.
#[utoipa::path(post, path = "/api/v1/ledger/{id}/corrections", tag = "events", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CorrectionInput,
    responses((status = 201, body = LedgerView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn correct_ledger(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<CorrectionInput>,
) -> Result<(StatusCode, Json<LedgerView>), Failure> {
    let v = st.app.correct_ledger_record(&ctx.actor()?, id, &b).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize, Default, ToSchema, IntoParams)]
pub struct OfficeQuery {
    pub office_id: Option<i64>,
}

/// The time-limit rules in force at the office, one per severity.
#[utoipa::path(get, path = "/api/v1/time-limit-rules", tag = "events", security(("bearer" = [])), params(OfficeQuery),
    responses((status = 200, body = Vec<RuleView>), (status = 403, body = ErrorBody)))]
pub async fn list_rules(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<OfficeQuery>,
) -> Result<Json<Vec<RuleView>>, Failure> {
    Ok(Json(
        st.app.time_limit_rules(&ctx.actor()?, q.office_id).await?,
    ))
}

/// Set the office's rule for a severity. Open events keep the deadlines they were given.
#[utoipa::path(put, path = "/api/v1/time-limit-rules", tag = "events", security(("bearer" = [])), request_body = RuleInput,
    responses((status = 200, body = RuleView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_rule(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<RuleInput>,
) -> Result<Json<RuleView>, Failure> {
    Ok(Json(st.app.set_time_limit_rule(&ctx.actor()?, &b).await?))
}

/// Holidays and adjusted working days (the rest follow the weekday/weekend default), for
/// administrators, like the calendar page.
#[utoipa::path(get, path = "/api/v1/calendar", tag = "events", security(("bearer" = [])),
    responses((status = 200, body = Vec<DayRow>)))]
pub async fn calendar(State(st): State<AppState>, ctx: Ctx) -> Result<Json<Vec<DayRow>>, Failure> {
    Ok(Json(st.app.calendar_for(&ctx.actor()?).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct DayInput {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `holiday`, `workday`, or `default` to clear the day.
    pub kind: String,
    #[serde(default)]
    pub name: String,
}

/// Set a day of the calendar (administrators).
#[utoipa::path(put, path = "/api/v1/calendar", tag = "events", security(("bearer" = [])), request_body = DayInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_day(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<DayInput>,
) -> Result<StatusCode, Failure> {
    st.app
        .set_calendar_day(&ctx.actor()?, &b.day, &b.kind, &b.name)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
