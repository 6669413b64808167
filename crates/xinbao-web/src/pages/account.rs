//! The person's own account: profile, password change, API tokens (the second factor's own
//! pages are in `account_totp`).

use super::{Page, render};
use crate::ctx::Ctx;
use crate::extract::{F, P};
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use xinbao_app::PersonView;
use xinbao_store::tokens::TokenRow;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: Page,
    me: PersonView,
    tokens: Vec<TokenRow>,
    channels: Vec<xinbao_app::channels::ChannelChoice>,
    new_token: Option<String>,
    notice: Option<String>,
    error: Option<String>,
    totp: xinbao_app::totp::TotpStatus,
    must_enrol_totp: bool,
}

async fn page(
    st: &AppState,
    ctx: &Ctx,
    new_token: Option<String>,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, Failure> {
    let authed = ctx.authed()?;
    let me = st.app.me(&authed.principal).await?;
    let tokens = st.app.list_tokens(&ctx.actor()?).await?;
    let channels = st.app.my_channels(&ctx.actor()?).await?;
    let totp = st.app.totp_status(&ctx.actor()?).await?;
    let page = Page::new(ctx, "account.title", "/account");
    Ok(render(&AccountPage {
        page,
        me,
        tokens,
        channels,
        new_token,
        notice,
        error,
        totp,
        must_enrol_totp: authed.must_enrol_totp,
    }))
}

/// The account page with a notice or an error (used by the second factor's forms).
pub(super) async fn page_with(
    st: &AppState,
    ctx: &Ctx,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, Failure> {
    page(st, ctx, None, notice, error).await
}

async fn show(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    page(&st, &ctx, None, None, None).await
}

#[derive(Deserialize)]
struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

async fn change_password(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<PasswordForm>,
) -> Result<Response, Failure> {
    let authed = ctx.authed()?;
    let session = authed.session_hash.as_deref();
    let result = if f.new != f.confirm {
        Err(xinbao_app::AppError::invalid("confirm", "mismatch"))
    } else {
        let actor = ctx.actor()?;
        st.app
            .change_password(&actor, &f.current, &f.new, session)
            .await
    };
    match result {
        Ok(()) => {
            let notice = Some(ctx.t("account.password_changed"));
            page(&st, &ctx, None, notice, None).await
        }
        Err(e) => {
            let message = e.message(ctx.locale);
            let mut res = page(&st, &ctx, None, None, Some(message)).await?;
            *res.status_mut() = Failure(e).status();
            Ok(res)
        }
    }
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
}

async fn create_token(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<TokenForm>,
) -> Result<Response, Failure> {
    let (_, token) = st.app.create_token(&ctx.actor()?, &f.name).await?;
    page(&st, &ctx, Some(token), None, None).await
}

async fn revoke_token(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Response, Failure> {
    st.app.revoke_token(&ctx.actor()?, id).await?;
    Ok(Redirect::to("/account").into_response())
}

#[derive(Deserialize)]
struct ChannelForm {
    channel: String,
    #[serde(default)]
    enabled: String,
}

async fn set_channel(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<ChannelForm>,
) -> Result<Response, Failure> {
    st.app
        .set_my_channel(&ctx.actor()?, &f.channel, f.enabled == "on")
        .await?;
    let notice = Some(ctx.t("account.channels_saved"));
    page(&st, &ctx, None, notice, None).await
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(show))
        .route("/account/password", post(change_password))
        .route("/account/tokens", post(create_token))
        .route("/account/channels", post(set_channel))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
}
