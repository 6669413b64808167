//! Administering people: list, create, edit, roles, deactivate, reset password.

use super::{Page, render};
use crate::ctx::Ctx;
use crate::extract::{F, P, Q};
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use xinbao_app::{PersonInput, PersonView, UnitView};
use xinbao_domain::SignerLevel;
use xinbao_domain::menu::{self, Section};

const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    page: Page,
    people: Vec<PersonView>,
    q: String,
    page_no: i64,
    has_next: bool,
    /// System administrators create people; security administrators only grant roles.
    may_create: bool,
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    page: Page,
    person: Option<PersonView>,
    units: Vec<UnitView>,
    roles: Vec<&'static str>,
    levels: Vec<&'static str>,
    /// A password shown once (generated at creation or reset).
    once_password: Option<String>,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<i64>,
}

async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<ListQuery>,
) -> Result<Response, Failure> {
    let page_no = q.page.unwrap_or(1).max(1);
    let mut people = st
        .app
        .list_people(
            &ctx.actor()?,
            &q.q,
            PAGE_SIZE + 1,
            (page_no - 1) * PAGE_SIZE,
        )
        .await?;
    let has_next = people.len() as i64 > PAGE_SIZE;
    people.truncate(PAGE_SIZE as usize);
    let page = Page::new(&ctx, "people.title", "/admin/people");
    Ok(render(&PeoplePage {
        page,
        people,
        q: q.q,
        page_no,
        has_next,
        may_create: st.app.may_create_people(&ctx.actor()?),
    }))
}

async fn person_page(
    st: &AppState,
    ctx: &Ctx,
    person: Option<PersonView>,
    once_password: Option<String>,
) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    st.app.may_open(&actor, Section::People)?;
    if person.is_none() && !st.app.may_create_people(&actor) {
        // The new-person form only for those who may create accounts.
        return Err(Failure(xinbao_app::AppError::Forbidden));
    }
    let units = st.app.administered_units(&actor.principal).await?;
    let title = if person.is_some() {
        "person.title"
    } else {
        "people.new"
    };
    Ok(render(&PersonPage {
        page: Page::new(ctx, title, "/admin/people"),
        person,
        units,
        roles: menu::role_codes(),
        levels: SignerLevel::ALL.iter().map(|l| l.code()).collect(),
        once_password,
    }))
}

async fn new_form(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    person_page(&st, &ctx, None, None).await
}

async fn show(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>) -> Result<Response, Failure> {
    let person = st.app.person(&ctx.actor()?, id).await?;
    person_page(&st, &ctx, Some(person), None).await
}

#[derive(Deserialize)]
struct PersonForm {
    #[serde(default)]
    username: String,
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    signer_level: String,
}

impl PersonForm {
    fn input(&self) -> PersonInput {
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        PersonInput {
            username: self.username.clone(),
            name: self.name.clone(),
            phone: opt(&self.phone),
            title: opt(&self.title),
            email: opt(&self.email),
            password: opt(&self.password),
        }
    }
}

async fn create(
    State(st): State<AppState>,
    ctx: Ctx,
    F(f): F<PersonForm>,
) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let (id, generated) = st.app.create_person(&actor, &f.input()).await?;
    if let Ok(unit) = f.unit_id.trim().parse::<i64>()
        && !f.role.is_empty()
    {
        let level = Some(f.signer_level.as_str()).filter(|l| !l.is_empty());
        st.app.grant_role(&actor, id, unit, &f.role, level).await?;
    }
    let person = st.app.person(&actor, id).await?;
    person_page(&st, &ctx, Some(person), generated).await
}

async fn update(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<PersonForm>,
) -> Result<Response, Failure> {
    st.app.update_person(&ctx.actor()?, id, &f.input()).await?;
    Ok(Redirect::to(&format!("/admin/people/{id}")).into_response())
}

#[derive(Deserialize)]
struct RoleForm {
    unit_id: String,
    role: String,
    #[serde(default)]
    signer_level: String,
}

async fn grant(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<RoleForm>,
) -> Result<Response, Failure> {
    let unit: i64 = f
        .unit_id
        .trim()
        .parse()
        .map_err(|_| Failure::invalid("unit_id", "required"))?;
    let level = Some(f.signer_level.as_str()).filter(|l| !l.is_empty());
    st.app
        .grant_role(&ctx.actor()?, id, unit, &f.role, level)
        .await?;
    Ok(Redirect::to(&format!("/admin/people/{id}")).into_response())
}

async fn revoke(
    State(st): State<AppState>,
    ctx: Ctx,
    P((id, grant)): P<(i64, i64)>,
) -> Result<Response, Failure> {
    st.app.revoke_role(&ctx.actor()?, grant).await?;
    Ok(Redirect::to(&format!("/admin/people/{id}")).into_response())
}

async fn deactivate(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Response, Failure> {
    st.app.set_person_active(&ctx.actor()?, id, false).await?;
    Ok(Redirect::to(&format!("/admin/people/{id}")).into_response())
}

async fn reactivate(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
) -> Result<Response, Failure> {
    st.app.set_person_active(&ctx.actor()?, id, true).await?;
    Ok(Redirect::to(&format!("/admin/people/{id}")).into_response())
}

async fn reset(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let generated = st.app.reset_password(&actor, id, None).await?;
    let person = st.app.person(&actor, id).await?;
    person_page(&st, &ctx, Some(person), generated).await
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/people", get(list).post(create))
        .route("/admin/people/new", get(new_form))
        .route("/admin/people/{id}", get(show).post(update))
        .route("/admin/people/{id}/roles", post(grant))
        .route("/admin/people/{id}/roles/{grant}/revoke", post(revoke))
        .route("/admin/people/{id}/deactivate", post(deactivate))
        .route("/admin/people/{id}/reactivate", post(reactivate))
        .route("/admin/people/{id}/reset-password", post(reset))
}
