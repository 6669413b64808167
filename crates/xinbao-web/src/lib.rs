//! The HTTP face of Xinbao (axum): thin handlers that translate between HTTP and the use
//! cases of `xinbao-app` — server-rendered pages (askama, escaped), the JSON API under
//! `/api/v1` with its OpenAPI document, embedded static assets, `/healthz` and `/metrics`.

mod actions;
mod api;
mod assets;
mod ctx;
mod extract;
mod failure;
mod gate;
mod metrics;
mod pages;
mod queries;
mod server;
mod transfer;

pub use ctx::{Authed, Ctx};
pub use failure::Failure;
pub use server::{AppState, ServeOptions, openapi_json, router, serve};
