//! Unit kinds and the quota of each.

use super::{opening, opt_num};
use crate::ctx::Ctx;
use crate::extract::F;
use crate::failure::Failure;
use crate::pages::{Page, render};
use crate::server::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use xinbao_domain::menu::Section;
use xinbao_store::units::KindRow;

#[derive(Template)]
#[template(path = "kinds.html")]
struct KindsPage {
    page: Page,
    kinds: Vec<KindRow>,
}

pub(super) async fn kinds(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let kinds = st
        .app
        .unit_kinds(&opening(&st, &ctx, Section::Kinds)?)
        .await?;
    Ok(render(&KindsPage {
        page: Page::new(&ctx, "kinds.title", "/admin/kinds"),
        kinds,
    }))
}

#[derive(Deserialize)]
pub(super) struct KindForm {
    kind: String,
    quota: String,
}

pub(super) async fn set_kind(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<KindForm>,
) -> Result<Response, Failure> {
    let quota = opt_num(&f.quota, "quota")?.ok_or(Failure::invalid("quota", "number"))?;
    st.app.set_kind_quota(&ctx.actor()?, &f.kind, quota).await?;
    Ok(Redirect::to("/admin/kinds").into_response())
}
