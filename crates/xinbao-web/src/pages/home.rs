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
use xinbao_app::views::home::HomeView;
use xinbao_app::{PersonView, UnitView};
use xinbao_store::inbox::ItemLine;

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

impl HomePage {
    fn new(page: Page, v: HomeView) -> HomePage {
        HomePage {
            page,
            me: v.me,
            roles: v.roles,
            is_admin: v.duties.admin,
            is_officer: v.duties.officer,
            is_unit_leader: v.duties.unit_leader,
            is_editor: v.duties.editor,
            is_signer: v.duties.signer,
            is_reader: v.duties.reader,
            unit_count: v.unit_count,
            vacancies: v.vacancies,
            vacancy_total: v.vacancy_total,
            my_units: v.my_units,
            recent: v.recent,
            to_sign: v.to_sign,
            inbox_open: v.inbox_open,
            inbox_urgent: v.inbox_urgent,
            progress: v.progress,
        }
    }
}

async fn home(State(st): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    let view = st.app.home_view(&ctx.actor()?).await?;
    let page = Page::new(&ctx, "home.title", "/");
    Ok(render(&HomePage::new(page, view)))
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}
