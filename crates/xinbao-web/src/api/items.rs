//! Items and the editorial cycle.

use super::ErrorBody;
use crate::ctx::Ctx;
use crate::extract::{J, OptJ, P, Q};
use crate::failure::Failure;
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use xinbao_app::{InboxPage, ItemInput, ItemView};
use xinbao_store::inbox::{Filter, ItemLine};

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

#[derive(Deserialize, Default, ToSchema)]
pub struct ActionBody {
    /// A comment (required to return an item or refuse a sign-off).
    #[serde(default)]
    pub comment: String,
    /// Decline: a reason from `/api/v1/decline-reasons` or free text.
    #[serde(default)]
    pub reason: String,
    /// Decline: further details.
    #[serde(default)]
    pub details: String,
    /// Adopt: the periodical it is meant for.
    pub periodical: Option<String>,
    /// Forward: first-receiver direct report (首接直报), signed by the top signer.
    #[serde(default)]
    pub direct: bool,
    /// Share: the peer office.
    pub office_id: Option<i64>,
}

macro_rules! action {
    ($fn:ident, $path:literal, $doc:literal, |$st:ident, $actor:ident, $id:ident, $b:ident| $call:expr) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "items", security(("bearer" = [])), params(("id" = i64, Path)), request_body(content = ActionBody, content_type = "application/json"),
            responses((status = 200, body = ItemView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
        pub async fn $fn(State($st): State<AppState>, ctx: Ctx, P($id): P<i64>, OptJ($b): OptJ<ActionBody>) -> Result<Json<ItemView>, Failure> {
            let $actor = ctx.actor()?;
            let _ = &$b;
            $call;
            Ok(Json($st.app.item(&$actor, $id).await?))
        }
    };
}

action!(
    submit_item,
    "/api/v1/items/{id}/submit",
    "Submit to the office (via the unit's sign-off where its rule asks for it).",
    |st, a, id, b| st.app.submit_item(&a, id).await?
);
action!(
    approve_item,
    "/api/v1/items/{id}/approve",
    "Sign off (unit leader, or office signer for items sent upward).",
    |st, a, id, b| st.app.approve_item(&a, id, &b.comment).await?
);
action!(
    reject_item,
    "/api/v1/items/{id}/reject",
    "Refuse the sign-off, with a comment: back to draft.",
    |st, a, id, b| st.app.reject_item(&a, id, &b.comment).await?
);
action!(
    withdraw_item,
    "/api/v1/items/{id}/withdraw",
    "Withdraw (kept, shown as withdrawn).",
    |st, a, id, b| st.app.withdraw_item(&a, id).await?
);
action!(
    receive_item,
    "/api/v1/items/{id}/receive",
    "Record receipt (签收).",
    |st, a, id, b| st.app.receive_item(&a, id).await?
);
action!(
    claim_item,
    "/api/v1/items/{id}/claim",
    "Claim for editing; the claim expires on its own.",
    |st, a, id, b| st.app.claim_item(&a, id).await?
);
action!(
    hold_item,
    "/api/v1/items/{id}/hold",
    "On hold, to verify (待核实).",
    |st, a, id, b| st.app.hold_item(&a, id, &b.comment).await?
);
action!(
    reserve_item,
    "/api/v1/items/{id}/reserve",
    "Keep in reserve (备用).",
    |st, a, id, b| st.app.reserve_item(&a, id, &b.comment).await?
);
action!(
    return_item,
    "/api/v1/items/{id}/return",
    "Return for revision (退回修改), with a comment.",
    |st, a, id, b| st.app.return_item(&a, id, &b.comment).await?
);
action!(
    decline_item,
    "/api/v1/items/{id}/decline",
    "Decline (不采用), with a reason.",
    |st, a, id, b| st.app.decline_item(&a, id, &b.reason, &b.details).await?
);
action!(
    adopt_item,
    "/api/v1/items/{id}/adopt",
    "Adopt (采用), optionally naming the periodical.",
    |st, a, id, b| st.app.adopt_item(&a, id, b.periodical.as_deref()).await?
);
action!(
    share_item,
    "/api/v1/items/{id}/share",
    "Share with a peer office (read-only, not scored).",
    |st, a, id, b| st
        .app
        .share_item(
            &a,
            id,
            b.office_id
                .ok_or(Failure::invalid("office_id", "required"))?
        )
        .await?
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
    let row = st.app.forward_item(&actor, id, b.direct).await?;
    Ok((
        StatusCode::CREATED,
        Json(st.app.item(&actor, row.id).await?),
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

#[derive(Deserialize, Default, IntoParams)]
pub struct InboxQuery {
    /// Comma-separated states, e.g. `submitted,received`.
    #[serde(default)]
    pub status: String,
    pub unit_id: Option<i64>,
    pub unit_kind: Option<String>,
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    pub urgency: Option<String>,
    pub topic: Option<String>,
    /// Local dates `YYYY-MM-DD` on the submission time.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Words in the title.
    pub q: Option<String>,
    /// `newest` (default), `oldest`, `updated`, `title`.
    pub sort: Option<String>,
    pub office_id: Option<i64>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    /// Page number (pages of the web inbox).
    pub page: Option<i64>,
}

impl InboxQuery {
    /// The filter as a query string (for pager links).
    pub fn query_string(&self) -> String {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        serde_urlencoded::to_string([
            ("status", self.status.clone()),
            ("unit_kind", o(&self.unit_kind)),
            ("type", o(&self.item_type)),
            ("urgency", o(&self.urgency)),
            ("topic", o(&self.topic)),
            ("from", o(&self.from)),
            ("to", o(&self.to)),
            ("q", o(&self.q)),
            ("sort", o(&self.sort)),
        ])
        .unwrap_or_default()
    }

    pub fn filter(&self) -> Result<Filter, Failure> {
        let text = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let day = |s: &Option<String>, f: &'static str, next| match text(s) {
            None => Ok(None),
            Some(d) => xinbao_app::i18n::local_day_start(&d, next)
                .map(Some)
                .ok_or(Failure::invalid(f, "date")),
        };
        Ok(Filter {
            statuses: self
                .status
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            unit_id: self.unit_id,
            unit_kind: text(&self.unit_kind),
            item_type: text(&self.item_type),
            urgency: text(&self.urgency),
            topic: text(&self.topic),
            from: day(&self.from, "from", false)?,
            to: day(&self.to, "to", true)?,
            q: text(&self.q),
            sort: self.sort.clone().unwrap_or_default(),
        })
    }
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
    let revs = st.app.item_revisions(&ctx.actor()?, id).await?;
    let find = |n: i64| {
        revs.iter()
            .find(|r| r.rev_no == n)
            .ok_or(Failure(xinbao_app::AppError::NotFound))
    };
    let (a, b) = (find(q.from)?, find(q.to)?);
    let old = format!("{}\n{}", a.title, a.body_text);
    let new = format!("{}\n{}", b.title, b.body_text);
    Ok(Json(xinbao_app::diff::diff(&old, &new)))
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
    let (name, bytes) = crate::pages::upload(mp).await?;
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
