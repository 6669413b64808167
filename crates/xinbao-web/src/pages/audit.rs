//! Browsing and exporting the audit log.

use super::{Page, render};
use crate::ctx::Ctx;
use crate::extract::Q;
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use xinbao_store::audit::{AuditFilter, AuditRow};

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

/// Filters as typed in the form; dates are local (Asia/Shanghai) `YYYY-MM-DD`.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
pub struct AuditQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub page: Option<i64>,
}

impl AuditQuery {
    pub fn filter(&self) -> Result<AuditFilter, Failure> {
        let day = |s: &str, field: &'static str, next: bool| -> Result<Option<i64>, Failure> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            xinbao_app::i18n::local_day_start(s.trim(), next)
                .map(Some)
                .ok_or(Failure::invalid(field, "date"))
        };
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        Ok(AuditFilter {
            from: day(&self.from, "from", false)?,
            to: day(&self.to, "to", true)?,
            action: text(&self.action),
            actor: text(&self.actor),
            not_by: None,
            within: None,
        })
    }

    pub fn query_string(&self) -> String {
        serde_urlencoded::to_string([
            ("from", &self.from),
            ("to", &self.to),
            ("action", &self.action),
            ("actor", &self.actor),
        ])
        .unwrap_or_default()
    }
}

async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<AuditQuery>,
) -> Result<Response, Failure> {
    let page_no = q.page.unwrap_or(1).max(1);
    let mut rows = st
        .app
        .audit_log(
            &ctx.actor()?,
            &q.filter()?,
            PAGE_SIZE + 1,
            (page_no - 1) * PAGE_SIZE,
        )
        .await?;
    let has_next = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    // The whole chain is walked on each view: the auditor sees the state of the log as it is.
    let chain = st.app.audit_chain(&ctx.actor()?).await?;
    let actions = xinbao_domain::audit::AuditAction::ALL
        .iter()
        .map(|a| a.code())
        .collect();
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
    Ok(super::roster::download(
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
