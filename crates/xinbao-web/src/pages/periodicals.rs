//! Periodicals: the office's list (and a new one), a periodical's archive with search, and a
//! new issue compiled from adopted items.

use super::{Form, Page, field, render};
use crate::ctx::Ctx;
use crate::extract::{F, P, Q};
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use xinbao_app::periodicals::{IssueInput, PeriodicalInput};
use xinbao_domain::SignerLevel;
use xinbao_domain::periodical::{IssueKind, IssueStatus};
use xinbao_store::inbox::ItemLine;
use xinbao_store::periodicals::{IssueRow, PeriodicalRow};

#[derive(Template)]
#[template(path = "periodicals.html")]
struct ListPage {
    page: Page,
    periodicals: Vec<PeriodicalRow>,
    editor: bool,
    /// The office's editors: chief editor candidates and names.
    editors: Vec<(i64, String)>,
}

impl ListPage {
    fn chief_of(&self, p: &PeriodicalRow) -> Option<String> {
        let id = p.chief_editor_id?;
        self.editors
            .iter()
            .find(|(e, _)| *e == id)
            .map(|(_, n)| n.clone())
    }
}

async fn list(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let v = st.app.periodicals_view(&ctx.actor()?).await?;
    Ok(render(&ListPage {
        page: Page::new(&ctx, "periodicals.title", "/periodicals"),
        periodicals: v.periodicals,
        editor: v.editor,
        editors: v.editors,
    }))
}

async fn create(State(st): State<AppState>, ctx: Ctx, F(f): F<Form>) -> Result<Response, Failure> {
    let input = PeriodicalInput {
        name: field(&f, "name").into(),
        restart_yearly: field(&f, "restart_yearly") == "on",
        running_total: field(&f, "running_total") == "on",
        columns: field(&f, "columns").into(),
        signoff_level: Some(field(&f, "signoff_level").into()),
        secrecy: field(&f, "secrecy").into(),
        copies: field(&f, "copies").trim().parse().unwrap_or(0),
        dist_up: field(&f, "dist_up").into(),
        dist_side: field(&f, "dist_side").into(),
        dist_down: field(&f, "dist_down").into(),
        office_id: None,
        chief_editor_id: field(&f, "chief_editor_id").parse().ok(),
    };
    let p = st.app.create_periodical(&ctx.actor()?, &input).await?;
    Ok(Redirect::to(&format!("/periodicals/{}", p.id)).into_response())
}

#[derive(Deserialize, Default)]
struct ArchiveQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    q: String,
    /// Search among adopted items for a new issue.
    #[serde(default)]
    find: String,
}

#[derive(Template)]
#[template(path = "periodical.html")]
struct ArchivePage {
    page: Page,
    periodical: PeriodicalRow,
    issues: Vec<IssueRow>,
    year: String,
    q: String,
    find: String,
    /// Adopted items to compile a new issue from (editors only).
    candidates: Vec<ItemLine>,
    editor: bool,
}

impl ArchivePage {
    fn label(&self, i: &IssueRow) -> String {
        match (i.year, i.number) {
            (Some(y), Some(n)) => format!("{y}-{n}"),
            _ => format!("#{}", i.id),
        }
    }
}

async fn archive(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    Q(q): Q<ArchiveQuery>,
) -> Result<Response, Failure> {
    let year = q.year.trim().parse().ok();
    let v = st
        .app
        .archive_view(&ctx.actor()?, id, year, &q.q, &q.find)
        .await?;
    Ok(render(&ArchivePage {
        page: Page::new(&ctx, "periodicals.archive", "/periodicals"),
        periodical: v.periodical,
        issues: v.issues,
        year: q.year,
        q: q.q,
        find: q.find,
        candidates: v.candidates,
        editor: v.editor,
    }))
}

async fn new_issue(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, Failure> {
    let input = IssueInput {
        item_ids: f
            .iter()
            .filter(|(k, _)| k == "item")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
        kind: Some(field(&f, "kind").to_string()).filter(|k| !k.is_empty()),
        editor_note: field(&f, "editor_note").into(),
    };
    let issue = st.app.create_issue(&ctx.actor()?, id, &input).await?;
    Ok(Redirect::to(&format!("/issues/{}", issue.issue.id)).into_response())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/periodicals", get(list).post(create))
        .route("/periodicals/{id}", get(archive))
        .route("/periodicals/{id}/issues", post(new_issue))
}
