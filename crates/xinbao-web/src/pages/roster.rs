//! Roster import page and template downloads.

use super::{Page, render};
use crate::ctx::Ctx;
use crate::failure::Failure;
use crate::server::AppState;
use crate::transfer::{self, XLSX, download};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::response::Response;
use axum::routing::get;
use xinbao_app::AppError;
use xinbao_app::roster::ImportReport;
use xinbao_domain::menu::Section;

#[derive(Template)]
#[template(path = "roster.html")]
struct RosterPage {
    page: Page,
    report: Option<ImportReport>,
}

async fn form(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    st.app.may_open(&ctx.actor()?, Section::Roster)?;
    Ok(render(&RosterPage {
        page: Page::new(&ctx, "roster.title", "/admin/roster"),
        report: None,
    }))
}

async fn upload(State(st): State<AppState>, ctx: Ctx, mp: Multipart) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let (_, bytes) = transfer::upload(mp).await?;
    let report = st.app.import_roster(&actor, &bytes).await?;
    Ok(render(&RosterPage {
        page: Page::new(&ctx, "roster.title", "/admin/roster"),
        report: Some(report),
    }))
}

async fn template_xlsx(ctx: Ctx) -> Result<Response, Failure> {
    ctx.authed()?;
    let bytes = tokio::task::spawn_blocking(xinbao_app::roster::template_xlsx)
        .await
        .map_err(|e| Failure(AppError::Internal(e.to_string())))??;
    Ok(download(bytes, XLSX, "信报名册模板.xlsx"))
}

async fn template_csv(ctx: Ctx) -> Result<Response, Failure> {
    ctx.authed()?;
    Ok(download(
        xinbao_app::roster::template_csv()?,
        "text/csv; charset=utf-8",
        "信报名册模板.csv",
    ))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/roster", get(form).post(upload))
        .route("/admin/roster/template.xlsx", get(template_xlsx))
        .route("/admin/roster/template.csv", get(template_csv))
}
