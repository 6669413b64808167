//! Changing units from their forms: create, edit, deactivate and reactivate, peer offices, sign-off rules.

use super::{opt_num, opt_text};
use crate::ctx::Ctx;
use crate::extract::{F, P};
use crate::failure::Failure;
use crate::server::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use xinbao_app::UnitInput;

/// The unit form as posted: empty strings mean "none".
#[derive(Deserialize)]
pub(super) struct UnitForm {
    name: String,
    kind: String,
    #[serde(default)]
    office_level: String,
    #[serde(default)]
    office_branch: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    report_to_id: String,
    #[serde(default)]
    quota_override: String,
    #[serde(default)]
    responsible_section: String,
    #[serde(default)]
    version: String,
}

impl UnitForm {
    fn input(&self) -> Result<UnitInput, Failure> {
        Ok(UnitInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            office_level: opt_text(&self.office_level),
            office_branch: opt_text(&self.office_branch),
            parent_id: opt_num(&self.parent_id, "parent_id")?,
            report_to_id: opt_num(&self.report_to_id, "report_to_id")?,
            quota_override: opt_num(&self.quota_override, "quota_override")?,
            responsible_section: opt_text(&self.responsible_section),
            version: opt_num(&self.version, "version")?,
        })
    }
}

pub(super) async fn create(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<UnitForm>,
) -> Result<Response, Failure> {
    let id = st.app.create_unit(&ctx.actor()?, &f.input()?).await?;
    Ok(Redirect::to(&format!("/admin/units/{id}")).into_response())
}

pub(super) async fn update(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<UnitForm>,
) -> Result<Response, Failure> {
    st.app.update_unit(&ctx.actor()?, id, &f.input()?).await?;
    Ok(Redirect::to(&format!("/admin/units/{id}")).into_response())
}

pub(super) async fn deactivate(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Response, Failure> {
    st.app.set_unit_active(&ctx.actor()?, id, false).await?;
    Ok(Redirect::to(&format!("/admin/units/{id}")).into_response())
}

pub(super) async fn reactivate(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Response, Failure> {
    st.app.set_unit_active(&ctx.actor()?, id, true).await?;
    Ok(Redirect::to(&format!("/admin/units/{id}")).into_response())
}

#[derive(Deserialize)]
pub(super) struct PeerForm {
    peer_id: String,
}

pub(super) async fn link_peer(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<PeerForm>,
) -> Result<Response, Failure> {
    let peer = opt_num(&f.peer_id, "peer_id")?.ok_or(Failure::invalid("peer_id", "required"))?;
    st.app.link_peer_offices(&ctx.actor()?, id, peer).await?;
    Ok(Redirect::to(&format!("/admin/units/{id}")).into_response())
}

#[derive(Deserialize)]
pub(super) struct RuleForm {
    general: String,
    important: String,
    critical: String,
}

pub(super) async fn set_rule(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<RuleForm>,
) -> Result<Response, Failure> {
    let v = xinbao_app::SignoffRuleView {
        general: f.general,
        important: f.important,
        critical: f.critical,
    };
    st.app.set_signoff_rule(&ctx.actor()?, id, &v).await?;
    Ok(Redirect::to(&format!("/admin/units/{id}")).into_response())
}
