//! The office inbox (filters, counts per state, urgent first, merge), the sign-off list and
//! the notifications page.

use super::{Page, more, render, window};
use crate::ctx::Ctx;
use crate::extract::{F, Q};
use crate::failure::Failure;
use crate::queries::InboxQuery;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use xinbao_app::{InboxPage, ItemInput};
use xinbao_domain::UnitKind;
use xinbao_domain::item::{ItemStatus, ItemType, Urgency};
use xinbao_store::inbox::ItemLine;

const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxView {
    page: Page,
    inbox: InboxPage,
    q: InboxQuery,
    page_no: i64,
    has_next: bool,
    statuses: Vec<ItemStatus>,
    types: Vec<&'static str>,
    urgencies: Vec<&'static str>,
    kinds: Vec<&'static str>,
    total: i64,
}

impl InboxView {
    fn count(&self, status: &ItemStatus) -> i64 {
        self.inbox
            .counts
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n)
    }

    fn selected(&self, status: &ItemStatus) -> bool {
        self.q.status == status.code()
    }

    fn link(&self, page: i64) -> String {
        format!("/inbox?{}&page={page}", self.q.query_string())
    }
}

impl InboxView {
    fn new(page: Page, inbox: InboxPage, q: InboxQuery, page_no: i64, has_next: bool) -> Self {
        let total = inbox.counts.iter().map(|(_, n)| n).sum();
        InboxView {
            page,
            inbox,
            q,
            page_no,
            has_next,
            statuses: ItemStatus::ALL
                .into_iter()
                .filter(|s| !ItemStatus::NOT_SENT.contains(s))
                .collect(),
            types: ItemType::ALL.iter().map(|t| t.code()).collect(),
            urgencies: Urgency::ALL.iter().map(|t| t.code()).collect(),
            kinds: UnitKind::ALL.iter().map(|k| k.code()).collect(),
            total,
        }
    }
}

async fn inbox(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<InboxQuery>,
) -> Result<Response, Failure> {
    let (page_no, limit, offset) = window(q.page, PAGE_SIZE);
    let mut inbox = st
        .app
        .inbox(&ctx.actor()?, q.office_id, &q.filter()?, limit, offset)
        .await?;
    let has_next = more(&mut inbox.items, PAGE_SIZE);
    let page = Page::new(&ctx, "inbox.title", "/inbox");
    Ok(render(&InboxView::new(page, inbox, q, page_no, has_next)))
}

#[derive(Template)]
#[template(path = "merge.html")]
struct MergePage {
    page: Page,
    sources: Vec<xinbao_app::ItemView>,
    ids: String,
}

#[derive(Deserialize)]
struct MergeStart {
    #[serde(default)]
    ids: String,
}

/// Start a merge: the selected items side by side and the combined item's form.
async fn merge_form(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<MergeStart>,
) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let mut sources = Vec::new();
    for id in q
        .ids
        .split(',')
        .filter_map(|s| s.trim().parse::<i64>().ok())
    {
        sources.push(st.app.item(&actor, id).await?);
    }
    if sources.len() < 2 {
        return Err(Failure::invalid("item_ids", "at_least_two"));
    }
    Ok(render(&MergePage {
        page: Page::new(&ctx, "merge.title", "/inbox"),
        sources,
        ids: q.ids,
    }))
}

#[derive(Deserialize)]
struct MergeForm {
    ids: String,
    title: String,
    body: String,
}

async fn merge(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<MergeForm>,
) -> Result<Response, Failure> {
    let ids: Vec<i64> = f
        .ids
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let input = ItemInput {
        title: f.title,
        body: f.body,
        item_type: "combined".into(),
        ..Default::default()
    };
    let row = st.app.merge_items(&ctx.actor()?, &ids, &input).await?;
    Ok(Redirect::to(&format!("/items/{}", row.id)).into_response())
}

#[derive(Template)]
#[template(path = "items.html")]
struct SignoffsPage {
    page: Page,
    items: Vec<ItemLine>,
    heading: &'static str,
    empty: &'static str,
    can_write: bool,
}

async fn signoffs(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let items = st.app.to_sign(&ctx.actor()?).await?;
    let page = Page::new(&ctx, "signoffs.title", "/signoffs");
    Ok(render(&SignoffsPage {
        page,
        items,
        heading: "signoffs.title",
        empty: "signoffs.empty",
        can_write: false,
    }))
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    page: Page,
    notes: Vec<xinbao_app::Notice>,
}

async fn notifications(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let notes = st.app.notifications(&ctx.actor()?, 100).await?;
    Ok(render(&NotificationsPage {
        page: Page::new(&ctx, "notifications.title", "/notifications"),
        notes,
    }))
}

async fn read_all(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    st.app.mark_notifications_read(&ctx.actor()?, None).await?;
    Ok(Redirect::to("/notifications").into_response())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inbox", get(inbox))
        .route("/inbox/merge", get(merge_form).post(merge))
        .route("/signoffs", get(signoffs))
        .route("/notifications", get(notifications))
        .route("/notifications/read", post(read_all))
}
