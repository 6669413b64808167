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
use xinbao_domain::Role;

/// A posted form as its pairs, for forms with repeated or prefixed fields.
pub type Form = Vec<(String, String)>;

/// A field of a posted form (empty when absent).
pub fn field<'a>(f: &'a Form, name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// A link in the navigation bar.
pub struct Nav {
    pub href: &'static str,
    pub key: &'static str,
    pub current: bool,
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
        let roles = ctx
            .auth
            .as_ref()
            .map(|a| a.principal.roles())
            .unwrap_or_default();
        let mut nav = Vec::new();
        if ctx.auth.is_some() {
            nav.push(("/", "nav.home"));
        }
        let writes = roles
            .iter()
            .any(|r| matches!(r, Role::Officer | Role::UnitLeader | Role::PrincipalLeader));
        if writes {
            nav.push(("/items", "nav.items"));
        }
        if roles.contains(&Role::Editor) {
            nav.push(("/inbox", "nav.inbox"));
        }
        if roles
            .iter()
            .any(|r| matches!(r, Role::UnitLeader | Role::PrincipalLeader | Role::Signer))
        {
            nav.push(("/signoffs", "nav.signoffs"));
        }
        if writes || roles.contains(&Role::Editor) {
            nav.push(("/events", "nav.events"));
        }
        if roles.contains(&Role::Editor) {
            nav.push(("/ledger", "nav.ledger"));
        }
        if roles.iter().any(|r| {
            matches!(
                r,
                Role::Editor | Role::Signer | Role::Reader | Role::PrincipalLeader
            )
        }) {
            nav.push(("/periodicals", "nav.periodicals"));
        }
        if writes || roles.contains(&Role::Editor) {
            nav.push(("/instructions", "nav.instructions"));
        }
        if ctx.auth.is_some() {
            nav.push(("/scores", "nav.scores"));
        }
        if ctx.auth.is_some() {
            nav.push(("/notifications", "nav.notifications"));
        }
        if roles.contains(&Role::Admin) {
            nav.extend([
                ("/admin/units", "nav.units"),
                ("/admin/people", "nav.people"),
                ("/admin/roster", "nav.roster"),
                ("/admin/kinds", "nav.kinds"),
                ("/admin/calendar", "nav.calendar"),
                ("/admin/scoring", "nav.scoring"),
                ("/admin/deliveries", "nav.deliveries"),
            ]);
        }
        if roles.contains(&Role::SecurityAdmin) && !roles.contains(&Role::Admin) {
            nav.push(("/admin/people", "nav.people"));
        }
        if roles.contains(&Role::Auditor) {
            nav.push(("/admin/audit", "nav.audit"));
        }
        if ctx.auth.is_some() {
            nav.push(("/account", "nav.account"));
        }
        Page {
            locale: ctx.locale,
            title: ctx.t(title_key),
            user_name: ctx.auth.as_ref().map(|a| a.person.name.clone()),
            csrf: ctx.form_token.clone(),
            nav: nav
                .into_iter()
                .map(|(href, key)| Nav {
                    href,
                    key,
                    current: href == path || (href != "/" && path.starts_with(href)),
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
