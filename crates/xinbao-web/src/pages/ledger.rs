//! The accountability ledger page and its exports, reminder notices (print page and .docx),
//! the office's time-limit rules and the administrator's working-day calendar.

use super::{Form, Page, field, render};
use crate::ctx::Ctx;
use crate::extract::{F, P, Q};
use crate::failure::Failure;
use crate::queries::{LedgerQuery, ledger_range};
use crate::server::AppState;
use crate::transfer::{DOCX, XLSX, download};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use xinbao_app::events::{
    CorrectionInput, LedgerInput, LedgerView, ReminderNotice, RuleInput, RuleView,
};
use xinbao_domain::event::LedgerKind;
use xinbao_store::calendar::DayRow;

#[derive(Template)]
#[template(path = "ledger.html")]
struct LedgerPage {
    page: Page,
    rows: Vec<LedgerView>,
    from: String,
    to: String,
    kinds: Vec<&'static str>,
    editor: bool,
}

async fn ledger(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<LedgerQuery>,
) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let (from, to) = ledger_range(&q, st.app.now().0)?;
    let day = |ms: i64| {
        xinbao_app::i18n::local_time(xinbao_domain::Timestamp(ms))
            .chars()
            .take(10)
            .collect::<String>()
    };
    Ok(render(&LedgerPage {
        page: Page::new(&ctx, "ledger.title", "/ledger"),
        rows: st.app.ledger(&actor, from, to).await?,
        from: day(from),
        to: day(to - 1),
        kinds: LedgerKind::ALL.iter().map(|k| k.code()).collect(),
        editor: xinbao_app::events::editor_office_of(&actor).is_some(),
    }))
}

async fn export(
    State(st): State<AppState>,
    ctx: Ctx,
    P(format): P<String>,
    Q(q): Q<LedgerQuery>,
) -> Result<Response, Failure> {
    let (from, to) = ledger_range(&q, st.app.now().0)?;
    let (mime, fmt) = match format.as_str() {
        "docx" => (DOCX, "docx"),
        "xlsx" => (XLSX, "xlsx"),
        _ => return Err(Failure(xinbao_app::AppError::NotFound)),
    };
    let (name, bytes) = st.app.ledger_document(&ctx.actor()?, from, to, fmt).await?;
    Ok(download(bytes, mime, &name))
}

async fn add_record(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<Form>,
) -> Result<Response, Failure> {
    let input = LedgerInput {
        unit_id: field(&f, "unit_id")
            .parse()
            .map_err(|_| Failure::invalid("unit_id", "required"))?,
        event_id: field(&f, "event_id").parse().ok(),
        kind: field(&f, "kind").into(),
        facts: field(&f, "facts").into(),
    };
    st.app.add_ledger_record(&ctx.actor()?, &input).await?;
    Ok(Redirect::to("/ledger").into_response())
}

async fn correct(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, Failure> {
    let input = CorrectionInput {
        reason: field(&f, "reason").into(),
        kind: Some(field(&f, "kind").to_string()).filter(|k| !k.is_empty()),
        facts: Some(field(&f, "facts").to_string()).filter(|k| !k.trim().is_empty()),
        void: field(&f, "void") == "on",
    };
    st.app
        .correct_ledger_record(&ctx.actor()?, id, &input)
        .await?;
    Ok(Redirect::to("/ledger").into_response())
}

#[derive(Template)]
#[template(path = "reminder.html")]
struct ReminderPage {
    page: Page,
    n: ReminderNotice,
}

async fn reminder(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Response, Failure> {
    let n = st.app.reminder_notice(&ctx.actor()?, id).await?;
    Ok(render(&ReminderPage {
        page: Page::new(&ctx, "reminder.title", "/events"),
        n,
    }))
}

async fn reminder_docx(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Response, Failure> {
    let (name, bytes) = st.app.reminder_docx(&ctx.actor()?, id).await?;
    Ok(download(bytes, DOCX, &name))
}

#[derive(Template)]
#[template(path = "rules.html")]
struct RulesPage {
    page: Page,
    rules: Vec<RuleView>,
}

async fn rules(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let rules = st.app.time_limit_rules(&ctx.actor()?, None).await?;
    Ok(render(&RulesPage {
        page: Page::new(&ctx, "rules.title", "/events"),
        rules,
    }))
}

async fn set_rule(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<Form>,
) -> Result<Response, Failure> {
    let num = |name: &'static str| -> Result<Option<i64>, Failure> {
        let v = field(&f, name).trim();
        if v.is_empty() {
            Ok(None)
        } else {
            v.parse()
                .map(Some)
                .map_err(|_| Failure::invalid(name, "format"))
        }
    };
    let input = RuleInput {
        severity: field(&f, "severity").into(),
        phone_minutes: num("phone_minutes")?,
        written_minutes: num("written_minutes")?
            .ok_or(Failure::invalid("written_minutes", "required"))?,
        followup_hours: num("followup_hours")?,
        followup_times: field(&f, "followup_times").into(),
        warn_minutes: num("warn_minutes")?.unwrap_or(0),
        escalate_minutes: field(&f, "escalate_minutes").into(),
        office_id: None,
    };
    st.app.set_time_limit_rule(&ctx.actor()?, &input).await?;
    Ok(Redirect::to("/events/rules").into_response())
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    page: Page,
    days: Vec<DayRow>,
}

async fn calendar(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let days = st.app.calendar_for(&ctx.actor()?).await?;
    Ok(render(&CalendarPage {
        page: Page::new(&ctx, "calendar.title", "/admin/calendar"),
        days,
    }))
}

async fn set_day(State(st): State<AppState>, ctx: Ctx, F(f): F<Form>) -> Result<Response, Failure> {
    st.app
        .set_calendar_day(
            &ctx.actor()?,
            field(&f, "day"),
            field(&f, "kind"),
            field(&f, "name"),
        )
        .await?;
    Ok(Redirect::to("/admin/calendar").into_response())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ledger", get(ledger).post(add_record))
        .route("/ledger/export/{format}", get(export))
        .route("/ledger/{id}/corrections", post(correct))
        .route("/reminders/{id}", get(reminder))
        .route("/reminders/{id}/docx", get(reminder_docx))
        .route("/events/rules", get(rules).post(set_rule))
        .route("/admin/calendar", get(calendar).post(set_day))
}
