//! Server-rendered pages. Every string comes from the catalogue through `Page::t`.

mod account;
mod account_totp;
mod admin_people;
mod admin_units;
mod audit;
mod events;
mod files;
mod home;
mod inbox;
mod instructions;
mod issues;
mod item_form;
mod items;
mod ledger;
mod login;
mod periodicals;
mod robots;
mod roster;
mod scoring;

use crate::ctx::Ctx;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use xinbao_domain::menu::{self, Section};

/// A posted form as its pairs, for forms with repeated or prefixed fields.
pub type Form = Vec<(String, String)>;

/// A field of a posted form (empty when absent).
pub fn field<'a>(f: &'a Form, name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// A list's page `page` (from 1) of `size` rows: the page number, and the limit and offset
/// that fetch one row more, to know whether a next page exists.
pub fn window(page: Option<i64>, size: i64) -> (i64, i64, i64) {
    let page_no = page.unwrap_or(1).max(1);
    (page_no, size + 1, (page_no - 1) * size)
}

/// Cuts the extra row [`window`] fetched: is there a next page?
pub fn more<T>(rows: &mut Vec<T>, size: i64) -> bool {
    let next = rows.len() as i64 > size;
    rows.truncate(usize::try_from(size).unwrap_or(0));
    next
}

/// A link in the navigation bar.
pub struct Nav {
    pub href: &'static str,
    pub key: &'static str,
    pub current: bool,
}

/// Where a section of the navigation leads, and its label's catalogue key.
fn section_link(s: Section) -> (&'static str, &'static str) {
    match s {
        Section::Home => ("/", "nav.home"),
        Section::Items => ("/items", "nav.items"),
        Section::Inbox => ("/inbox", "nav.inbox"),
        Section::Signoffs => ("/signoffs", "nav.signoffs"),
        Section::Events => ("/events", "nav.events"),
        Section::Ledger => ("/ledger", "nav.ledger"),
        Section::Periodicals => ("/periodicals", "nav.periodicals"),
        Section::Instructions => ("/instructions", "nav.instructions"),
        Section::Scores => ("/scores", "nav.scores"),
        Section::Notifications => ("/notifications", "nav.notifications"),
        Section::Units => ("/admin/units", "nav.units"),
        Section::People => ("/admin/people", "nav.people"),
        Section::Roster => ("/admin/roster", "nav.roster"),
        Section::Kinds => ("/admin/kinds", "nav.kinds"),
        Section::Calendar => ("/admin/calendar", "nav.calendar"),
        Section::Scoring => ("/admin/scoring", "nav.scoring"),
        Section::Deliveries => ("/admin/deliveries", "nav.deliveries"),
        Section::Audit => ("/admin/audit", "nav.audit"),
        Section::Account => ("/account", "nav.account"),
    }
}

/// What every page's layout needs.
pub struct Page {
    pub locale: &'static str,
    pub title: String,
    pub user_name: Option<String>,
    pub csrf: String,
    pub nav: Vec<Nav>,
}

impl Page {
    pub fn new(ctx: &Ctx, title_key: &str, path: &str) -> Page {
        let sections = ctx
            .auth
            .as_ref()
            .map(|a| menu::sections(&a.principal))
            .unwrap_or_default();
        Page {
            locale: ctx.locale,
            title: ctx.t(title_key),
            user_name: ctx.auth.as_ref().map(|a| a.person.name.clone()),
            csrf: ctx.form_token.clone(),
            nav: sections
                .into_iter()
                .map(|s| {
                    let (href, key) = section_link(s);
                    Nav {
                        href,
                        key,
                        current: href == path || (href != "/" && path.starts_with(href)),
                    }
                })
                .collect(),
        }
    }

    /// The catalogue text for `key` in the page's language.
    pub fn t(&self, key: impl AsRef<str>) -> String {
        xinbao_app::i18n::tr(self.locale, key.as_ref())
    }

    /// Catalogue text with one `%{value}` filled.
    pub fn tv(&self, key: impl AsRef<str>, value: impl std::fmt::Display) -> String {
        xinbao_app::i18n::trf(self.locale, key.as_ref(), &[("value", &value.to_string())])
    }

    pub fn time(&self, ms: impl Millis) -> String {
        xinbao_app::i18n::local_time(xinbao_domain::Timestamp(ms.millis()))
    }

    pub fn other_locale(&self) -> &'static str {
        if self.locale == "en" { "zh-CN" } else { "en" }
    }

    pub fn html_lang(&self) -> &'static str {
        if self.locale == "en" { "en" } else { "zh-CN" }
    }
}

/// A time in UTC milliseconds, however the template holds it.
pub trait Millis {
    fn millis(&self) -> i64;
}

impl Millis for i64 {
    fn millis(&self) -> i64 {
        *self
    }
}

impl<T: Millis + ?Sized> Millis for &T {
    fn millis(&self) -> i64 {
        (**self).millis()
    }
}

/// Renders a template as an HTML response (a render failure is logged and becomes a 500).
pub fn render<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Page,
    status: u16,
    message: String,
    details: Vec<String>,
}

pub fn error_page(
    ctx: &Ctx,
    status: StatusCode,
    message: String,
    details: Vec<String>,
) -> Response {
    let page = Page::new(ctx, "error.title", "");
    let mut res = render(&ErrorPage {
        page,
        status: status.as_u16(),
        message,
        details,
    });
    *res.status_mut() = status;
    res
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(login::routes())
        .merge(home::routes())
        .merge(items::routes())
        .merge(files::routes())
        .merge(inbox::routes())
        .merge(account::routes())
        .merge(account_totp::routes())
        .merge(admin_units::routes())
        .merge(admin_people::routes())
        .merge(roster::routes())
        .merge(audit::routes())
        .merge(events::routes())
        .merge(ledger::routes())
        .merge(robots::routes())
        .merge(periodicals::routes())
        .merge(issues::routes())
        .merge(instructions::routes())
        .merge(scoring::routes())
}
