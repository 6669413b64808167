//! A unit's WeCom and DingTalk group robots (administrators), and the delivery log.

use super::{Page, render};
use crate::ctx::Ctx;
use crate::extract::{F, P};
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use xinbao_app::channels::{DeliveryView, ROBOT_CHANNELS, RobotInput};
use xinbao_store::outbox::RobotRow;

#[derive(Template)]
#[template(path = "robots.html")]
struct RobotsPage {
    page: Page,
    unit_id: i64,
    unit_name: String,
    robots: Vec<RobotRow>,
    channels: Vec<&'static str>,
}

impl RobotsPage {
    fn signs(&self, channel: &str) -> bool {
        xinbao_app::channels::robot_signs(channel)
    }

    fn url_of(&self, channel: &str) -> String {
        self.robots
            .iter()
            .find(|r| r.channel == channel)
            .map(|r| r.url.clone())
            .unwrap_or_default()
    }
}

async fn show(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let robots = st.app.unit_robots(&actor, id).await?;
    let unit_name = st.app.unit(&actor, id).await?.name;
    Ok(render(&RobotsPage {
        page: Page::new(&ctx, "robots.title", "/admin/units"),
        unit_id: id,
        unit_name,
        robots,
        channels: ROBOT_CHANNELS.to_vec(),
    }))
}

#[derive(Deserialize)]
struct RobotForm {
    channel: String,
    url: String,
    #[serde(default)]
    secret: String,
}

async fn save(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<RobotForm>,
) -> Result<Response, Failure> {
    let input = RobotInput {
        channel: f.channel,
        url: f.url,
        secret: f.secret,
    };
    st.app.set_unit_robot(&ctx.actor()?, id, &input).await?;
    Ok(Redirect::to(&format!("/admin/units/{id}/robots")).into_response())
}

#[derive(Template)]
#[template(path = "deliveries.html")]
struct DeliveriesPage {
    page: Page,
    rows: Vec<DeliveryView>,
}

async fn deliveries(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let rows = st.app.deliveries(&ctx.actor()?, 200).await?;
    Ok(render(&DeliveriesPage {
        page: Page::new(&ctx, "deliveries.title", "/admin/deliveries"),
        rows,
    }))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/units/{id}/robots", get(show).post(save))
        .route("/admin/deliveries", get(deliveries))
}
