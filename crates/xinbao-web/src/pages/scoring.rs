//! Scoring pages: the points of an office's units, ranked, each explained entry by entry (a
//! unit's people see their own), and the office's scheme — its file, versions and the shipped
//! examples.

use super::{Form, Page, field, render};
use crate::ctx::Ctx;
use crate::extract::{F, Q};
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use xinbao_app::scoring::{SHIPPED, SchemeView, UnitScore};

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

async fn scores(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<ScoresQuery>,
) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let (dfrom, dto) = default_range(st.app.now().0);
    let from = if q.from.trim().is_empty() {
        dfrom
    } else {
        q.from.trim().to_string()
    };
    let to = if q.to.trim().is_empty() {
        dto
    } else {
        q.to.trim().to_string()
    };
    let range = crate::api::LedgerQuery {
        from: Some(from.clone()),
        to: Some(to.clone()),
    };
    let (f, t) = crate::api::ledger_range(&range, st.app.now().0)?;
    let org = st.app.org().await?;
    // An office's people see its units ranked; a unit's people see their own points under
    // the office it reports to.
    let mine: Vec<i64> = actor.principal.grants.iter().map(|g| g.unit_id.0).collect();
    let own_office = mine.iter().copied().find(|u| org.is_office(*u));
    let (office, unit) = match (q.office_id.or(own_office), mine.first()) {
        (Some(o), _) => (Some(o), None),
        (None, Some(u)) => (
            org.tree
                .reporting_office(xinbao_domain::UnitId(*u))
                .map(|x| x.0),
            Some(*u),
        ),
        (None, None) => (None, None),
    };
    let scores = st.app.scores(&actor, office, f, t, unit).await?;
    let mut charts = Vec::new();
    if unit.is_none()
        && let Some(o) = office
    {
        let top: Vec<&UnitScore> = scores.iter().take(20).collect();
        charts.push((
            "chart-rank",
            chart_json(serde_json::json!({
                "kind": "rank",
                "name": ctx.t("field.points"),
                "labels": top.iter().map(|s| s.unit_name.clone()).collect::<Vec<_>>(),
                "values": top.iter().map(|s| s.points).collect::<Vec<_>>(),
            })),
        ));
        let stats = st.app.office_stats(&actor, o, f, t).await?;
        charts.push((
            "chart-months",
            chart_json(serde_json::json!({
                "kind": "months",
                "labels": stats.months,
                "series": [
                    {"name": ctx.t("home.progress.sent"), "values": stats.sent},
                    {"name": ctx.t("home.progress.adopted"), "values": stats.adopted},
                ],
            })),
        ));
        charts.push((
            "chart-types",
            chart_json(serde_json::json!({
                "kind": "pie",
                "data": stats.types.iter().map(|(k, n)| serde_json::json!({
                    "name": ctx.t(&format!("item.type.{k}")),
                    "value": n,
                })).collect::<Vec<_>>(),
            })),
        ));
    }
    Ok(render(&ScoresPage {
        page: Page::new(&ctx, "scores.title", "/scores"),
        from,
        to,
        scores,
        charts,
    }))
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
}
