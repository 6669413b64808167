//! Roster import page and template downloads.

use super::{Page, render};
use crate::ctx::Ctx;
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use xinbao_app::AppError;
use xinbao_app::roster::ImportReport;

#[derive(Template)]
#[template(path = "roster.html")]
struct RosterPage {
    page: Page,
    report: Option<ImportReport>,
}

async fn form(ctx: Ctx) -> Result<Response, Failure> {
    if !ctx.actor()?.is_admin() {
        return Err(Failure(AppError::Forbidden));
    }
    Ok(render(&RosterPage {
        page: Page::new(&ctx, "roster.title", "/admin/roster"),
        report: None,
    }))
}

/// The uploaded file's bytes from a multipart form (field `file`).
pub async fn file_bytes(mut mp: Multipart) -> Result<Vec<u8>, Failure> {
    while let Ok(Some(field)) = mp.next_field().await {
        if field.name() == Some("file") {
            let bytes = field
                .bytes()
                .await
                .map_err(|_| Failure::invalid("file", "unreadable"))?;
            if bytes.is_empty() {
                return Err(Failure::invalid("file", "required"));
            }
            return Ok(bytes.to_vec());
        }
    }
    Err(Failure::invalid("file", "required"))
}

async fn upload(State(st): State<AppState>, ctx: Ctx, mp: Multipart) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let bytes = file_bytes(mp).await?;
    let report = st.app.import_roster(&actor, &bytes).await?;
    Ok(render(&RosterPage {
        page: Page::new(&ctx, "roster.title", "/admin/roster"),
        report: Some(report),
    }))
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

pub fn download(bytes: Vec<u8>, mime: &'static str, filename: &str) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        filename.replace(|c: char| !c.is_ascii_alphanumeric() && c != '.', "_"),
        urlencode(filename)
    );
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn template_xlsx(ctx: Ctx) -> Result<Response, Failure> {
    ctx.authed()?;
    let bytes = tokio::task::spawn_blocking(xinbao_app::roster::template_xlsx)
        .await
        .map_err(|e| Failure(AppError::Internal(e.to_string())))??;
    Ok(download(bytes, XLSX, "信报名册模板.xlsx"))
}

async fn template_csv(ctx: Ctx) -> Result<Response, Failure> {
    ctx.authed()?;
    Ok(download(
        xinbao_app::roster::template_csv()?,
        "text/csv; charset=utf-8",
        "信报名册模板.csv",
    ))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/roster", get(form).post(upload))
        .route("/admin/roster/template.xlsx", get(template_xlsx))
        .route("/admin/roster/template.csv", get(template_csv))
}
