//! Following up leaders' instructions: reports back from assigned units, closing the loop,
//! and the follow-up list of an office or a unit.

use super::ErrorBody;
use crate::ctx::Ctx;
use crate::extract::{J, P, Q};
use crate::failure::Failure;
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use xinbao_app::instruction_follow::ReportInput;
use xinbao_app::instructions::InstructionView;

#[derive(Deserialize, Default, IntoParams)]
pub struct UnitQuery {
    /// An office (instructions on its items) or a unit (instructions assigning it).
    pub unit_id: i64,
}

/// Instructions to follow up, newest first, with assignments and reports.
#[utoipa::path(get, path = "/api/v1/instructions", tag = "periodicals", security(("bearer" = [])), params(UnitQuery),
    responses((status = 200, body = Vec<InstructionView>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<UnitQuery>,
) -> Result<Json<Vec<InstructionView>>, Failure> {
    Ok(Json(
        st.app.instructions_for(&ctx.actor()?, q.unit_id).await?,
    ))
}

/// An assigned unit reports progress (`progress`) or completion (`done`).
#[utoipa::path(post, path = "/api/v1/instructions/{id}/reports", tag = "periodicals", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ReportInput,
    responses((status = 201, body = InstructionView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<ReportInput>,
) -> Result<(StatusCode, Json<InstructionView>), Failure> {
    Ok((
        StatusCode::CREATED,
        Json(st.app.report_on_instruction(&ctx.actor()?, id, &b).await?),
    ))
}

/// The office closes the loop once every assigned unit is done (409 `assignments_open`).
#[utoipa::path(post, path = "/api/v1/instructions/{id}/close", tag = "periodicals", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = InstructionView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<InstructionView>, Failure> {
    Ok(Json(st.app.close_instruction(&ctx.actor()?, id).await?))
}
