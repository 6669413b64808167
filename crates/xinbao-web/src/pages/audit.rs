//! Browsing and exporting the audit log.

use super::{Page, more, render, window};
use crate::ctx::Ctx;
use crate::extract::Q;
use crate::failure::Failure;
use crate::queries::AuditQuery;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use xinbao_store::audit::AuditRow;

const PAGE_SIZE: i64 = 100;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    page: Page,
    rows: Vec<AuditRow>,
    q: AuditQuery,
    page_no: i64,
    has_next: bool,
    actions: Vec<&'static str>,
    /// Whether the keyed chain verifies, and the verdict in words.
    chain_intact: bool,
    chain_text: String,
}

async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<AuditQuery>,
) -> Result<Response, Failure> {
    let (page_no, limit, offset) = window(q.page, PAGE_SIZE);
    let actor = ctx.actor()?;
    let mut rows = st
        .app
        .audit_log(&actor, &q.filter()?, limit, offset)
        .await?;
    let has_next = more(&mut rows, PAGE_SIZE);
    // The whole chain is walked on each view: the auditor sees the state of the log as it is.
    let chain = st.app.audit_chain(&actor).await?;
    let actions = xinbao_domain::audit::AuditAction::ALL
        .map(|a| a.code())
        .to_vec();
    Ok(render(&AuditPage {
        page: Page::new(&ctx, "audit.title", "/admin/audit"),
        rows,
        q,
        page_no,
        has_next,
        actions,
        chain_intact: chain.intact,
        chain_text: xinbao_app::chain_text(ctx.locale, &chain),
    }))
}

async fn export(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<AuditQuery>,
) -> Result<Response, Failure> {
    let bytes = st
        .app
        .audit_csv(&ctx.actor()?, &q.filter()?, ctx.locale)
        .await?;
    Ok(crate::transfer::download(
        bytes,
        "text/csv; charset=utf-8",
        "audit-log.csv",
    ))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/audit", get(list))
        .route("/admin/audit.csv", get(export))
}
