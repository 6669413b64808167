//! Attachments: upload on the item pages, and downloads checked against the item's
//! permissions (range requests work, so audio and video play in the browser).

use crate::ctx::Ctx;
use crate::extract::P;
use crate::failure::Failure;
use crate::server::AppState;
use axum::Router;
use axum::extract::{Multipart, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tower::ServiceExt;
use xinbao_app::AppError;

/// The uploaded file's name and bytes from a multipart form (field `file`).
pub async fn upload(mut mp: Multipart) -> Result<(String, Vec<u8>), Failure> {
    while let Ok(Some(field)) = mp.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| Failure::invalid("file", "unreadable"))?;
            if bytes.is_empty() {
                return Err(Failure::invalid("file", "required"));
            }
            return Ok((name, bytes.to_vec()));
        }
    }
    Err(Failure::invalid("file", "required"))
}

async fn serve(
    st: &AppState,
    ctx: &Ctx,
    hash: &str,
    thumb: bool,
    req: Request,
) -> Result<Response, Failure> {
    let (path, mime, name) = st.app.open_file(&ctx.actor()?, hash, thumb).await?;
    let res = tower_http::services::ServeFile::new(&path)
        .oneshot(req)
        .await
        .map_err(|e| Failure(AppError::Internal(e.to_string())))?;
    if res.status() == axum::http::StatusCode::NOT_FOUND {
        return Err(Failure(AppError::NotFound));
    }
    let mut res = res.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    let inline = mime.starts_with("image/")
        || mime.starts_with("audio/")
        || mime.starts_with("video/")
        || mime == "application/pdf";
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!(
        "{}; filename*=UTF-8''{encoded}",
        if inline { "inline" } else { "attachment" }
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    Ok(res)
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
