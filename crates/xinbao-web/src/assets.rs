//! Static assets, embedded in the binary: no CDN, government intranets have no internet.

use crate::server::AppState;
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

const CSS: &str = include_str!("../static/app.css");
const JS: &str = include_str!("../static/app.js");
const EVENTS_JS: &str = include_str!("../static/events.js");
const ICON: &str = include_str!("../static/icon.svg");
const PRINT_CSS: &str = include_str!("../static/issue-print.css");
/// Apache ECharts 6.1.0, vendored (static/vendor/ECHARTS-LICENSE): charts drawn in the page
/// with nothing loaded from outside.
const ECHARTS: &str = include_str!("../static/vendor/echarts.min.js");
const CHARTS_JS: &str = include_str!("../static/charts.js");

fn asset(body: &'static str, mime: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/static/app.css",
            get(|| async { asset(CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset(JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/static/events.js",
            get(|| async { asset(EVENTS_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/static/issue-print.css",
            get(|| async { asset(PRINT_CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/static/vendor/echarts.min.js",
            get(|| async { asset(ECHARTS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/static/charts.js",
            get(|| async { asset(CHARTS_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/static/icon.svg",
            get(|| async { asset(ICON, "image/svg+xml") }),
        )
}
