//! The home page: per role, what needs the person's attention, with empty states that say
//! what will appear there.

use super::{Page, render};
use crate::ctx::Ctx;
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use xinbao_app::{PersonView, UnitView};
use xinbao_domain::Role;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Page,
    me: PersonView,
    roles: Vec<String>,
    is_admin: bool,
    is_officer: bool,
    is_unit_leader: bool,
    is_editor: bool,
    is_signer: bool,
    is_reader: bool,
    unit_count: usize,
    vacancies: Vec<UnitView>,
    vacancy_total: usize,
    my_units: Vec<UnitView>,
}

async fn home(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let authed = ctx.authed()?;
    let p = &authed.principal;
    let me = st.app.me(p).await?;
    let units = st.app.list_units().await?;
    let is_admin = p.has_role(Role::Admin);
    let mine: Vec<i64> = me.roles.iter().map(|r| r.unit_id).collect();
    let administered = if is_admin {
        st.app.administered_units(p).await?
    } else {
        Vec::new()
    };
    let vacant: Vec<UnitView> = administered
        .iter()
        .filter(|u| u.vacancy_leader || u.vacancy_section || u.vacancy_officer)
        .cloned()
        .collect();
    let page = Page::new(&ctx, "home.title", "/");
    let mut roles: Vec<String> = p
        .roles()
        .iter()
        .map(|r| format!("role.{}", r.code()))
        .collect();
    roles.dedup();
    Ok(render(&HomePage {
        roles,
        is_admin,
        is_officer: p.has_role(Role::Officer),
        is_unit_leader: p.has_role(Role::UnitLeader) || p.has_role(Role::PrincipalLeader),
        is_editor: p.has_role(Role::Editor),
        is_signer: p.has_role(Role::Signer),
        is_reader: p.has_role(Role::Reader),
        unit_count: administered.len(),
        vacancy_total: vacant.len(),
        vacancies: vacant.into_iter().take(20).collect(),
        my_units: units.into_iter().filter(|u| mine.contains(&u.id)).collect(),
        me,
        page,
    }))
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}
