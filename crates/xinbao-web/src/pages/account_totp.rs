//! The second factor on the account page: begin (QR code as inline SVG, the key for typing
//! in), confirm with a code (the recovery codes, shown once), turn off.

use super::{Page, render};
use crate::ctx::Ctx;
use crate::extract::F;
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use xinbao_app::totp::TotpEnrolment;

#[derive(Template)]
#[template(path = "account_totp.html")]
struct TotpPage {
    page: Page,
    qr_svg: String,
    secret: String,
    recovery_codes: Option<Vec<String>>,
    error: Option<String>,
}

/// The `otpauth://` address as a QR code, drawn as SVG by the binary (no script, no CDN).
fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
        Err(e) => {
            tracing::warn!(error = %e, "the otpauth address does not fit a QR code");
            String::new()
        }
    }
}

fn enrolment_page(ctx: &Ctx, e: &TotpEnrolment, error: Option<String>) -> Response {
    render(&TotpPage {
        page: Page::new(ctx, "totp.title", "/account"),
        qr_svg: qr_svg(&e.otpauth_uri),
        secret: e.secret.clone(),
        recovery_codes: None,
        error,
    })
}

/// The enrolment begun and not confirmed yet (or back to the account page).
async fn show(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    match st.app.totp_status(&ctx.actor()?).await?.pending {
        Some(e) => Ok(enrolment_page(&ctx, &e, None)),
        None => Ok(Redirect::to("/account").into_response()),
    }
}

async fn begin(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let e = st.app.begin_totp(&ctx.actor()?).await?;
    Ok(enrolment_page(&ctx, &e, None))
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
}

async fn confirm(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<CodeForm>,
) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    match st.app.confirm_totp(&actor, &f.code).await {
        Ok(codes) => Ok(render(&TotpPage {
            page: Page::new(&ctx, "totp.title", "/account"),
            qr_svg: String::new(),
            secret: String::new(),
            recovery_codes: Some(codes),
            error: None,
        })),
        Err(err) => {
            let Some(e) = st.app.totp_status(&actor).await?.pending else {
                return Err(Failure(err));
            };
            let status = Failure(err).status();
            let message = Failure::invalid("totp", "wrong").0.message(ctx.locale);
            let mut res = enrolment_page(&ctx, &e, Some(message));
            *res.status_mut() = status;
            Ok(res)
        }
    }
}

async fn turn_off(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<CodeForm>,
) -> Result<Response, Failure> {
    let code = Some(f.code.as_str()).filter(|c| !c.trim().is_empty());
    let password = Some(f.password.as_str()).filter(|p| !p.is_empty());
    match st.app.disable_totp(&ctx.actor()?, code, password).await {
        Ok(()) => super::account::page_with(&st, &ctx, Some(ctx.t("totp.turned_off")), None).await,
        Err(e) => {
            let message = e.message(ctx.locale);
            let status = Failure(e).status();
            let mut res = super::account::page_with(&st, &ctx, None, Some(message)).await?;
            *res.status_mut() = status;
            Ok(res)
        }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account/totp", get(show).post(begin))
        .route("/account/totp/confirm", post(confirm))
        .route("/account/totp/off", post(turn_off))
}
