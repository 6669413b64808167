//! People, roles, roster import and the audit log (administrators).

use super::ErrorBody;
use crate::ctx::Ctx;
use crate::extract::{J, P, Q};
use crate::failure::Failure;
use crate::queries::AuditQuery;
use crate::server::AppState;
use crate::transfer::{XLSX, download};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use xinbao_app::roster::ImportReport;
use xinbao_app::{PersonInput, PersonView};
use xinbao_store::audit::AuditRow;
use xinbao_store::audit_chain::ChainStatus;

#[derive(Deserialize, IntoParams)]
pub struct PeopleQuery {
    /// Words in the name or username.
    #[serde(default)]
    pub q: String,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// People the caller administers, with their roles as `{unit_id, role}`.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", security(("bearer" = [])), params(PeopleQuery),
    responses((status = 200, body = Vec<PersonView>), (status = 403, body = ErrorBody)))]
pub async fn list_people(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<PeopleQuery>,
) -> Result<Json<Vec<PersonView>>, Failure> {
    let list = st
        .app
        .list_people(
            &ctx.actor()?,
            &q.q,
            q.limit.unwrap_or(5000),
            q.offset.unwrap_or(0),
        )
        .await?;
    Ok(Json(list))
}

#[derive(Serialize, ToSchema)]
pub struct CreatedPerson {
    pub id: i64,
    /// Present when the password was generated: shown once, to be changed at first sign-in.
    pub initial_password: Option<String>,
}

/// Create a person.
#[utoipa::path(post, path = "/api/v1/people", tag = "people", security(("bearer" = [])), request_body = PersonInput,
    responses((status = 201, body = CreatedPerson), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_person(
    State(st): State<AppState>,
    ctx: Ctx,
    J(b): J<PersonInput>,
) -> Result<(StatusCode, Json<CreatedPerson>), Failure> {
    let (id, initial_password) = st.app.create_person(&ctx.actor()?, &b).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedPerson {
            id,
            initial_password,
        }),
    ))
}

/// One person.
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = PersonView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_person(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Json<PersonView>, Failure> {
    Ok(Json(st.app.person(&ctx.actor()?, id).await?))
}

/// Update a person's name and contact details.
#[utoipa::path(put, path = "/api/v1/people/{id}", tag = "people", security(("bearer" = [])), params(("id" = i64, Path)), request_body = PersonInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_person(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<PersonInput>,
) -> Result<StatusCode, Failure> {
    st.app.update_person(&ctx.actor()?, id, &b).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct GrantInput {
    pub unit_id: i64,
    /// `officer`, `unit_leader`, `principal_leader`, `editor`, `signer`, `reader` or `admin`.
    pub role: String,
    /// For signers: `section`, `deputy` or `chief`.
    pub signer_level: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedGrant {
    pub grant_id: i64,
}

/// Give a person a role in a unit.
#[utoipa::path(post, path = "/api/v1/people/{id}/roles", tag = "people", security(("bearer" = [])), params(("id" = i64, Path)), request_body = GrantInput,
    responses((status = 201, body = CreatedGrant), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn grant_role(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<GrantInput>,
) -> Result<(StatusCode, Json<CreatedGrant>), Failure> {
    let grant_id = st
        .app
        .grant_role(
            &ctx.actor()?,
            id,
            b.unit_id,
            &b.role,
            b.signer_level.as_deref(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(CreatedGrant { grant_id })))
}

/// End a role (kept in history).
#[utoipa::path(delete, path = "/api/v1/roles/{grant_id}", tag = "people", security(("bearer" = [])), params(("grant_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_role(
    State(st): State<AppState>,
    ctx: Ctx,
    P(grant_id): P<i64>,
) -> Result<StatusCode, Failure> {
    st.app.revoke_role(&ctx.actor()?, grant_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deactivate a person: their sessions and tokens end; nothing is deleted.
#[utoipa::path(post, path = "/api/v1/people/{id}/deactivate", tag = "people", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn deactivate_person(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<StatusCode, Failure> {
    st.app.set_person_active(&ctx.actor()?, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reactivate a person.
#[utoipa::path(post, path = "/api/v1/people/{id}/reactivate", tag = "people", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody)))]
pub async fn reactivate_person(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<StatusCode, Failure> {
    st.app.set_person_active(&ctx.actor()?, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ResetInput {
    /// The new password; when absent one is generated. Either way it must be changed at next sign-in.
    pub password: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ResetResult {
    pub initial_password: Option<String>,
}

/// Reset a person's password (administrators).
#[utoipa::path(post, path = "/api/v1/people/{id}/password-reset", tag = "people", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ResetInput,
    responses((status = 200, body = ResetResult), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    J(b): J<ResetInput>,
) -> Result<Json<ResetResult>, Failure> {
    let initial_password = st
        .app
        .reset_password(&ctx.actor()?, id, b.password.as_deref())
        .await?;
    Ok(Json(ResetResult { initial_password }))
}

/// Import a roster: the request body is the .xlsx or .csv file. All or nothing: a bad file
/// answers 422 with `error.rows`, each `{line, problem, message}`.
#[utoipa::path(post, path = "/api/v1/roster", tag = "people", security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn import_roster(
    State(st): State<AppState>,
    ctx: Ctx,
    body: Bytes,
) -> Result<Json<ImportReport>, Failure> {
    if body.is_empty() {
        return Err(Failure::invalid("file", "required"));
    }
    Ok(Json(st.app.import_roster(&ctx.actor()?, &body).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct TemplateQuery {
    /// `xlsx` (default) or `csv`.
    pub format: Option<String>,
}

/// The roster template.
#[utoipa::path(get, path = "/api/v1/roster/template", tag = "people", security(("bearer" = [])), params(TemplateQuery),
    responses((status = 200, content_type = "application/octet-stream")))]
pub async fn roster_template(ctx: Ctx, Q(q): Q<TemplateQuery>) -> Result<Response, Failure> {
    ctx.authed()?;
    if q.format.as_deref() == Some("csv") {
        return Ok(download(
            xinbao_app::roster::template_csv()?,
            "text/csv; charset=utf-8",
            "roster-template.csv",
        ));
    }
    let bytes = tokio::task::spawn_blocking(xinbao_app::roster::template_xlsx)
        .await
        .map_err(|e| Failure(xinbao_app::AppError::Internal(e.to_string())))??;
    Ok(download(bytes, XLSX, "roster-template.xlsx"))
}

/// The audit log, newest first (administrators). Dates are local `YYYY-MM-DD`.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = Vec<AuditRow>), (status = 403, body = ErrorBody)))]
pub async fn audit_log(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<AuditQuery>,
) -> Result<Json<Vec<AuditRow>>, Failure> {
    let page = q.page.unwrap_or(1).max(1);
    Ok(Json(
        st.app
            .audit_log(&ctx.actor()?, &q.filter()?, 500, (page - 1) * 500)
            .await?,
    ))
}

/// Whether the audit chain verifies, the first bad record and the verdict in words.
#[derive(Serialize, ToSchema)]
pub struct AuditVerify {
    #[serde(flatten)]
    pub chain: ChainStatus,
    /// The verdict in the caller's language.
    pub message: String,
}

/// Walks the keyed audit chain (HMAC-SM3) and recomputes every record's hash (administrators).
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit", security(("bearer" = [])),
    responses((status = 200, body = AuditVerify), (status = 403, body = ErrorBody)))]
pub async fn audit_verify(
    State(st): State<AppState>,
    ctx: Ctx,
) -> Result<Json<AuditVerify>, Failure> {
    let chain = st.app.audit_chain(&ctx.actor()?).await?;
    let message = xinbao_app::chain_text(ctx.locale, &chain);
    Ok(Json(AuditVerify { chain, message }))
}
