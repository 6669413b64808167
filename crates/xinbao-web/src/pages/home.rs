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
use xinbao_store::inbox::{Filter, ItemLine};

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
    recent: Vec<ItemLine>,
    to_sign: Vec<ItemLine>,
    inbox_open: i64,
    inbox_urgent: Vec<ItemLine>,
    /// This month's quota progress and this year's points of the units the person writes for.
    progress: Vec<xinbao_app::scoring::Progress>,
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
    let actor = ctx.actor()?;
    let recent: Vec<ItemLine> = st
        .app
        .my_items(&actor, 5)
        .await?
        .into_iter()
        .take(5)
        .collect();
    let signs = p.has_role(Role::UnitLeader)
        || p.has_role(Role::PrincipalLeader)
        || p.has_role(Role::Signer);
    let to_sign = if signs {
        st.app.to_sign(&actor).await?
    } else {
        Vec::new()
    };
    let (inbox_open, inbox_urgent) = if p.has_role(Role::Editor) {
        let open = Filter {
            statuses: vec!["submitted".into(), "received".into(), "on_hold".into()],
            ..Default::default()
        };
        let page = st.app.inbox(&actor, None, &open, 5, 0).await?;
        let total = page
            .counts
            .iter()
            .filter(|(s, _)| open.statuses.contains(s))
            .map(|(_, n)| n)
            .sum();
        (
            total,
            page.items
                .into_iter()
                .filter(|i| i.urgency != xinbao_domain::item::Urgency::Normal)
                .collect(),
        )
    } else {
        (0, Vec::new())
    };
    let mut progress = Vec::new();
    for g in &p.grants {
        let writes = matches!(
            g.role,
            Role::Officer | Role::UnitLeader | Role::PrincipalLeader
        );
        if writes
            && !progress
                .iter()
                .any(|x: &xinbao_app::scoring::Progress| x.unit_id == g.unit_id.0)
        {
            progress.push(st.app.unit_progress(&actor, g.unit_id.0).await?);
        }
    }
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
        recent,
        to_sign,
        inbox_open,
        inbox_urgent,
        progress,
        me,
        page,
    }))
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}
