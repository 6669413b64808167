//! Items and the editorial cycle.

use super::ErrorBody;
use crate::actions::{ActionBody, dispatch, revision_diff};
use crate::ctx::Ctx;
use crate::extract::{J, OptJ, P, Q};
use crate::failure::Failure;
use crate::queries::InboxQuery;
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use xinbao_app::{InboxPage, ItemInput, ItemView};
use xinbao_store::inbox::ItemLine;

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

/// The caller's office inbox, urgent items first, with counts per state.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "items", security(("bearer" = [])), params(InboxQuery),
    responses((status = 200, body = InboxPage), (status = 403, body = ErrorBody)))]
pub async fn inbox(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<InboxQuery>,
) -> Result<Json<InboxPage>, Failure> {
    let page = st
        .app
        .inbox(
            &ctx.actor()?,
            q.office_id,
            &q.filter()?,
            q.limit.unwrap_or(50),
            q.offset.unwrap_or(0),
        )
        .await?;
    Ok(Json(page))
}

/// The items of the caller's own units.
#[utoipa::path(get, path = "/api/v1/my/items", tag = "items", security(("bearer" = [])), responses((status = 200, body = Vec<ItemLine>)))]
pub async fn my_items(
    State(st): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<ItemLine>>, Failure> {
    Ok(Json(st.app.my_items(&ctx.actor()?, 200).await?))
}

/// Items waiting for a sign-off the caller can give.
#[utoipa::path(get, path = "/api/v1/signoffs", tag = "items", security(("bearer" = [])), responses((status = 200, body = Vec<ItemLine>)))]
pub async fn signoffs(
    State(st): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<ItemLine>>, Failure> {
    Ok(Json(st.app.to_sign(&ctx.actor()?).await?))
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

/// Attach a picture, audio, video or document (multipart field `file`); the type is judged by
/// content and limited in size per kind.
#[utoipa::path(post, path = "/api/v1/items/{id}/attachments", tag = "items", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body(content_type = "multipart/form-data"),
    responses((status = 201, body = xinbao_app::AttachmentRow), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn attach(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    mp: axum::extract::Multipart,
) -> Result<(StatusCode, Json<xinbao_app::AttachmentRow>), Failure> {
    let (name, bytes) = crate::transfer::upload(mp).await?;
    Ok((
        StatusCode::CREATED,
        Json(st.app.attach(&ctx.actor()?, id, &name, bytes).await?),
    ))
}

/// The item's attachments.
#[utoipa::path(get, path = "/api/v1/items/{id}/attachments", tag = "items", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<xinbao_app::AttachmentRow>)))]
pub async fn attachments(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<Vec<xinbao_app::AttachmentRow>>, Failure> {
    Ok(Json(st.app.attachments(&ctx.actor()?, id).await?))
}

/// A draft from a Word document: the body of the request is the .docx file.
#[utoipa::path(post, path = "/api/v1/items/import-docx", tag = "items", security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = ItemView), (status = 422, body = ErrorBody)))]
pub async fn import_docx(
    State(st): State<AppState>,
    ctx: Ctx,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<ItemView>), Failure> {
    let actor = ctx.actor()?;
    let row = st.app.draft_from_docx(&actor, body.to_vec()).await?;
    Ok((
        StatusCode::CREATED,
        Json(st.app.item(&actor, row.id).await?),
    ))
}
