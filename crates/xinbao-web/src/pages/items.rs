//! Item pages: my items, the editor (new and edit, with autosave), the item with its
//! actions, trail and timeline, and revision diffs.

use super::item_form::ItemForm;
use super::{Page, render};
use crate::actions::{ActionBody, dispatch, revision_diff};
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
use xinbao_app::{AppError, ItemInput, ItemView};
use xinbao_domain::item::{Importance, ItemStatus, ItemType, Sensitivity, Urgency};
use xinbao_store::inbox::ItemLine;
use xinbao_store::items::RevisionRow;

#[derive(Template)]
#[template(path = "items.html")]
struct ItemsPage {
    page: Page,
    items: Vec<ItemLine>,
    heading: &'static str,
    empty: &'static str,
    can_write: bool,
}

#[derive(Template)]
#[template(path = "item_form.html")]
struct FormPage {
    page: Page,
    item: Option<ItemView>,
    input: ItemInput,
    types: Vec<&'static str>,
    importances: Vec<&'static str>,
    urgencies: Vec<&'static str>,
    sensitivities: Vec<&'static str>,
    /// When a save lost a race: what is saved now, and what the person typed.
    conflict: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "item.html")]
struct ItemPage {
    page: Page,
    view: ItemView,
    revisions: Vec<RevisionRow>,
    peers: Vec<(i64, String)>,
    reasons: Vec<&'static str>,
}

impl FormPage {
    fn can_submit(&self) -> bool {
        self.item
            .as_ref()
            .is_none_or(|v| v.actions.iter().any(|a| a == "submit"))
    }
}

impl ItemPage {
    fn can(&self, action: &str) -> bool {
        self.view.actions.iter().any(|a| a == action)
    }
}

async fn list(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let items = st.app.my_items(&ctx.actor()?, 200).await?;
    let page = Page::new(&ctx, "items.title", "/items");
    Ok(render(&ItemsPage {
        page,
        items,
        heading: "items.title",
        empty: "items.empty",
        can_write: true,
    }))
}

fn form(
    ctx: &Ctx,
    item: Option<ItemView>,
    input: ItemInput,
    conflict: Option<(String, String)>,
) -> Response {
    let title = if item.is_some() {
        "item.edit_title"
    } else {
        "item.new_title"
    };
    render(&FormPage {
        page: Page::new(ctx, title, "/items"),
        item,
        input,
        types: ItemType::ALL.iter().map(|t| t.code()).collect(),
        importances: Importance::ALL.iter().map(|t| t.code()).collect(),
        urgencies: Urgency::ALL.iter().map(|t| t.code()).collect(),
        sensitivities: Sensitivity::ALL.iter().map(|t| t.code()).collect(),
        conflict,
    })
}

async fn new_form(ctx: Ctx) -> Result<Response, Failure> {
    ctx.authed()?;
    Ok(form(
        &ctx,
        None,
        ItemInput {
            item_type: "dynamic".into(),
            ..Default::default()
        },
        None,
    ))
}

fn input_of(v: &ItemView) -> ItemInput {
    let i = &v.item;
    ItemInput {
        title: i.title.clone(),
        body: i.body.clone(),
        item_type: i.item_type.code().into(),
        importance: Some(i.importance.code().into()),
        urgency: Some(i.urgency.code().into()),
        sensitivity: Some(i.sensitivity.code().into()),
        topics: Some(i.topics.clone()),
        authors: Some(i.authors.clone()),
        contact_phone: i.contact_phone.clone(),
        version: Some(i.version),
    }
}

async fn edit_form(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Response, Failure> {
    let v = st.app.item(&ctx.actor()?, id).await?;
    if !v.actions.iter().any(|a| a == "revise" || a == "edit") {
        return Err(Failure(AppError::Conflict(
            xinbao_app::Conflict::WrongState,
        )));
    }
    let input = input_of(&v);
    Ok(form(&ctx, Some(v), input, None))
}

async fn create(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<ItemForm>,
) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let row = if f.then == "submit" {
        st.app.create_and_submit(&actor, &f.input(), None).await?
    } else {
        st.app.create_item(&actor, &f.input(), None).await?
    };
    Ok(Redirect::to(&format!("/items/{}", row.id)).into_response())
}

async fn save(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<ItemForm>,
) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    match st.app.save_item(&actor, id, &f.input()).await {
        Ok(_) => {}
        Err(AppError::Conflict(xinbao_app::Conflict::StaleVersion)) => {
            let v = st.app.item(&actor, id).await?;
            let saved = format!("{}\n{}", v.item.title, v.item.body_text);
            let mine = f.input();
            let typed = format!("{}\n{}", mine.title, mine.body);
            let mut input = mine;
            input.version = Some(v.item.version);
            return Ok(form(&ctx, Some(v), input, Some((saved, typed))));
        }
        Err(e) => return Err(Failure(e)),
    }
    if f.then == "submit" {
        st.app.submit_item(&actor, id).await?;
    }
    Ok(Redirect::to(&format!("/items/{id}")).into_response())
}

async fn show(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let (v, revisions) = st.app.item_page(&actor, id).await?;
    let peers = match v.item.office_id {
        Some(o) if v.actions.iter().any(|a| a == "share") => {
            let org = st.app.organisation(&actor).await?;
            st.app
                .peers_of(&actor, o)
                .await?
                .into_iter()
                .map(|id| (id, org.name(id)))
                .collect()
        }
        _ => Vec::new(),
    };
    let page = Page::new(&ctx, "item.title", "/items");
    Ok(render(&ItemPage {
        page,
        view: v,
        revisions,
        peers,
        reasons: xinbao_app::DECLINE_REASONS.to_vec(),
    }))
}

#[derive(Deserialize)]
struct ActionForm {
    #[serde(default)]
    comment: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    periodical: String,
    #[serde(default)]
    direct: Option<String>,
    #[serde(default)]
    office_id: Option<String>,
}

impl ActionForm {
    fn body(self) -> ActionBody {
        ActionBody {
            comment: self.comment,
            reason: self.reason,
            details: self.details,
            periodical: Some(self.periodical),
            direct: self.direct.is_some(),
            office_id: self.office_id.as_deref().and_then(|o| o.parse().ok()),
        }
    }
}

async fn act(
    State(st): State<AppState>,
    ctx: Ctx,
    P((id, action)): P<(i64, String)>,
    F(f): F<ActionForm>,
) -> Result<Response, Failure> {
    let target = dispatch(&st.app, &ctx.actor()?, id, &action, &f.body()).await?;
    Ok(Redirect::to(&format!("/items/{target}")).into_response())
}

#[derive(Template)]
#[template(path = "diff.html")]
struct DiffPage {
    page: Page,
    id: i64,
    from: RevisionRow,
    to: RevisionRow,
    segments: Vec<xinbao_app::diff::Segment>,
}

#[derive(Deserialize)]
struct DiffQuery {
    from: i64,
    to: i64,
}

async fn diff(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    Q(q): Q<DiffQuery>,
) -> Result<Response, Failure> {
    let (from, to, segments) = revision_diff(&st.app, &ctx.actor()?, id, q.from, q.to).await?;
    Ok(render(&DiffPage {
        page: Page::new(&ctx, "diff.title", "/items"),
        id,
        from,
        to,
        segments,
    }))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/items", get(list).post(create))
        .route("/items/new", get(new_form))
        .route("/items/{id}", get(show).post(save))
        .route("/items/{id}/edit", get(edit_form))
        .route("/items/{id}/diff", get(diff))
        .route("/items/{id}/do/{action}", post(act))
}
