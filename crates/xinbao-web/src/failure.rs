//! One place maps use-case errors to HTTP: status codes here, bodies rendered by
//! `render_failures` in the caller's language, as JSON for the API and a page otherwise.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use xinbao_app::AppError;
use xinbao_store::StoreError;

/// A failed request. Handlers return it with `?`; the body is rendered later.
#[derive(Debug)]
pub struct Failure(pub AppError);

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure(AppError::Store(e))
    }
}

impl Failure {
    pub fn invalid(field: &'static str, problem: &'static str) -> Self {
        Failure(AppError::invalid(field, problem))
    }

    pub fn status(&self) -> StatusCode {
        match &self.0 {
            AppError::Unauthenticated
            | AppError::BadCredentials
            | AppError::TotpRequired
            | AppError::TotpInvalid => StatusCode::UNAUTHORIZED,
            AppError::Locked(_) => StatusCode::LOCKED,
            AppError::Forbidden
            | AppError::PasswordChangeRequired
            | AppError::TotpEnrolmentRequired => StatusCode::FORBIDDEN,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::NotFound | AppError::NoSuchRoute => StatusCode::NOT_FOUND,
            AppError::Invalid { .. }
            | AppError::WeakPassword(_)
            | AppError::Roster(_)
            | AppError::MissingElements(_)
            | AppError::Scheme(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) | AppError::Store(StoreError::Duplicate(_)) => {
                StatusCode::CONFLICT
            }
            AppError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Carried in the response extensions until rendered.
#[derive(Clone)]
pub struct FailureInfo(pub Arc<AppError>);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self.0, "request failed");
        }
        let mut res = status.into_response();
        if let AppError::TooManyRequests(seconds) = self.0
            && let Ok(v) = axum::http::HeaderValue::from_str(&seconds.max(1).to_string())
        {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        res.extensions_mut().insert(FailureInfo(Arc::new(self.0)));
        res
    }
}

/// Renders a failed response's body in the caller's language: JSON
/// `{"error": {"code", "message"}}` for the API, a page (or the sign-in redirect) otherwise.
pub fn render(ctx: &crate::ctx::Ctx, res: Response) -> Response {
    let Some(info) = res.extensions().get::<FailureInfo>().cloned() else {
        return res;
    };
    let status = res.status();
    let retry_after = res.headers().get(axum::http::header::RETRY_AFTER).cloned();
    let mut out = render_body(ctx, status, info.0.as_ref());
    if let Some(v) = retry_after {
        out.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
    }
    out
}

fn render_body(ctx: &crate::ctx::Ctx, status: StatusCode, err: &AppError) -> Response {
    let code = err.code();
    let message = err.message(ctx.locale);
    if ctx.api {
        let mut body = serde_json::json!({ "error": { "code": code, "message": message } });
        if let AppError::Roster(rows) = err {
            body["error"]["rows"] = rows
                .iter()
                .map(|r| serde_json::json!({ "line": r.line, "problem": r.problem, "message": xinbao_app::roster::describe(ctx.locale, r) }))
                .collect();
        }
        if let AppError::MissingElements(codes) = err {
            body["error"]["missing"] = serde_json::json!(codes);
        }
        if let AppError::Scheme(e) = err {
            body["error"]["rule"] = serde_json::json!(e.rule);
            body["error"]["reason"] = serde_json::json!(e.reason);
        }
        return (status, axum::Json(body)).into_response();
    }
    if matches!(err, AppError::Unauthenticated) {
        return axum::response::Redirect::to("/login").into_response();
    }
    if matches!(
        err,
        AppError::PasswordChangeRequired | AppError::TotpEnrolmentRequired
    ) {
        return axum::response::Redirect::to("/account").into_response();
    }
    let details = match err {
        AppError::Roster(rows) => rows
            .iter()
            .map(|r| xinbao_app::roster::describe(ctx.locale, r))
            .collect(),
        _ => Vec::new(),
    };
    crate::pages::error_page(ctx, status, message, details)
}
