//! Scoring schemes: read and write the office's scheme as its TOML file, list its versions,
//! load a shipped example.

use super::ErrorBody;
use crate::ctx::Ctx;
use crate::extract::{P, Q};
use crate::failure::Failure;
use crate::server::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use xinbao_app::AppError;
use xinbao_app::scoring::{PenaltyInput, SchemeView, UnitScore};
use xinbao_store::scoring::PenaltyRow;

#[derive(Deserialize, Default, IntoParams)]
pub struct OfficeQuery {
    /// The office whose scheme; the caller's first office by default.
    pub office_id: Option<i64>,
}

const TOML: &str = "application/toml; charset=utf-8";

/// The scheme in force today, as the file administrators import and export (404 when the
/// office has none yet).
#[utoipa::path(get, path = "/api/v1/scoring/scheme", tag = "scoring", security(("bearer" = [])), params(OfficeQuery),
    responses((status = 200, description = "the scheme file (TOML)", content_type = "application/toml"), (status = 404, body = ErrorBody)))]
pub async fn get_scheme(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<OfficeQuery>,
) -> Result<Response, Failure> {
    let view = st.app.scheme(&ctx.actor()?, q.office_id).await?;
    let current = view.current.ok_or(Failure(AppError::NotFound))?;
    Ok(([(header::CONTENT_TYPE, TOML)], current.body).into_response())
}

/// Save a new version from its file. A scheme that cannot be evaluated answers 422 with
/// `error.rule` and `error.reason` (`syntax`, `overlaps`, `unknown_periodical`, …).
#[utoipa::path(put, path = "/api/v1/scoring/scheme", tag = "scoring", security(("bearer" = [])), params(OfficeQuery),
    request_body(content = String, content_type = "application/toml"),
    responses((status = 200, body = SchemeView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_scheme(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<OfficeQuery>,
    body: Bytes,
) -> Result<Json<SchemeView>, Failure> {
    let text = std::str::from_utf8(&body).map_err(|_| Failure::invalid("scheme", "encoding"))?;
    Ok(Json(
        st.app.save_scheme(&ctx.actor()?, q.office_id, text).await?,
    ))
}

/// Every version of the office's scheme and the one in force.
#[utoipa::path(get, path = "/api/v1/scoring/schemes", tag = "scoring", security(("bearer" = [])), params(OfficeQuery),
    responses((status = 200, body = SchemeView)))]
pub async fn versions(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<OfficeQuery>,
) -> Result<Json<SchemeView>, Failure> {
    Ok(Json(st.app.scheme(&ctx.actor()?, q.office_id).await?))
}

/// Load a shipped example (`seed001`, `liuan`, `guangdong`, `changshan`) from the start of
/// the current quarter.
#[utoipa::path(post, path = "/api/v1/scoring/scheme/shipped/{key}", tag = "scoring", security(("bearer" = [])), params(("key" = String, Path), OfficeQuery),
    responses((status = 200, body = SchemeView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn load_shipped(
    State(st): State<AppState>,
    ctx: Ctx,
    P(key): P<String>,
    Q(q): Q<OfficeQuery>,
) -> Result<Json<SchemeView>, Failure> {
    Ok(Json(
        st.app
            .load_shipped_scheme(&ctx.actor()?, q.office_id, &key)
            .await?,
    ))
}

#[derive(Deserialize, Default, IntoParams)]
pub struct ScoresQuery {
    /// Start (a date `YYYY-MM-DD` in Beijing, RFC 3339 or milliseconds); default 30 days ago.
    pub from: Option<String>,
    /// End, exclusive (a date means the end of that day); default now.
    pub to: Option<String>,
    /// One unit only.
    pub unit_id: Option<i64>,
    /// The scoring office; the caller's first office by default.
    pub office_id: Option<i64>,
}

/// Points of the units an office scores, from the items submitted to it in the period: per
/// unit `points`, `rank` and `entries` (`item_id`, `event`, `rule`, `points`), each explained.
#[utoipa::path(get, path = "/api/v1/scores", tag = "scoring", security(("bearer" = [])), params(ScoresQuery),
    responses((status = 200, body = Vec<UnitScore>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn scores(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<ScoresQuery>,
) -> Result<Json<Vec<UnitScore>>, Failure> {
    let range = crate::queries::LedgerQuery {
        from: q.from,
        to: q.to,
    };
    let (from, to) = crate::queries::ledger_range(&range, st.app.now().0)?;
    Ok(Json(
        st.app
            .scores(&ctx.actor()?, q.office_id, from, to, q.unit_id)
            .await?,
    ))
}

/// Enter a penalty (negative points) or a correction against a unit, with its reason; it shows
/// in the unit's explained points.
#[utoipa::path(post, path = "/api/v1/scoring/penalties", tag = "scoring", security(("bearer" = [])), request_body = PenaltyInput,
    responses((status = 201, body = PenaltyRow), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_penalty(
    State(st): State<AppState>,
    ctx: Ctx,
    crate::extract::J(b): crate::extract::J<PenaltyInput>,
) -> Result<(axum::http::StatusCode, Json<PenaltyRow>), Failure> {
    Ok((
        axum::http::StatusCode::CREATED,
        Json(st.app.add_penalty(&ctx.actor()?, &b).await?),
    ))
}

#[derive(Deserialize, Default, IntoParams)]
pub struct BulletinQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    /// `xlsx` (default) or `docx`.
    pub format: Option<String>,
    pub office_id: Option<i64>,
}

/// The bulletin (通报) of the period: each unit's items sent and adopted, adoption rate,
/// points and rank, and the items adopted or instructed — as .xlsx or .docx.
#[utoipa::path(get, path = "/api/v1/bulletins", tag = "scoring", security(("bearer" = [])), params(BulletinQuery),
    responses((status = 200, description = "the bulletin document", content_type = "application/octet-stream"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn bulletin(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<BulletinQuery>,
) -> Result<Response, Failure> {
    let range = crate::queries::LedgerQuery {
        from: q.from,
        to: q.to,
    };
    let (from, to) = crate::queries::ledger_range(&range, st.app.now().0)?;
    let format = q.format.unwrap_or_else(|| "xlsx".into());
    let (name, mime, bytes) = st
        .app
        .bulletin_file(&ctx.actor()?, q.office_id, from, to, &format)
        .await?;
    Ok(crate::transfer::download(bytes, mime, &name))
}

#[derive(Deserialize, Default, IntoParams)]
pub struct AssessmentQuery {
    pub year: Option<i32>,
    /// `json` (default) or `xlsx`.
    pub format: Option<String>,
    pub office_id: Option<i64>,
}

/// The annual assessment: units ranked by points and the award candidates (先进集体, 先进个人,
/// 优秀调研信息, 领导批示好信息) by the scheme's criteria; as JSON or a workbook.
#[utoipa::path(get, path = "/api/v1/assessment", tag = "scoring", security(("bearer" = [])), params(AssessmentQuery),
    responses((status = 200, body = xinbao_app::scoring::Assessment), (status = 403, body = ErrorBody)))]
pub async fn assessment(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<AssessmentQuery>,
) -> Result<Response, Failure> {
    let year = match q.year {
        Some(y) if (2000..=2100).contains(&y) => y,
        Some(_) => return Err(Failure::invalid("year", "range")),
        None => xinbao_app::i18n::local_time(st.app.now())
            .get(..4)
            .and_then(|y| y.parse().ok())
            .unwrap_or(2026),
    };
    let a = st.app.assessment(&ctx.actor()?, q.office_id, year).await?;
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(Json(a).into_response()),
        "xlsx" => {
            let bytes = st
                .app
                .heavy(move || xinbao_app::scoring::assessment_xlsx(&a))
                .await??;
            Ok(crate::transfer::download(
                bytes,
                crate::transfer::XLSX,
                &format!("年度考核{year}.xlsx"),
            ))
        }
        _ => Err(Failure::invalid("format", "unknown")),
    }
}

#[derive(Deserialize, Default, IntoParams)]
pub struct WeeklyQuery {
    /// Any day (`YYYY-MM-DD`) of the week, Monday to Sunday; default: last week.
    pub week: Option<String>,
    /// `json` (default), `xlsx` or `docx`.
    pub format: Option<String>,
    pub office_id: Option<i64>,
}

/// The weekly list (清单) of items sent to the province in a week, per county, with what the
/// province did with each.
#[utoipa::path(get, path = "/api/v1/bulletins/weekly", tag = "scoring", security(("bearer" = [])), params(WeeklyQuery),
    responses((status = 200, description = "the list: JSON (counties with their items), .xlsx or .docx"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn weekly(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<WeeklyQuery>,
) -> Result<Response, Failure> {
    let now = st.app.now().0;
    let day = match q.week.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(d) => xinbao_app::i18n::local_day_start(d, false)
            .ok_or(Failure::invalid("week", "time_format"))?,
        None => now - 7 * 86_400_000,
    };
    let monday = xinbao_app::scoring::week_start(day);
    let actor = ctx.actor()?;
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(Json(st.app.weekly_list(&actor, q.office_id, monday).await?).into_response()),
        format => {
            let (name, mime, bytes) = st
                .app
                .weekly_file(&actor, q.office_id, monday, format)
                .await?;
            Ok(crate::transfer::download(bytes, mime, &name))
        }
    }
}
