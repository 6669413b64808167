//! Files of items: attachments, and a draft from a Word document.

use crate::api::ErrorBody;
use crate::ctx::Ctx;
use crate::extract::P;
use crate::failure::Failure;
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use xinbao_app::ItemView;

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
