//! The caller's in-app notifications.

use crate::ctx::Ctx;
use crate::extract::OptJ;
use crate::failure::Failure;
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// The newest notifications, read or not.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = Vec<xinbao_app::Notice>)))]
pub async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<xinbao_app::Notice>>, Failure> {
    Ok(Json(st.app.notifications(&ctx.actor()?, 100).await?))
}

#[derive(Deserialize, Default, ToSchema)]
pub struct ReadBody {
    /// One notification; absent marks all read.
    pub id: Option<i64>,
}

/// Mark one or all notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", security(("bearer" = [])), request_body = ReadBody,
    responses((status = 204)))]
pub async fn mark_read(
    State(st): State<AppState>,
    ctx: Ctx,
    OptJ(b): OptJ<ReadBody>,
) -> Result<StatusCode, Failure> {
    st.app.mark_notifications_read(&ctx.actor()?, b.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Serialize, ToSchema)]
pub struct Unread {
    pub count: i64,
    /// Unread notices about sudden events (the browser alerts on these).
    pub urgent: i64,
    /// The newest of them, so an alert sounds once per notice.
    pub latest_urgent: Option<i64>,
}

/// How many notifications are unread (the bell).
#[utoipa::path(get, path = "/api/v1/notifications/unread", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = Unread)))]
pub async fn unread(State(st): State<AppState>, ctx: Ctx) -> Result<Json<Unread>, Failure> {
    let actor = ctx.actor()?;
    let (urgent, latest_urgent) = st.app.unread_urgent(&actor).await?;
    Ok(Json(Unread {
        count: st.app.unread_notifications(&actor).await?,
        urgent,
        latest_urgent,
    }))
}
