//! Lists of items: the office inbox, the caller's own items, items waiting for a sign-off.

use crate::api::ErrorBody;
use crate::ctx::Ctx;
use crate::extract::Q;
use crate::failure::Failure;
use crate::queries::InboxQuery;
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use xinbao_app::InboxPage;
use xinbao_store::inbox::ItemLine;

/// The caller's office inbox, urgent items first, with counts per state.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "items", security(("bearer" = [])), params(InboxQuery),
    responses((status = 200, body = InboxPage), (status = 403, body = ErrorBody)))]
pub async fn inbox(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<InboxQuery>,
) -> Result<Json<InboxPage>, Failure> {
    let page = st
        .app
        .inbox(
            &ctx.actor()?,
            q.office_id,
            &q.filter()?,
            q.limit.unwrap_or(50),
            q.offset.unwrap_or(0),
        )
        .await?;
    Ok(Json(page))
}

/// The items of the caller's own units.
#[utoipa::path(get, path = "/api/v1/my/items", tag = "items", security(("bearer" = [])), responses((status = 200, body = Vec<ItemLine>)))]
pub async fn my_items(
    State(st): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<ItemLine>>, Failure> {
    Ok(Json(st.app.my_items(&ctx.actor()?, 200).await?))
}

/// Items waiting for a sign-off the caller can give.
#[utoipa::path(get, path = "/api/v1/signoffs", tag = "items", security(("bearer" = [])), responses((status = 200, body = Vec<ItemLine>)))]
pub async fn signoffs(
    State(st): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<ItemLine>>, Failure> {
    Ok(Json(st.app.to_sign(&ctx.actor()?).await?))
}
