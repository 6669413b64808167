//! What every request passes before its handler: an address whose path and query are text
//! (no control characters), the caller's rate limit, and — after an administrator reset the
//! password, or while the security policy wants a second factor the person has not set up —
//! nothing but changing it (or enrolling).

use crate::ctx::Ctx;
use crate::extract::raw_form_clean;
use crate::failure::Failure;
use crate::server::AppState;
use axum::http::{Method, Uri};
use xinbao_app::AppError;
use xinbao_app::limits::Caller;
use xinbao_domain::text;

/// Refuses a path or query that decodes to control characters (NUL and the like).
pub fn address_is_text(uri: &Uri) -> Result<(), Failure> {
    let path_clean = text::bytes_clean(&urlencoding::decode_binary(uri.path().as_bytes()));
    if path_clean && uri.query().is_none_or(|q| raw_form_clean(q.as_bytes())) {
        Ok(())
    } else {
        Err(Failure::invalid("query", "control_characters"))
    }
}

/// Counts the request against its caller's limit and enforces a pending password change.
pub fn admit(st: &AppState, ctx: &Ctx, method: &Method, path: &str) -> Result<(), Failure> {
    if path.starts_with("/static/") || path == "/healthz" {
        return Ok(());
    }
    let caller = match (&ctx.auth, &ctx.ip) {
        (Some(a), _) => Some(Caller::Person(a.person.id)),
        (None, Some(ip)) => ip.parse().ok().map(Caller::Address),
        (None, None) => None,
    };
    if let Some(caller) = caller {
        st.app.limits().request(&caller)?;
    }
    match &ctx.auth {
        Some(a) if a.person.must_change_password && !allowed_before_change(method, path) => {
            Err(Failure(AppError::PasswordChangeRequired))
        }
        Some(a) if a.must_enrol_totp && !allowed_before_change(method, path) => {
            Err(Failure(AppError::TotpEnrolmentRequired))
        }
        _ => Ok(()),
    }
}

/// What a person whose password was reset (or who must enrol a second factor) may still do:
/// see who they are, change the password, set up a second factor, sign out.
fn allowed_before_change(method: &Method, path: &str) -> bool {
    let get = *method == Method::GET || *method == Method::HEAD;
    let post = *method == Method::POST;
    match path {
        "/api/v1/me" | "/account" | "/login" => get,
        "/api/v1/me/password" | "/account/password" | "/logout" => post,
        "/api/v1/session" => *method == Method::DELETE || post,
        p if p.starts_with("/api/v1/me/totp") || p.starts_with("/account/totp") => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_who_must_change_the_password_may_only_change_it_or_leave() {
        assert!(allowed_before_change(&Method::POST, "/api/v1/me/password"));
        assert!(allowed_before_change(&Method::GET, "/api/v1/me"));
        assert!(allowed_before_change(&Method::DELETE, "/api/v1/session"));
        assert!(allowed_before_change(&Method::GET, "/account"));
        assert!(!allowed_before_change(&Method::GET, "/api/v1/items"));
        assert!(!allowed_before_change(&Method::POST, "/api/v1/tokens"));
        assert!(!allowed_before_change(&Method::GET, "/inbox"));
    }

    #[test]
    fn paths_and_queries_with_control_characters_are_refused() {
        let ok: Uri = "/api/v1/people?q=%E5%BC%A0".parse().unwrap();
        assert!(address_is_text(&ok).is_ok());
        for bad in [
            "/api/v1/people?q=%00",
            "/api/v1/items/1%00",
            "/inbox?q=a%1Bb",
        ] {
            let uri: Uri = bad.parse().unwrap();
            assert!(address_is_text(&uri).is_err(), "{bad}");
        }
    }
}
