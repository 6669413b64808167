//! The request context: language, API or page, the signed-in person, the client address.
//! `resolve` (a middleware) builds it once per request and enforces CSRF protection.

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use std::net::SocketAddr;
use xinbao_app::{Actor, AppError, i18n};
use xinbao_domain::access::Principal;
use xinbao_store::people::PersonRow;

use crate::failure::Failure;
use crate::server::AppState;

pub const SESSION_COOKIE: &str = "xb_session";
pub const PRE_SESSION_COOKIE: &str = "xb_pre";
pub const LANG_COOKIE: &str = "xb_lang";

/// Who is calling, and how they proved it.
#[derive(Debug, Clone)]
pub struct Authed {
    pub principal: Principal,
    pub person: PersonRow,
    /// Present for cookie sessions: the token forms must carry.
    pub csrf: Option<String>,
    pub session_hash: Option<String>,
    pub bearer: Option<String>,
    /// The security policy requires a second factor of this person and none is on yet.
    pub must_enrol_totp: bool,
}

#[derive(Debug, Clone)]
pub struct Ctx {
    pub locale: &'static str,
    pub api: bool,
    pub ip: Option<String>,
    pub auth: Option<Authed>,
    /// The token a form must carry (session CSRF token, or the pre-session one on sign-in).
    pub form_token: String,
    /// Cookies get the Secure flag (configured, or the request came over TLS via a proxy).
    pub secure: bool,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        i18n::tr(self.locale, key)
    }

    /// The signed-in caller, or 401.
    pub fn authed(&self) -> Result<&Authed, Failure> {
        self.auth.as_ref().ok_or(Failure(AppError::Unauthenticated))
    }

    pub fn actor(&self) -> Result<Actor, Failure> {
        Ok(Actor::new(
            self.authed()?.principal.clone(),
            self.ip.clone(),
        ))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or(Failure(AppError::Internal(
                "request context missing".into(),
            )))
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(|t| t.trim().to_string())
}

fn locale_of(jar: &CookieJar, query: Option<&str>) -> &'static str {
    let from_query = query.and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("lang="))
            .map(i18n::pick_locale)
    });
    from_query.unwrap_or_else(|| {
        jar.get(LANG_COOKIE)
            .map_or(i18n::DEFAULT_LOCALE, |c| i18n::pick_locale(c.value()))
    })
}

/// Builds the context, then refuses any state-changing cookie request without its token.
pub async fn resolve(
    State(st): State<AppState>,
    jar: CookieJar,
    mut req: Request,
    next: Next,
) -> Response {
    let locale = locale_of(&jar, req.uri().query());
    let api = req.uri().path().starts_with("/api/");
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let token = bearer(req.headers());
    let secure = st.opts.secure_cookies
        || req
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            == Some("https");
    let mut ctx = Ctx {
        locale,
        api,
        ip,
        auth: None,
        form_token: String::new(),
        secure,
    };
    if let Err(refused) = crate::gate::address_is_text(req.uri()) {
        return crate::failure::render(&ctx, refused.into_response());
    }
    let session_cookie = jar
        .get(SESSION_COOKIE)
        .filter(|_| !req.uri().path().starts_with("/static/"));
    let found = match (&token, session_cookie) {
        (Some(t), _) => st.app.token_principal(t).await.map(|o| {
            o.map(|(principal, person)| Authed {
                principal,
                person,
                csrf: None,
                session_hash: None,
                bearer: Some(t.clone()),
                must_enrol_totp: false,
            })
        }),
        (None, Some(c)) => st.app.session(c.value()).await.map(|o| {
            o.map(|s| Authed {
                principal: s.principal,
                person: s.person,
                csrf: Some(s.csrf_token),
                session_hash: Some(s.session_hash),
                bearer: None,
                must_enrol_totp: false,
            })
        }),
        (None, None) => Ok(None),
    };
    let found = match found {
        Ok(Some(mut a)) => match st.app.second_factor_pending(&a.principal).await {
            Ok(pending) => {
                a.must_enrol_totp = pending;
                Ok(Some(a))
            }
            Err(e) => Err(e),
        },
        other => other,
    };
    match found {
        Ok(a) => ctx.auth = a,
        Err(e) => return crate::failure::render(&ctx, Failure(e).into_response()),
    }
    if let Err(refused) = crate::gate::admit(&st, &ctx, req.method(), req.uri().path()) {
        return crate::failure::render(&ctx, refused.into_response());
    }
    ctx.form_token = match &ctx.auth {
        Some(a) => a.csrf.clone().unwrap_or_default(),
        None => jar
            .get(PRE_SESSION_COOKIE)
            .map(|c| c.value().to_string())
            .unwrap_or_default(),
    };
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let cookie_auth = token.is_none() && !(api && ctx.auth.is_none());
    if unsafe_method && cookie_auth {
        let (req2, ok) = crate::extract::check_csrf(req, &ctx.form_token).await;
        req = req2;
        if !ok {
            tracing::warn!(path = %req.uri().path(), "rejected a state-changing request without a valid CSRF token");
            let res = Failure(AppError::Conflict(xinbao_app::Conflict::Csrf)).into_response();
            let mut res = crate::failure::render(&ctx, res);
            *res.status_mut() = axum::http::StatusCode::FORBIDDEN;
            return res;
        }
    }
    let chose_language = req
        .uri()
        .query()
        .is_some_and(|q| q.split('&').any(|kv| kv.starts_with("lang=")));
    req.extensions_mut().insert(ctx.clone());
    let (method, path) = (req.method().to_string(), req.uri().path().to_string());
    let res = next.run(req).await;
    if res.status() == axum::http::StatusCode::FORBIDDEN
        && let Ok(actor) = ctx.actor()
        && let Err(e) = st.app.record_denied(&actor, &method, &path).await
    {
        tracing::warn!(error = %e, "could not record a refused request");
    }
    let mut res = crate::failure::render(&ctx, res);
    if ctx.secure {
        res.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            axum::http::HeaderValue::from_static("max-age=31536000"),
        );
    }
    if chose_language {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
            ctx.locale
        );
        if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}
