//! Notification channels: one's own choices, a unit's group robots, the delivery log.

use super::ErrorBody;
use crate::ctx::Ctx;
use crate::extract::{J, P, Q};
use crate::failure::Failure;
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use xinbao_app::channels::{ChannelChoice, DeliveryView, RobotInput};
use xinbao_store::outbox::RobotRow;

/// The external channels the caller receives on.
#[utoipa::path(get, path = "/api/v1/me/channels", tag = "channels", security(("bearer" = [])),
    responses((status = 200, body = Vec<ChannelChoice>)))]
pub async fn my_channels(
    State(st): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<ChannelChoice>>, Failure> {
    Ok(Json(st.app.my_channels(&ctx.actor()?).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ChannelInput {
    /// `email` or `sms`.
    pub channel: String,
    pub enabled: bool,
}

/// Switch one of the caller's channels on or off.
#[utoipa::path(put, path = "/api/v1/me/channels", tag = "channels", security(("bearer" = [])), request_body = ChannelInput,
    responses((status = 200, body = Vec<ChannelChoice>), (status = 422, body = ErrorBody)))]
pub async fn set_my_channel(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<ChannelInput>,
) -> Result<Json<Vec<ChannelChoice>>, Failure> {
    let actor = ctx.actor()?;
    st.app.set_my_channel(&actor, &b.channel, b.enabled).await?;
    Ok(Json(st.app.my_channels(&actor).await?))
}

/// A unit's WeCom and DingTalk group robots (administrators of the unit).
#[utoipa::path(get, path = "/api/v1/units/{id}/robots", tag = "channels", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<RobotRow>), (status = 403, body = ErrorBody)))]
pub async fn robots(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<Vec<RobotRow>>, Failure> {
    Ok(Json(st.app.unit_robots(&ctx.actor()?, id).await?))
}

/// Set a unit's robot: its webhook address and, for DingTalk, the signing secret.
#[utoipa::path(put, path = "/api/v1/units/{id}/robots", tag = "channels", security(("bearer" = [])), params(("id" = i64, Path)), request_body = RobotInput,
    responses((status = 200, body = Vec<RobotRow>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_robot(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<RobotInput>,
) -> Result<Json<Vec<RobotRow>>, Failure> {
    let actor = ctx.actor()?;
    st.app.set_unit_robot(&actor, id, &b).await?;
    Ok(Json(st.app.unit_robots(&actor, id).await?))
}

#[derive(Deserialize, Default, IntoParams)]
pub struct DeliveriesQuery {
    pub limit: Option<i64>,
}

/// The latest deliveries and every attempt with its outcome (administrators).
#[utoipa::path(get, path = "/api/v1/deliveries", tag = "channels", security(("bearer" = [])), params(DeliveriesQuery),
    responses((status = 200, body = Vec<DeliveryView>), (status = 403, body = ErrorBody)))]
pub async fn deliveries(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<DeliveriesQuery>,
) -> Result<(StatusCode, Json<Vec<DeliveryView>>), Failure> {
    let list = st
        .app
        .deliveries(&ctx.actor()?, q.limit.unwrap_or(100))
        .await?;
    Ok((StatusCode::OK, Json(list)))
}
