//! The JSON API under `/api/v1`, registered together with its OpenAPI description so the
//! document cannot drift from the routes.

mod admin;
mod channels;
mod events;
mod instructions;
mod items;
mod notifications;
mod periodicals;
mod scoring;
mod session;
mod totp;
mod units;

use crate::server::AppState;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Xinbao (信报) API", description = "JSON API of Xinbao. Authenticate with `POST /api/v1/session` and send the token as `Authorization: Bearer <token>`. Errors are `{\"error\": {\"code\", \"message\"}}`."),
    modifiers(&Bearer),
    components(schemas(ErrorBody, ErrorDetail))
)]
struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(c) = openapi.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The error envelope of every failed API call.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable code, e.g. `forbidden`, `invalid_input`, `bad_credentials`.
    pub code: String,
    /// A message in the caller's language.
    pub message: String,
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(session::create_session, session::delete_session))
        .routes(routes!(session::me))
        .routes(routes!(session::change_password))
        .routes(routes!(session::list_tokens, session::create_token))
        .routes(routes!(session::revoke_token))
        .routes(routes!(totp::begin, totp::disable))
        .routes(routes!(totp::confirm))
        .routes(routes!(totp::get_policy, totp::put_policy))
        .routes(routes!(units::list_units, units::create_unit))
        .routes(routes!(units::get_unit, units::update_unit))
        .routes(routes!(units::deactivate_unit))
        .routes(routes!(units::reactivate_unit))
        .routes(routes!(units::list_peers, units::link_peer))
        .routes(routes!(units::get_signoff_rule, units::set_signoff_rule))
        .routes(routes!(units::list_kinds))
        .routes(routes!(units::set_kind_quota))
        .routes(routes!(admin::list_people, admin::create_person))
        .routes(routes!(admin::get_person, admin::update_person))
        .routes(routes!(admin::grant_role))
        .routes(routes!(admin::revoke_role))
        .routes(routes!(admin::deactivate_person))
        .routes(routes!(admin::reactivate_person))
        .routes(routes!(admin::reset_password))
        .routes(routes!(admin::import_roster))
        .routes(routes!(admin::roster_template))
        .routes(routes!(admin::audit_log))
        .routes(routes!(admin::audit_verify))
        .routes(routes!(channels::my_channels, channels::set_my_channel))
        .routes(routes!(channels::robots, channels::set_robot))
        .routes(routes!(channels::deliveries))
        .routes(routes!(events::create_event, events::list_events))
        .routes(routes!(events::get_event))
        .routes(routes!(events::add_report))
        .routes(routes!(events::close_event))
        .routes(routes!(events::assign_verification))
        .routes(routes!(events::complete_verification))
        .routes(routes!(events::ledger, events::add_ledger))
        .routes(routes!(events::correct_ledger))
        .routes(routes!(events::list_rules, events::set_rule))
        .routes(routes!(events::calendar, events::set_day))
        .routes(routes!(periodicals::list, periodicals::create))
        .routes(routes!(periodicals::create_issue, periodicals::list_issues))
        .routes(routes!(periodicals::mark_read))
        .routes(routes!(periodicals::get_issue, periodicals::edit_issue))
        .routes(routes!(periodicals::docx))
        .routes(routes!(periodicals::freeze))
        .routes(routes!(periodicals::unfreeze))
        .routes(routes!(periodicals::sign_off))
        .routes(routes!(periodicals::publish))
        .routes(routes!(periodicals::add_instruction))
        .routes(routes!(instructions::list))
        .routes(routes!(instructions::report))
        .routes(routes!(instructions::close))
        .routes(routes!(scoring::get_scheme, scoring::put_scheme))
        .routes(routes!(scoring::versions))
        .routes(routes!(scoring::load_shipped))
        .routes(routes!(scoring::scores))
        .routes(routes!(scoring::add_penalty))
        .routes(routes!(scoring::bulletin))
        .routes(routes!(scoring::weekly))
        .routes(routes!(scoring::assessment))
        .routes(routes!(items::create_item))
        .routes(routes!(items::merge_items))
        .routes(routes!(items::import_docx))
        .routes(routes!(items::attach, items::attachments))
        .routes(routes!(items::get_item, items::save_item))
        .routes(routes!(items::submit_item))
        .routes(routes!(items::approve_item))
        .routes(routes!(items::reject_item))
        .routes(routes!(items::withdraw_item))
        .routes(routes!(items::receive_item))
        .routes(routes!(items::claim_item))
        .routes(routes!(items::hold_item))
        .routes(routes!(items::reserve_item))
        .routes(routes!(items::return_item))
        .routes(routes!(items::decline_item))
        .routes(routes!(items::adopt_item))
        .routes(routes!(items::share_item))
        .routes(routes!(items::forward_item))
        .routes(routes!(items::diff))
        .routes(routes!(items::inbox))
        .routes(routes!(items::my_items))
        .routes(routes!(items::signoffs))
        .routes(routes!(notifications::list))
        .routes(routes!(notifications::unread))
        .routes(routes!(notifications::mark_read))
}
