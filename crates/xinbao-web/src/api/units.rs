//! Units and unit kinds.

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
use xinbao_app::{UnitInput, UnitView};

/// Every unit, in tree order, with its reporting office, quota and vacancies.
#[utoipa::path(get, path = "/api/v1/units", tag = "units", security(("bearer" = [])),
    responses((status = 200, body = Vec<UnitView>), (status = 401, body = ErrorBody)))]
pub async fn list_units(
    State(st): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<UnitView>>, Failure> {
    Ok(Json(st.app.list_units(&ctx.actor()?).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// Create a unit (administrators of the parent).
#[utoipa::path(post, path = "/api/v1/units", tag = "units", security(("bearer" = [])), request_body = UnitInput,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_unit(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<UnitInput>,
) -> Result<(StatusCode, Json<Created>), Failure> {
    let id = st.app.create_unit(&ctx.actor()?, &b).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// One unit.
#[utoipa::path(get, path = "/api/v1/units/{id}", tag = "units", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = UnitView), (status = 404, body = ErrorBody)))]
pub async fn get_unit(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<UnitView>, Failure> {
    Ok(Json(st.app.unit(&ctx.actor()?, id).await?))
}

/// Update a unit; `version` must be the one read (409 if someone changed it meanwhile).
#[utoipa::path(put, path = "/api/v1/units/{id}", tag = "units", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UnitInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_unit(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<UnitInput>,
) -> Result<StatusCode, Failure> {
    st.app.update_unit(&ctx.actor()?, id, &b).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deactivate a unit (units are never deleted).
#[utoipa::path(post, path = "/api/v1/units/{id}/deactivate", tag = "units", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn deactivate_unit(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<StatusCode, Failure> {
    st.app.set_unit_active(&ctx.actor()?, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reactivate a unit.
#[utoipa::path(post, path = "/api/v1/units/{id}/reactivate", tag = "units", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody)))]
pub async fn reactivate_unit(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<StatusCode, Failure> {
    st.app.set_unit_active(&ctx.actor()?, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Kind {
    pub kind: String,
    pub default_quota: i64,
}

/// Unit kinds with their default monthly quotas.
#[utoipa::path(get, path = "/api/v1/unit-kinds", tag = "units", security(("bearer" = [])), responses((status = 200, body = Vec<Kind>)))]
pub async fn list_kinds(State(st): State<AppState>, ctx: Ctx) -> Result<Json<Vec<Kind>>, Failure> {
    let kinds = st.app.unit_kinds(&ctx.actor()?).await?;
    Ok(Json(
        kinds
            .into_iter()
            .map(|k| Kind {
                kind: k.kind.code().to_string(),
                default_quota: k.default_quota,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct Quota {
    pub default_quota: i64,
}

/// Set a kind's default monthly quota (top-level administrators).
#[utoipa::path(put, path = "/api/v1/unit-kinds/{kind}", tag = "units", security(("bearer" = [])), params(("kind" = String, Path)), request_body = Quota,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn set_kind_quota(
    State(st): State<AppState>,
    ctx: Ctx,
    P(kind): P<String>,
    J(b): J<Quota>,
) -> Result<StatusCode, Failure> {
    st.app
        .set_kind_quota(&ctx.actor()?, &kind, b.default_quota)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct PeerInput {
    /// Another office of the same level (people's congress, government, CPPCC office …).
    pub peer_id: i64,
}

/// The peer offices a unit shares items with sideways.
#[utoipa::path(get, path = "/api/v1/units/{id}/peers", tag = "units", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<i64>)))]
pub async fn list_peers(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<Vec<i64>>, Failure> {
    Ok(Json(st.app.peers_of(&ctx.actor()?, id).await?))
}

/// Link two offices of the same level as peers (both ways).
#[utoipa::path(post, path = "/api/v1/units/{id}/peers", tag = "units", security(("bearer" = [])), params(("id" = i64, Path)), request_body = PeerInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link_peer(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<PeerInput>,
) -> Result<StatusCode, Failure> {
    st.app
        .link_peer_offices(&ctx.actor()?, id, b.peer_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A unit's sign-off rule: per importance, who must sign before an item leaves it.
#[utoipa::path(get, path = "/api/v1/units/{id}/signoff-rule", tag = "units", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = xinbao_app::SignoffRuleView)))]
pub async fn get_signoff_rule(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<xinbao_app::SignoffRuleView>, Failure> {
    Ok(Json(st.app.signoff_rule(&ctx.actor()?, id).await?))
}

/// Set a unit's sign-off rule: ordinary units name `unit_leader`, `principal_leader` or ""
/// (none); offices name a signer level `section`, `deputy` or `chief`.
#[utoipa::path(put, path = "/api/v1/units/{id}/signoff-rule", tag = "units", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = xinbao_app::SignoffRuleView,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_signoff_rule(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<xinbao_app::SignoffRuleView>,
) -> Result<StatusCode, Failure> {
    st.app.set_signoff_rule(&ctx.actor()?, id, &b).await?;
    Ok(StatusCode::NO_CONTENT)
}
