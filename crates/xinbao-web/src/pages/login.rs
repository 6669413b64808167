//! Signing in and out of the web UI.

use super::{Page, render};
use crate::ctx::{Ctx, PRE_SESSION_COOKIE, SESSION_COOKIE};
use crate::extract::F;
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    error: Option<String>,
    username: String,
    /// The password was right and the account has a second factor: ask for the code.
    want_code: bool,
}

pub fn cookie(name: &'static str, value: String, ctx: &Ctx) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(ctx.secure)
        .build()
}

async fn form(ctx: Ctx, jar: CookieJar) -> Response {
    if ctx.auth.is_some() {
        return Redirect::to("/").into_response();
    }
    let mut ctx = ctx;
    let mut jar = jar;
    if ctx.form_token.is_empty() {
        ctx.form_token = xinbao_app::secret::random_token();
        jar = jar.add(cookie(PRE_SESSION_COOKIE, ctx.form_token.clone(), &ctx));
    }
    let page = Page::new(&ctx, "login.title", "/login");
    (
        jar,
        render(&LoginPage {
            page,
            error: None,
            username: String::new(),
            want_code: false,
        }),
    )
        .into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    /// The second factor's code or a recovery code, when the account has one on.
    #[serde(default)]
    totp: String,
}

async fn submit(
    State(st): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    F(f): F<LoginForm>,
) -> Response {
    match st
        .app
        .sign_in_web(
            &f.username,
            &f.password,
            Some(f.totp.as_str()),
            ctx.ip.as_deref(),
        )
        .await
    {
        Ok(s) => {
            let jar = jar
                .remove(Cookie::build(PRE_SESSION_COOKIE).path("/"))
                .add(cookie(SESSION_COOKIE, s.session_token, &ctx));
            let to = if s.person.must_change_password {
                "/account?first=1"
            } else {
                "/"
            };
            (jar, Redirect::to(to)).into_response()
        }
        Err(e) => refused(&ctx, f.username, Failure(e)),
    }
}

/// The sign-in form again, saying why, with the failure's status; a code is asked for when
/// the password was right and the second factor is missing or wrong.
fn refused(ctx: &Ctx, username: String, failure: Failure) -> Response {
    let want_code = matches!(
        failure.0,
        xinbao_app::AppError::TotpRequired | xinbao_app::AppError::TotpInvalid
    );
    let mut res = render(&LoginPage {
        page: Page::new(ctx, "login.title", "/login"),
        error: Some(failure.0.message(ctx.locale)),
        username,
        want_code,
    });
    *res.status_mut() = failure.status();
    res
}

async fn logout(State(st): State<AppState>, ctx: Ctx, jar: CookieJar) -> Result<Response, Failure> {
    let authed = ctx.authed()?;
    if let Some(h) = &authed.session_hash {
        st.app.sign_out(&ctx.actor()?, h).await?;
    }
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, Redirect::to("/login")).into_response())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(form).post(submit))
        .route("/logout", post(logout))
}
