//! Periodicals and issues: compile, freeze, sign off, publish.

use super::ErrorBody;
use crate::ctx::Ctx;
use crate::extract::{J, OptJ, P, Q};
use crate::failure::Failure;
use crate::server::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use xinbao_app::instructions::{InstructionInput, InstructionView};
use xinbao_app::issue_edit::IssueEdit;
use xinbao_app::periodicals::{IssueInput, IssueView, PeriodicalInput};
use xinbao_domain::periodical::IssueAction;
use xinbao_store::periodicals::PeriodicalRow;

#[derive(Deserialize, Default, IntoParams)]
pub struct OfficeQuery {
    pub office_id: Option<i64>,
}

/// The periodicals of the caller's office.
#[utoipa::path(get, path = "/api/v1/periodicals", tag = "periodicals", security(("bearer" = [])), params(OfficeQuery),
    responses((status = 200, body = Vec<PeriodicalRow>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<OfficeQuery>,
) -> Result<Json<Vec<PeriodicalRow>>, Failure> {
    Ok(Json(st.app.periodicals(&ctx.actor()?, q.office_id).await?))
}

/// Create a periodical of the caller's office (its editors).
#[utoipa::path(post, path = "/api/v1/periodicals", tag = "periodicals", security(("bearer" = [])), request_body = PeriodicalInput,
    responses((status = 201, body = PeriodicalRow), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<PeriodicalInput>,
) -> Result<(StatusCode, Json<PeriodicalRow>), Failure> {
    Ok((
        StatusCode::CREATED,
        Json(st.app.create_periodical(&ctx.actor()?, &b).await?),
    ))
}

/// Compile a new issue from adopted items, in order.
#[utoipa::path(post, path = "/api/v1/periodicals/{id}/issues", tag = "periodicals", security(("bearer" = [])), params(("id" = i64, Path)), request_body = IssueInput,
    responses((status = 201, body = IssueView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_issue(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<IssueInput>,
) -> Result<(StatusCode, Json<IssueView>), Failure> {
    Ok((
        StatusCode::CREATED,
        Json(st.app.create_issue(&ctx.actor()?, id, &b).await?),
    ))
}

/// One issue with its items and steps.
#[utoipa::path(get, path = "/api/v1/issues/{id}", tag = "periodicals", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = IssueView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_issue(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<IssueView>, Failure> {
    Ok(Json(st.app.issue(&ctx.actor()?, id).await?))
}

/// Save a draft issue's items (order, column, headline) and editor's note. A frozen issue
/// answers 409 `issue_frozen`; a stale `version` 409 `stale_version`.
#[utoipa::path(put, path = "/api/v1/issues/{id}", tag = "periodicals", security(("bearer" = [])), params(("id" = i64, Path)), request_body = IssueEdit,
    responses((status = 200, body = IssueView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit_issue(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<IssueEdit>,
) -> Result<Json<IssueView>, Failure> {
    Ok(Json(st.app.edit_issue(&ctx.actor()?, id, &b).await?))
}

#[derive(Deserialize, Default, ToSchema)]
pub struct StepBody {
    /// Why a frozen issue is unlocked (required for `unfreeze`).
    #[serde(default)]
    pub reason: String,
}

macro_rules! step {
    ($fn:ident, $path:literal, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "periodicals", security(("bearer" = [])), params(("id" = i64, Path)), request_body = StepBody,
            responses((status = 200, body = IssueView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
        pub async fn $fn(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>, OptJ(b): OptJ<StepBody>) -> Result<Json<IssueView>, Failure> {
            Ok(Json(st.app.issue_step(&ctx.actor()?, id, $action, &b.reason).await?))
        }
    };
}

step!(
    freeze,
    "/api/v1/issues/{id}/freeze",
    IssueAction::Freeze,
    "Freeze the issue (定版): its content is locked."
);
step!(
    unfreeze,
    "/api/v1/issues/{id}/unfreeze",
    IssueAction::Unfreeze,
    "Unlock a frozen issue, with a reason that is recorded."
);
step!(
    sign_off,
    "/api/v1/issues/{id}/sign-off",
    IssueAction::SignOff,
    "Sign the frozen issue off (a signer of the periodical's level)."
);
step!(
    publish,
    "/api/v1/issues/{id}/publish",
    IssueAction::Publish,
    "Publish the signed-off issue: it takes the next number (`number`, `year`)."
);

/// A leader's instruction (批示) on an item, optionally assigning units to act by a deadline in
/// working days. The item's `GET` lists it, and so do the items below that led to it.
#[utoipa::path(post, path = "/api/v1/items/{id}/instructions", tag = "periodicals", security(("bearer" = [])), params(("id" = i64, Path)), request_body = InstructionInput,
    responses((status = 201, body = InstructionView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_instruction(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<InstructionInput>,
) -> Result<(StatusCode, Json<InstructionView>), Failure> {
    Ok((
        StatusCode::CREATED,
        Json(st.app.add_instruction(&ctx.actor()?, id, &b).await?),
    ))
}

#[derive(Deserialize, Default, IntoParams)]
pub struct ArchiveQuery {
    /// Issues of this year only.
    pub year: Option<i64>,
    /// Text in a headline or the editor's note.
    pub q: Option<String>,
}

/// The issues of a periodical, newest first: the archive, searchable.
#[utoipa::path(get, path = "/api/v1/periodicals/{id}/issues", tag = "periodicals", security(("bearer" = [])), params(("id" = i64, Path), ArchiveQuery),
    responses((status = 200, body = Vec<xinbao_store::periodicals::IssueRow>), (status = 403, body = ErrorBody)))]
pub async fn list_issues(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    Q(q): Q<ArchiveQuery>,
) -> Result<Json<Vec<xinbao_store::periodicals::IssueRow>>, Failure> {
    Ok(Json(
        st.app.issues_of(&ctx.actor()?, id, q.year, q.q).await?,
    ))
}

/// Record that the caller has read a published issue (read receipts).
#[utoipa::path(post, path = "/api/v1/issues/{id}/read", tag = "periodicals", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = IssueView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn mark_read(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<IssueView>, Failure> {
    Ok(Json(st.app.mark_issue_read(&ctx.actor()?, id).await?))
}

/// The issue in the official layout (GB/T 9704), as a Word document. Before publication the
/// number is left blank, as on a proof.
#[utoipa::path(get, path = "/api/v1/issues/{id}/docx", tag = "periodicals", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, description = "the .docx", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn docx(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<axum::response::Response, Failure> {
    let (name, bytes) = st.app.issue_docx(&ctx.actor()?, id).await?;
    Ok(crate::transfer::download(
        bytes,
        crate::transfer::DOCX,
        &name,
    ))
}
