//! Assembling the router and serving it with graceful shutdown.

use crate::{api, assets, ctx, failure::Failure, metrics, pages};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router, middleware};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use xinbao_app::{App, AppError};

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub opts: Arc<ServeOptions>,
    openapi: Arc<serde_json::Value>,
}

/// Web settings.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Always mark cookies Secure (otherwise only when `X-Forwarded-Proto: https`).
    pub secure_cookies: bool,
    /// Largest accepted request body (roster files), bytes.
    pub max_upload_bytes: usize,
    /// Run this server's background worker (deadlines, deliveries). Off only for tests that
    /// drive the worker's steps themselves.
    pub worker: bool,
    /// Browser journeys only (`serve --test-clock`): administrators may move this clock
    /// forward with `POST /api/v1/test/clock`.
    pub test_clock: Option<std::sync::Arc<xinbao_domain::OffsetClock>>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            secure_cookies: false,
            max_upload_bytes: 20 << 20,
            worker: true,
            test_clock: None,
        }
    }
}

/// The OpenAPI document of the JSON API.
pub fn openapi_json() -> serde_json::Value {
    let (_, doc) = api::routes().split_for_parts();
    serde_json::to_value(&doc).unwrap_or_default()
}

/// The whole application as an axum router.
pub fn router(app: App, opts: ServeOptions) -> Router {
    let (api_routes, doc) = api::routes().split_for_parts();
    let state = AppState {
        app,
        opts: Arc::new(opts.clone()),
        openapi: Arc::new(serde_json::to_value(&doc).unwrap_or_default()),
    };
    let header = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(
            header::HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    Router::new()
        .merge(pages::routes())
        .merge(api_routes)
        .route("/api/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
        .route("/api/v1/test/clock", axum::routing::post(test_clock))
        .merge(assets::routes())
        .route_layer(middleware::from_fn(metrics::track))
        .route("/metrics", get(metrics::render))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), ctx::resolve))
        .layer(DefaultBodyLimit::max(opts.max_upload_bytes))
        .layer(header("x-content-type-options", "nosniff"))
        .layer(header("x-frame-options", "DENY"))
        .layer(header("referrer-policy", "same-origin"))
        .layer(header(
            "content-security-policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

async fn openapi(State(st): State<AppState>) -> Json<serde_json::Value> {
    Json((*st.openapi).clone())
}

/// 200 once the database answers, 503 otherwise.
async fn healthz(State(st): State<AppState>) -> impl IntoResponse {
    match st.app.ping().await {
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({ "status": "ok" }))),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable" })),
            )
        }
    }
}

#[derive(serde::Deserialize)]
struct Advance {
    advance_seconds: i64,
}

/// Moves the test clock forward and runs the scheduler at the new time (administrators, and
/// only on a server started with `--test-clock`; otherwise there is no such route).
async fn test_clock(
    axum::extract::State(st): axum::extract::State<AppState>,
    ctx: crate::ctx::Ctx,
    crate::extract::J(b): crate::extract::J<Advance>,
) -> Result<axum::Json<xinbao_app::events::TickReport>, Failure> {
    let Some(clock) = st.opts.test_clock.clone() else {
        return Err(Failure(AppError::NoSuchRoute));
    };
    st.app.may_operate(&ctx.actor()?)?;
    if !(0..=30 * 24 * 3600).contains(&b.advance_seconds) {
        return Err(Failure::invalid("advance_seconds", "range"));
    }
    clock.advance_seconds(b.advance_seconds);
    let report = st.app.tick().await?;
    st.app.wake_scheduler();
    Ok(axum::Json(report))
}

async fn not_found() -> Failure {
    Failure(AppError::NoSuchRoute)
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    app: App,
    opts: ServeOptions,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    metrics::install();
    let purger = app.clone();
    let sweep = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = purger.purge_idle_sessions().await {
                tracing::warn!(error = %e, "could not purge idle sessions");
            }
        }
    });
    let (stop_worker, worker_stopped) = tokio::sync::oneshot::channel::<()>();
    let worker_app = app.clone();
    let run = opts.worker;
    let worker = tokio::spawn(async move {
        if run {
            worker_app
                .run_worker(async move {
                    let _ = worker_stopped.await;
                })
                .await;
        }
    });
    let service = router(app, opts).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await;
    sweep.abort();
    let _ = stop_worker.send(());
    let _ = worker.await;
    result
}
