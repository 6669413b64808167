//! The caller's second factor (TOTP) and the security policy that may require it.

use super::ErrorBody;
use crate::ctx::Ctx;
use crate::extract::J;
use crate::failure::Failure;
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use xinbao_app::totp::TotpEnrolment;
use xinbao_domain::second_factor::SecurityPolicy;

/// Begin enrolling a second factor: a new seed, not active until confirmed.
#[utoipa::path(post, path = "/api/v1/me/totp", tag = "session", security(("bearer" = [])),
    responses((status = 201, body = TotpEnrolment), (status = 409, body = ErrorBody)))]
pub async fn begin(
    State(st): State<AppState>,
    ctx: Ctx,
) -> Result<(StatusCode, Json<TotpEnrolment>), Failure> {
    let e = st.app.begin_totp(&ctx.actor()?).await?;
    Ok((StatusCode::CREATED, Json(e)))
}

#[derive(Deserialize, ToSchema)]
pub struct TotpCode {
    /// Six digits from the authenticator app.
    pub code: String,
}

#[derive(Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Ten one-time codes, each usable once instead of a code. Shown only now.
    pub recovery_codes: Vec<String>,
}

/// Confirm the enrolment with a code: the factor is on; returns the recovery codes.
#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "session", security(("bearer" = [])),
    request_body = TotpCode,
    responses((status = 200, body = RecoveryCodes), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn confirm(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<TotpCode>,
) -> Result<Json<RecoveryCodes>, Failure> {
    let recovery_codes = st.app.confirm_totp(&ctx.actor()?, &b.code).await?;
    Ok(Json(RecoveryCodes { recovery_codes }))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct TotpOff {
    /// A current code or an unused recovery code …
    #[serde(default)]
    pub code: Option<String>,
    /// … or the password.
    #[serde(default)]
    pub password: Option<String>,
}

/// Turn one's second factor off (with a current code or the password), unless the security
/// policy requires it.
#[utoipa::path(delete, path = "/api/v1/me/totp", tag = "session", security(("bearer" = [])),
    request_body = TotpOff,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn disable(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<TotpOff>,
) -> Result<StatusCode, Failure> {
    st.app
        .disable_totp(&ctx.actor()?, b.code.as_deref(), b.password.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct PolicyBody {
    /// Every administrative role (admin, security admin, auditor) must use a second factor.
    pub require_admin_totp: bool,
}

/// The security policy (administrators).
#[utoipa::path(get, path = "/api/v1/security-policy", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = PolicyBody), (status = 403, body = ErrorBody)))]
pub async fn get_policy(State(st): State<AppState>, ctx: Ctx) -> Result<Json<PolicyBody>, Failure> {
    let p = st.app.security_policy(&ctx.actor()?).await?;
    Ok(Json(PolicyBody {
        require_admin_totp: p.require_admin_totp,
    }))
}

/// Set the security policy: the top office's security administrator only.
#[utoipa::path(put, path = "/api/v1/security-policy", tag = "admin", security(("bearer" = [])),
    request_body = PolicyBody,
    responses((status = 200, body = PolicyBody), (status = 403, body = ErrorBody)))]
pub async fn put_policy(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<PolicyBody>,
) -> Result<Json<PolicyBody>, Failure> {
    let policy = SecurityPolicy {
        require_admin_totp: b.require_admin_totp,
    };
    st.app.set_security_policy(&ctx.actor()?, policy).await?;
    Ok(Json(b))
}
