//! Scoring pages: the points of an office's units, ranked, each explained entry by entry (a
//! unit's people see their own), and the office's scheme — its file, versions and the shipped
//! examples.

use super::{Form, Page, field, render};
use crate::ctx::Ctx;
use crate::extract::{F, Q};
use crate::failure::Failure;
use crate::queries::{LedgerQuery, ledger_range};
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use xinbao_app::scoring::{OfficeStats, PenaltyInput, SHIPPED, SchemeView, UnitScore};

#[derive(Deserialize, Default)]
struct ScoresQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    office_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "scores.html")]
struct ScoresPage {
    page: Page,
    from: String,
    to: String,
    scores: Vec<UnitScore>,
    /// The charts' data as JSON (`<` escaped, so it cannot close the script element).
    charts: Vec<(&'static str, String)>,
    /// The office shown, when the caller may export its bulletins.
    office: Option<i64>,
    /// The caller may enter penalties and corrections there.
    may_correct: bool,
    /// The office's units, for the penalty form.
    units: Vec<(i64, String)>,
    /// Shortcuts: (label key, from, to).
    ranges: Vec<(&'static str, String, String)>,
}

/// This month, this quarter and this year so far (Beijing days).
fn shortcuts(today: &str) -> Vec<(&'static str, String, String)> {
    let (y, m) = (
        today.get(..4).unwrap_or("2026"),
        today
            .get(5..7)
            .and_then(|m| m.parse::<u32>().ok())
            .unwrap_or(1),
    );
    let q = (m - 1) / 3 * 3 + 1;
    vec![
        ("scores.this_month", format!("{y}-{m:02}-01"), today.into()),
        (
            "scores.this_quarter",
            format!("{y}-{q:02}-01"),
            today.into(),
        ),
        ("scores.this_year", format!("{y}-01-01"), today.into()),
    ]
}

fn chart_json(v: serde_json::Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

/// The year so far by default (Beijing).
fn default_range(now: i64) -> (String, String) {
    let today = xinbao_app::i18n::local_time(xinbao_domain::Timestamp(now));
    let day = today.get(..10).unwrap_or("2026-01-01").to_string();
    (format!("{}-01-01", day.get(..4).unwrap_or("2026")), day)
}

/// The range asked for, the year so far where a bound is left empty.
fn range_of(q: &ScoresQuery, now: i64) -> (String, String) {
    let (dfrom, dto) = default_range(now);
    let or = |v: &str, d: String| {
        if v.trim().is_empty() {
            d
        } else {
            v.trim().to_string()
        }
    };
    (or(&q.from, dfrom), or(&q.to, dto))
}

/// The office's charts: units ranked, items by month, items by type.
fn charts(ctx: &Ctx, scores: &[UnitScore], stats: &OfficeStats) -> Vec<(&'static str, String)> {
    let top: Vec<&UnitScore> = scores.iter().take(20).collect();
    let rank = serde_json::json!({
        "kind": "rank",
        "name": ctx.t("field.points"),
        "labels": top.iter().map(|s| s.unit_name.clone()).collect::<Vec<_>>(),
        "values": top.iter().map(|s| s.points).collect::<Vec<_>>(),
    });
    let months = serde_json::json!({
        "kind": "months",
        "labels": stats.months,
        "series": [
            {"name": ctx.t("home.progress.sent"), "values": stats.sent},
            {"name": ctx.t("home.progress.adopted"), "values": stats.adopted},
        ],
    });
    let types = serde_json::json!({
        "kind": "pie",
        "data": stats.types.iter().map(|(k, n)| serde_json::json!({
            "name": ctx.t(&format!("item.type.{k}")),
            "value": n,
        })).collect::<Vec<_>>(),
    });
    vec![
        ("chart-rank", chart_json(rank)),
        ("chart-months", chart_json(months)),
        ("chart-types", chart_json(types)),
    ]
}

async fn scores(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<ScoresQuery>,
) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let now = st.app.now().0;
    let (from, to) = range_of(&q, now);
    let range = LedgerQuery {
        from: Some(from.clone()),
        to: Some(to.clone()),
    };
    let (f, t) = ledger_range(&range, now)?;
    let v = st.app.scores_view(&actor, q.office_id, f, t).await?;
    let charts = v
        .stats
        .as_ref()
        .map_or(Vec::new(), |s| charts(&ctx, &v.scores, s));
    Ok(render(&ScoresPage {
        page: Page::new(&ctx, "scores.title", "/scores"),
        ranges: shortcuts(&default_range(now).1),
        from,
        to,
        charts,
        office: v.office.filter(|_| v.may_export),
        may_correct: v.may_correct,
        scores: v.scores,
        units: v.units,
    }))
}

/// A penalty or correction entered from the points page.
async fn penalty(State(st): State<AppState>, ctx: Ctx, F(f): F<Form>) -> Result<Response, Failure> {
    let num = |k: &str| field(&f, k).trim().parse::<i64>().ok();
    let points: f64 = field(&f, "points")
        .trim()
        .parse()
        .map_err(|_| Failure::invalid("points", "number"))?;
    let input = PenaltyInput {
        office_id: num("office_id"),
        unit_id: num("unit_id").ok_or(Failure::invalid("unit_id", "unknown_unit"))?,
        points,
        reason: field(&f, "reason").to_string(),
        item_id: num("item_id"),
        corrects_id: num("corrects_id"),
    };
    st.app.add_penalty(&ctx.actor()?, &input).await?;
    Ok(Redirect::to(&format!(
        "/scores?from={}&to={}#unit-{}",
        field(&f, "from"),
        field(&f, "to"),
        input.unit_id
    ))
    .into_response())
}

#[derive(Deserialize, Default)]
struct ExportQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    week: String,
    #[serde(default)]
    format: String,
    office_id: Option<i64>,
}

/// The bulletin of the range shown, or last week's list, as a download.
async fn export(
    State(st): State<AppState>,
    ctx: Ctx,
    axum::extract::Path(what): axum::extract::Path<String>,
    Q(q): Q<ExportQuery>,
) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let now = st.app.now().0;
    let (name, mime, bytes) = if what == "weekly" {
        let day =
            xinbao_app::i18n::local_day_start(q.week.trim(), false).unwrap_or(now - 7 * 86_400_000);
        let monday = xinbao_app::scoring::week_start(day);
        st.app
            .weekly_file(&actor, q.office_id, monday, &q.format)
            .await?
    } else {
        let range = LedgerQuery {
            from: Some(q.from),
            to: Some(q.to),
        };
        let (f, t) = ledger_range(&range, now)?;
        st.app
            .bulletin_file(&actor, q.office_id, f, t, &q.format)
            .await?
    };
    Ok(crate::transfer::download(bytes, mime, &name))
}

#[derive(Template)]
#[template(path = "scoring_admin.html")]
struct SchemePage {
    page: Page,
    view: SchemeView,
    shipped: Vec<&'static str>,
}

async fn scheme(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<ScoresQuery>,
) -> Result<Response, Failure> {
    let view = st.app.scheme(&ctx.actor()?, q.office_id).await?;
    Ok(render(&SchemePage {
        page: Page::new(&ctx, "scoring.title", "/admin/scoring"),
        view,
        shipped: SHIPPED.iter().map(|(k, _)| *k).collect(),
    }))
}

async fn save(State(st): State<AppState>, ctx: Ctx, F(f): F<Form>) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let office: Option<i64> = field(&f, "office_id").parse().ok();
    let shipped = field(&f, "shipped");
    if shipped.is_empty() {
        st.app
            .save_scheme(&actor, office, field(&f, "body"))
            .await?;
    } else {
        st.app.load_shipped_scheme(&actor, office, shipped).await?;
    }
    let to = office.map_or("/admin/scoring".into(), |o| {
        format!("/admin/scoring?office_id={o}")
    });
    Ok(Redirect::to(&to).into_response())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/scores", get(scores))
        .route("/admin/scoring", get(scheme))
        .route("/admin/scoring", post(save))
        .route("/scores/penalties", post(penalty))
        .route("/scores/export/{what}", get(export))
}
