//! Session, the caller, password and API tokens.

use super::ErrorBody;
use crate::ctx::Ctx;
use crate::extract::{J, P};
use crate::failure::Failure;
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use xinbao_app::PersonView;
use xinbao_store::tokens::TokenRow;

#[derive(Deserialize, ToSchema)]
pub struct Credentials {
    pub username: String,
    pub password: String,
    /// The second factor's current code (or a recovery code), when the account has one on.
    #[serde(default)]
    pub totp: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SessionToken {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub person: PersonView,
}

/// Sign in: a bearer token for the API.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = Credentials,
    responses((status = 200, body = SessionToken),
        (status = 401, description = "`bad_credentials`, `totp_required` (send `totp`) or `totp_invalid`", body = ErrorBody),
        (status = 423, body = ErrorBody)))]
pub async fn create_session(
    State(st): State<AppState>,
    ctx: Ctx,
    J(c): J<Credentials>,
) -> Result<Json<SessionToken>, Failure> {
    let (token, person) = st
        .app
        .sign_in_api(
            &c.username,
            &c.password,
            c.totp.as_deref(),
            ctx.ip.as_deref(),
        )
        .await?;
    let principal = st.app.principal(person.id).await?;
    let person = st.app.me(&principal).await?;
    Ok(Json(SessionToken { token, person }))
}

/// Sign out: revokes the token used for this call.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn delete_session(State(st): State<AppState>, ctx: Ctx) -> Result<StatusCode, Failure> {
    let authed = ctx.authed()?;
    if let Some(t) = &authed.bearer {
        st.app.revoke_current_token(&ctx.actor()?, t).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    #[serde(flatten)]
    pub person: PersonView,
    /// The units the caller holds roles in.
    pub units: Vec<UnitRef>,
}

#[derive(Serialize, ToSchema)]
pub struct UnitRef {
    pub id: i64,
    pub name: String,
}

/// The caller, with roles and units.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(State(st): State<AppState>, ctx: Ctx) -> Result<Json<Me>, Failure> {
    let person = st.app.me(&ctx.authed()?.principal).await?;
    let mut units: Vec<UnitRef> = Vec::new();
    for r in &person.roles {
        if !units.iter().any(|u| u.id == r.unit_id) {
            units.push(UnitRef {
                id: r.unit_id,
                name: r.unit_name.clone(),
            });
        }
    }
    Ok(Json(Me { person, units }))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

/// Change one's own password.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "session", security(("bearer" = [])), request_body = PasswordChange,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<PasswordChange>,
) -> Result<StatusCode, Failure> {
    let keep = ctx.authed()?.session_hash.clone();
    st.app
        .change_password(&ctx.actor()?, &b.current, &b.new, keep.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's API tokens (never their values).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "session", security(("bearer" = [])),
    responses((status = 200, body = Vec<TokenRow>)))]
pub async fn list_tokens(
    State(st): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<TokenRow>>, Failure> {
    Ok(Json(st.app.list_tokens(&ctx.actor()?).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewToken {
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    pub id: i64,
    /// Shown once.
    pub token: String,
}

/// Create a named, revocable API token.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "session", security(("bearer" = [])), request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), Failure> {
    let (id, token) = st.app.create_token(&ctx.actor()?, &b.name).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { id, token })))
}

/// Revoke one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "session", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<StatusCode, Failure> {
    st.app.revoke_token(&ctx.actor()?, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
