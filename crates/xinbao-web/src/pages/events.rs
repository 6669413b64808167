//! Sudden-event pages: the dashboard an editor keeps open all day (it refreshes itself), the
//! registration form, one event with its clocks and report forms, and the actions on it.

use super::{Form, Page, field, render};
use crate::ctx::Ctx;
use crate::extract::{F, P};
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::BTreeMap;
use xinbao_app::events::{
    EventInput, EventLine, EventView, ReportInput, TimeInput, VerificationInput,
    VerificationResultInput,
};
use xinbao_domain::event::{DeadlineStatus, EventStatus, VerificationOutcome, VerificationStatus};
use xinbao_domain::event::{Element, ReportKind, Severity};
use xinbao_store::events::EventRow;

fn opt_time(f: &Form, name: &str) -> Option<TimeInput> {
    Some(field(f, name).trim())
        .filter(|s| !s.is_empty())
        .map(|s| TimeInput::Text(s.to_string()))
}

#[derive(Template)]
#[template(path = "events.html")]
struct Dashboard {
    page: Page,
    lines: Vec<EventLine>,
    mine: Vec<EventRow>,
    editor: bool,
    now: i64,
}

async fn dashboard(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let editor = xinbao_app::events::editor_office_of(&actor).is_some();
    let lines = if editor {
        st.app.office_events(&actor, None, true).await?
    } else {
        Vec::new()
    };
    Ok(render(&Dashboard {
        page: Page::new(&ctx, "events.title", "/events"),
        mine: st.app.my_events(&actor).await?,
        lines,
        editor,
        now: st.app.now().0,
    }))
}

#[derive(Template)]
#[template(path = "event_new.html")]
struct NewEvent {
    page: Page,
    units: Vec<(i64, String)>,
    severities: Vec<&'static str>,
    /// The severity the form starts at.
    preset: &'static str,
}

async fn new_form(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    Ok(render(&NewEvent {
        page: Page::new(&ctx, "events.new", "/events"),
        units: st.app.askable_units(&actor, None).await?,
        severities: Severity::ALL.iter().map(|s| s.code()).collect(),
        preset: Severity::PRESET.code(),
    }))
}

async fn create(State(st): State<AppState>, ctx: Ctx, F(f): F<Form>) -> Result<Response, Failure> {
    let input = EventInput {
        title: field(&f, "title").into(),
        severity: field(&f, "severity").into(),
        unit_ids: f
            .iter()
            .filter(|(k, _)| k == "unit_ids")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
        occurred_at: opt_time(&f, "occurred_at"),
        received_at: opt_time(&f, "received_at"),
        description: field(&f, "description").into(),
        place: field(&f, "place").into(),
        source: field(&f, "source").into(),
        zero_report: field(&f, "zero_report") == "on",
        office_id: None,
    };
    let v = st.app.register_event(&ctx.actor()?, &input).await?;
    Ok(Redirect::to(&format!("/events/{}", v.event.id)).into_response())
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    page: Page,
    v: EventView,
    now: i64,
    elements: Vec<&'static str>,
    /// Units the caller may report for.
    report_units: Vec<(i64, String)>,
    office_people: Vec<(i64, String)>,
}

impl EventPage {
    fn open(&self) -> bool {
        self.v.event.status == EventStatus::Open
    }
}

async fn show(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let v = st.app.event(&actor, id).await?;
    let report_units = v
        .units
        .iter()
        .filter(|u| u.final_at.is_none())
        .filter(|u| v.office_side || xinbao_app::events::writes_for_unit(&actor, u.unit_id))
        .map(|u| (u.unit_id, u.unit_name.clone()))
        .collect();
    let office_people = if v.office_side {
        st.app
            .people_in_unit(&actor, v.event.office_id)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(render(&EventPage {
        page: Page::new(&ctx, "event.title", "/events"),
        v,
        now: st.app.now().0,
        elements: Element::ALL.iter().map(|e| e.code()).collect(),
        report_units,
        office_people,
    }))
}

async fn report(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, Failure> {
    let kind = field(&f, "kind");
    ReportKind::from_code(kind).ok_or(Failure::invalid("report_kind", "unknown"))?;
    let elements: BTreeMap<String, String> = f
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("el_").map(|e| (e.to_string(), v.clone())))
        .collect();
    let input = ReportInput {
        kind: kind.into(),
        unit_id: field(&f, "unit_id").parse().ok(),
        body: field(&f, "body").into(),
        elements,
        caller: Some(field(&f, "caller").to_string()).filter(|s| !s.is_empty()),
        called_at: opt_time(&f, "called_at"),
    };
    st.app.add_report(&ctx.actor()?, id, &input).await?;
    Ok(Redirect::to(&format!("/events/{id}")).into_response())
}

async fn close(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>) -> Result<Response, Failure> {
    st.app.close_event(&ctx.actor()?, id).await?;
    Ok(Redirect::to(&format!("/events/{id}")).into_response())
}

async fn verify(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, Failure> {
    let input = VerificationInput {
        report_id: field(&f, "report_id").parse().ok(),
        unit_id: None,
        conflict: field(&f, "conflict").into(),
        assignee_id: field(&f, "assignee_id")
            .parse()
            .map_err(|_| Failure::invalid("assignee_id", "required"))?,
        due_at: opt_time(&f, "due_at"),
    };
    st.app
        .assign_verification(&ctx.actor()?, id, &input)
        .await?;
    Ok(Redirect::to(&format!("/events/{id}")).into_response())
}

async fn verified(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, Failure> {
    let input = VerificationResultInput {
        outcome: field(&f, "outcome").into(),
        result: field(&f, "result").into(),
    };
    let v = st
        .app
        .complete_verification(&ctx.actor()?, id, &input)
        .await?;
    Ok(Redirect::to(&format!("/events/{}", v.event_id)).into_response())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events", get(dashboard).post(create))
        .route("/events/new", get(new_form))
        .route("/events/{id}", get(show))
        .route("/events/{id}/reports", post(report))
        .route("/events/{id}/close", post(close))
        .route("/events/{id}/verifications", post(verify))
        .route("/verifications/{id}/result", post(verified))
}
