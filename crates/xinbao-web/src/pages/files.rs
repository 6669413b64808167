//! Attachments: upload on the item pages, and downloads checked against the item's
//! permissions (range requests work, so audio and video play in the browser).

use crate::ctx::Ctx;
use crate::extract::P;
use crate::failure::Failure;
use crate::server::AppState;
use crate::transfer::{serve_file, upload};
use axum::Router;
use axum::extract::{Multipart, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

async fn serve(
    st: &AppState,
    ctx: &Ctx,
    hash: &str,
    thumb: bool,
    req: Request,
) -> Result<Response, Failure> {
    let (path, mime, name) = st.app.open_file(&ctx.actor()?, hash, thumb).await?;
    serve_file(&path, &mime, &name, req).await
}

async fn file(
    State(st): State<AppState>,
    ctx: Ctx,
    P(hash): P<String>,
    req: Request,
) -> Result<Response, Failure> {
    serve(&st, &ctx, &hash, false, req).await
}

async fn thumb(
    State(st): State<AppState>,
    ctx: Ctx,
    P(hash): P<String>,
    req: Request,
) -> Result<Response, Failure> {
    serve(&st, &ctx, &hash, true, req).await
}

async fn attach(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    mp: Multipart,
) -> Result<Response, Failure> {
    let (name, bytes) = upload(mp).await?;
    st.app.attach(&ctx.actor()?, id, &name, bytes).await?;
    Ok(Redirect::to(&format!("/items/{id}")).into_response())
}

async fn import_docx(
    State(st): State<AppState>,
    ctx: Ctx,
    mp: Multipart,
) -> Result<Response, Failure> {
    let (_, bytes) = upload(mp).await?;
    let row = st.app.draft_from_docx(&ctx.actor()?, bytes).await?;
    Ok(Redirect::to(&format!("/items/{}/edit", row.id)).into_response())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/files/{hash}", get(file))
        .route("/files/{hash}/thumb", get(thumb))
        .route("/items/{id}/attachments", post(attach))
        .route("/items/import", post(import_docx))
}
