//! Items and the editorial cycle.

mod files;
mod lists;

pub use files::*;
pub use lists::*;

use super::ErrorBody;
use crate::actions::{ActionBody, dispatch, revision_diff};
use crate::ctx::Ctx;
use crate::extract::{J, OptJ, P, Q};
use crate::failure::Failure;
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use xinbao_app::{ItemInput, ItemView};

#[derive(Deserialize, Default, ToSchema)]
pub struct NewItemQuery {
    /// The unit to write for, when the caller writes for several.
    pub unit_id: Option<i64>,
    /// Submit at once, in the same transaction (保存并报送).
    #[serde(default)]
    pub submit: bool,
}

/// Draft a new item.
#[utoipa::path(post, path = "/api/v1/items", tag = "items", security(("bearer" = [])), request_body = ItemInput,
    responses((status = 201, body = ItemView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_item(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<NewItemQuery>,
    J(b): J<ItemInput>,
) -> Result<(StatusCode, Json<ItemView>), Failure> {
    let actor = ctx.actor()?;
    let row = if q.submit {
        st.app.create_and_submit(&actor, &b, q.unit_id).await?
    } else {
        st.app.create_item(&actor, &b, q.unit_id).await?
    };
    Ok((
        StatusCode::CREATED,
        Json(st.app.fresh_view(&actor, row).await?),
    ))
}

/// One item, with its history, trail above, credit and the caller's possible actions.
#[utoipa::path(get, path = "/api/v1/items/{id}", tag = "items", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ItemView), (status = 404, body = ErrorBody)))]
pub async fn get_item(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<ItemView>, Failure> {
    Ok(Json(st.app.item(&ctx.actor()?, id).await?))
}

/// Save a new revision (the writer on a draft or returned item, the office's editor later).
/// `version` must be the one read: a stale one is 409 and nothing is overwritten.
#[utoipa::path(put, path = "/api/v1/items/{id}", tag = "items", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ItemInput,
    responses((status = 200, body = ItemView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_item(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<ItemInput>,
) -> Result<Json<ItemView>, Failure> {
    let actor = ctx.actor()?;
    st.app.save_item(&actor, id, &b).await?;
    Ok(Json(st.app.item(&actor, id).await?))
}

macro_rules! action {
    ($fn:ident, $path:literal, $code:literal, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "items", security(("bearer" = [])), params(("id" = i64, Path)), request_body(content = ActionBody, content_type = "application/json"),
            responses((status = 200, body = ItemView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
        pub async fn $fn(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>, OptJ(b): OptJ<ActionBody>) -> Result<Json<ItemView>, Failure> {
            let actor = ctx.actor()?;
            dispatch(&st.app, &actor, id, $code, &b).await?;
            Ok(Json(st.app.item(&actor, id).await?))
        }
    };
}

action!(
    submit_item,
    "/api/v1/items/{id}/submit",
    "submit",
    "Submit to the office (via the unit's sign-off where its rule asks for it)."
);
action!(
    approve_item,
    "/api/v1/items/{id}/approve",
    "approve",
    "Sign off (unit leader, or office signer for items sent upward)."
);
action!(
    reject_item,
    "/api/v1/items/{id}/reject",
    "reject",
    "Refuse the sign-off, with a comment: back to draft."
);
action!(
    withdraw_item,
    "/api/v1/items/{id}/withdraw",
    "withdraw",
    "Withdraw (kept, shown as withdrawn)."
);
action!(
    receive_item,
    "/api/v1/items/{id}/receive",
    "receive",
    "Record receipt (签收)."
);
action!(
    claim_item,
    "/api/v1/items/{id}/claim",
    "claim",
    "Claim for editing; the claim expires on its own."
);
action!(
    hold_item,
    "/api/v1/items/{id}/hold",
    "hold",
    "On hold, to verify (待核实)."
);
action!(
    reserve_item,
    "/api/v1/items/{id}/reserve",
    "reserve",
    "Keep in reserve (备用)."
);
action!(
    return_item,
    "/api/v1/items/{id}/return",
    "return",
    "Return for revision (退回修改), with a comment."
);
action!(
    decline_item,
    "/api/v1/items/{id}/decline",
    "decline",
    "Decline (不采用), with a reason."
);
action!(
    adopt_item,
    "/api/v1/items/{id}/adopt",
    "adopt",
    "Adopt (采用), optionally naming the periodical."
);
action!(
    share_item,
    "/api/v1/items/{id}/share",
    "share",
    "Share with a peer office (read-only, not scored)."
);

/// Send an adopted item up to the parent office: the answer is the new item there.
#[utoipa::path(post, path = "/api/v1/items/{id}/forward", tag = "items", security(("bearer" = [])), params(("id" = i64, Path)), request_body(content = ActionBody, content_type = "application/json"),
    responses((status = 201, body = ItemView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn forward_item(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    OptJ(b): OptJ<ActionBody>,
) -> Result<(StatusCode, Json<ItemView>), Failure> {
    let actor = ctx.actor()?;
    let target = dispatch(&st.app, &actor, id, "forward", &b).await?;
    Ok((
        StatusCode::CREATED,
        Json(st.app.item(&actor, target).await?),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct MergeBody {
    pub item_ids: Vec<i64>,
    pub title: String,
    pub body: String,
}

/// Merge received items into one combined item (综合信息); every source stays linked.
#[utoipa::path(post, path = "/api/v1/items/merge", tag = "items", security(("bearer" = [])), request_body = MergeBody,
    responses((status = 201, body = ItemView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn merge_items(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<MergeBody>,
) -> Result<(StatusCode, Json<ItemView>), Failure> {
    let actor = ctx.actor()?;
    let input = ItemInput {
        title: b.title,
        body: b.body,
        item_type: "combined".into(),
        ..Default::default()
    };
    let row = st.app.merge_items(&actor, &b.item_ids, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(st.app.item(&actor, row.id).await?),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct DiffQuery {
    pub from: i64,
    pub to: i64,
}

/// The character-level difference between two revisions of an item.
#[utoipa::path(get, path = "/api/v1/items/{id}/diff", tag = "items", security(("bearer" = [])), params(("id" = i64, Path), DiffQuery),
    responses((status = 200, body = Vec<xinbao_app::diff::Segment>), (status = 404, body = ErrorBody)))]
pub async fn diff(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    Q(q): Q<DiffQuery>,
) -> Result<Json<Vec<xinbao_app::diff::Segment>>, Failure> {
    let (_, _, segments) = revision_diff(&st.app, &ctx.actor()?, id, q.from, q.to).await?;
    Ok(Json(segments))
}
