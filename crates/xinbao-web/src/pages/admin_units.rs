//! Administering units: the tree with vacancies, create, edit, deactivate; kinds and quotas.

mod changes;
mod kinds;

use changes::{create, deactivate, link_peer, reactivate, set_rule, update};
use kinds::{kinds, set_kind};

use super::{Page, render};
use crate::ctx::Ctx;
use crate::extract::{P, Q};
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use xinbao_app::{PersonView, UnitView};
use xinbao_domain::menu::Section;
use xinbao_domain::{OfficeBranch, OfficeLevel, UnitKind};

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    page: Page,
    units: Vec<UnitView>,
    q: String,
    vacant: bool,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    page: Page,
    unit: Option<UnitView>,
    parent_id: Option<i64>,
    all: Vec<UnitView>,
    people: Vec<PersonView>,
    peers: Vec<i64>,
    rule: Option<xinbao_app::SignoffRuleView>,
    kinds: Vec<UnitKind>,
    levels: Vec<OfficeLevel>,
    branches: Vec<OfficeBranch>,
}

impl UnitPage {
    fn is_parent(&self, id: &i64) -> bool {
        self.parent_id == Some(*id)
    }

    fn is_report_target(&self, id: &i64) -> bool {
        self.unit
            .as_ref()
            .is_some_and(|u| u.report_to_id == Some(*id))
    }

    /// Offices of the same level that could be linked as peers.
    fn peer_candidates(&self) -> Vec<&UnitView> {
        let Some(u) = &self.unit else {
            return Vec::new();
        };
        self.all
            .iter()
            .filter(|o| {
                o.active
                    && o.id != u.id
                    && o.kind == UnitKind::Office
                    && u.kind == UnitKind::Office
                    && o.office_level == u.office_level
            })
            .filter(|o| !self.peers.contains(&o.id))
            .collect()
    }

    fn peer_names(&self) -> Vec<&str> {
        self.all
            .iter()
            .filter(|o| self.peers.contains(&o.id))
            .map(|o| o.name.as_str())
            .collect()
    }

    /// The choices for the sign-off rule: signer levels for offices, leaders otherwise.
    fn rule_choices(&self) -> Vec<(&'static str, &'static str)> {
        if self
            .unit
            .as_ref()
            .is_some_and(|u| u.kind == UnitKind::Office)
        {
            vec![
                ("section", "signer.section"),
                ("deputy", "signer.deputy"),
                ("chief", "signer.chief"),
            ]
        } else {
            vec![
                ("", "unit.signoff_none"),
                ("unit_leader", "role.unit_leader"),
                ("principal_leader", "role.principal_leader"),
            ]
        }
    }

    fn rule_is(&self, which: &str, value: &str) -> bool {
        self.rule.as_ref().is_some_and(|r| match which {
            "general" => r.general == value,
            "important" => r.important == value,
            _ => r.critical == value,
        })
    }

    fn reporting_office_name(&self) -> Option<&str> {
        let target = self.unit.as_ref()?.reporting_office_id?;
        self.all
            .iter()
            .find(|u| u.id == target)
            .map(|u| u.name.as_str())
    }
}

/// The actor, when the section's pages open for them (the domain's navigation decides).
fn opening(st: &AppState, ctx: &Ctx, section: Section) -> Result<xinbao_app::Actor, Failure> {
    let actor = ctx.actor()?;
    st.app.may_open(&actor, section)?;
    Ok(actor)
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    vacant: Option<String>,
}

async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<ListQuery>,
) -> Result<Response, Failure> {
    let actor = opening(&st, &ctx, Section::Units)?;
    let vacant = q.vacant.is_some();
    let units = st
        .app
        .administered_units_all(&actor.principal)
        .await?
        .into_iter()
        .filter(|u| q.q.is_empty() || u.name.contains(q.q.trim()))
        .filter(|u| {
            !vacant || (u.active && (u.vacancy_leader || u.vacancy_section || u.vacancy_officer))
        })
        .collect();
    let page = Page::new(&ctx, "units.title", "/admin/units");
    Ok(render(&UnitsPage {
        page,
        units,
        q: q.q,
        vacant,
    }))
}

fn unit_title(unit: Option<&UnitView>) -> &'static str {
    unit.map_or("unit.new_title", |_| "unit.edit_title")
}

async fn unit_page(
    st: &AppState,
    ctx: &Ctx,
    unit: Option<UnitView>,
    parent_id: Option<i64>,
) -> Result<Response, Failure> {
    let actor = opening(st, ctx, Section::Units)?;
    let all = st.app.list_units(&actor).await?;
    let (people, rule, peers) = match &unit {
        Some(u) => (
            st.app.people_in_unit(&actor, u.id).await?,
            Some(st.app.signoff_rule(&actor, u.id).await?),
            st.app.peers_of(&actor, u.id).await?,
        ),
        None => (Vec::new(), None, Vec::new()),
    };
    Ok(render(&UnitPage {
        page: Page::new(ctx, unit_title(unit.as_ref()), "/admin/units"),
        unit,
        parent_id,
        all,
        people,
        peers,
        rule,
        kinds: UnitKind::ALL.to_vec(),
        levels: OfficeLevel::ALL.iter().rev().copied().collect(),
        branches: OfficeBranch::ALL.to_vec(),
    }))
}

#[derive(Deserialize, Default)]
struct NewQuery {
    parent: Option<i64>,
}

async fn new_form(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<NewQuery>,
) -> Result<Response, Failure> {
    unit_page(&st, &ctx, None, q.parent).await
}

async fn show(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>) -> Result<Response, Failure> {
    let unit = st
        .app
        .unit(&opening(&st, &ctx, Section::Units)?, id)
        .await?;
    let parent = unit.parent_id;
    unit_page(&st, &ctx, Some(unit), parent).await
}

fn opt_text(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

fn opt_num(s: &str, field: &'static str) -> Result<Option<i64>, Failure> {
    match s.trim() {
        "" => Ok(None),
        t => t
            .parse()
            .map(Some)
            .map_err(|_| Failure::invalid(field, "number")),
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/units", get(list).post(create))
        .route("/admin/units/new", get(new_form))
        .route("/admin/units/{id}", get(show).post(update))
        .route("/admin/units/{id}/deactivate", post(deactivate))
        .route("/admin/units/{id}/reactivate", post(reactivate))
        .route("/admin/units/{id}/peers", post(link_peer))
        .route("/admin/units/{id}/signoff-rule", post(set_rule))
        .route("/admin/kinds", get(kinds).post(set_kind))
}
