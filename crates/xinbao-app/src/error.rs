//! Errors of the use cases, with stable codes and messages from the catalogue. Internal
//! details are logged by the caller, never shown.

use crate::Conflict;
use crate::i18n::{tr, trf};
use thiserror::Error;
use xinbao_domain::Timestamp;
use xinbao_domain::policy::PasswordProblem;
use xinbao_domain::roster::RowError;
use xinbao_domain::scoring::SchemeError;
use xinbao_store::StoreError;

#[derive(Debug, Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("account locked")]
    Locked(Timestamp),
    #[error("forbidden")]
    Forbidden,
    /// The password was reset: nothing but changing it (and signing out) is allowed.
    #[error("password change required")]
    PasswordChangeRequired,
    /// The account has a second factor on and no code came with the password.
    #[error("second factor required")]
    TotpRequired,
    /// The second factor's code was wrong, used already, or out of its time window.
    #[error("second factor code invalid")]
    TotpInvalid,
    /// The security policy requires a second factor of this person: nothing but enrolling
    /// (and signing out) is allowed until one is on.
    #[error("second factor enrolment required")]
    TotpEnrolmentRequired,
    /// A rate limit was hit; try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests(u64),
    #[error("not found")]
    NotFound,
    /// No page or API route answers at this address.
    #[error("no such route")]
    NoSuchRoute,
    #[error("invalid {field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: &'static str,
    },
    #[error("password does not meet the rules")]
    WeakPassword(Vec<PasswordProblem>),
    #[error("conflict: {}", .0.code())]
    Conflict(Conflict),
    /// A written urgent report leaves out mandatory elements (their codes).
    #[error("missing elements: {0:?}")]
    MissingElements(Vec<String>),
    #[error("the roster has {} bad rows", .0.len())]
    Roster(Vec<RowError>),
    /// A scoring scheme that cannot be evaluated: which rule, and why.
    #[error("scheme: {0}")]
    Scheme(SchemeError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &'static str, problem: &'static str) -> AppError {
        AppError::Invalid { field, problem }
    }

    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::BadCredentials => "bad_credentials",
            AppError::Locked(_) => "account_locked",
            AppError::Forbidden => "forbidden",
            AppError::PasswordChangeRequired => "password_change_required",
            AppError::TotpRequired => "totp_required",
            AppError::TotpInvalid => "totp_invalid",
            AppError::TotpEnrolmentRequired => "totp_enrolment_required",
            AppError::TooManyRequests(_) => "too_many_requests",
            AppError::NotFound => "not_found",
            AppError::NoSuchRoute => "no_such_route",
            AppError::Invalid { .. } => "invalid_input",
            AppError::WeakPassword(_) => "weak_password",
            AppError::Conflict(c) => c.code(),
            AppError::Roster(_) => "roster_invalid",
            AppError::MissingElements(_) => "missing_elements",
            AppError::Scheme(_) => "scheme_invalid",
            AppError::Store(StoreError::Duplicate(_)) => "duplicate",
            AppError::Store(StoreError::Unavailable(_)) => "unavailable",
            AppError::Store(_) | AppError::Internal(_) => "internal",
        }
    }

    /// The message shown to the user, in their language.
    pub fn message(&self, locale: &str) -> String {
        match self {
            AppError::Invalid { field, problem } => trf(
                locale,
                "error.invalid_input",
                &[
                    ("field", &tr(locale, &format!("field.{field}"))),
                    ("problem", &tr(locale, &format!("problem.{problem}"))),
                ],
            ),
            AppError::WeakPassword(ps) => {
                let parts: Vec<String> = ps
                    .iter()
                    .map(|p| tr(locale, &format!("password.{}", p.code())))
                    .collect();
                trf(
                    locale,
                    "error.weak_password",
                    &[("problems", &parts.join(locale_sep(locale)))],
                )
            }
            AppError::Locked(until) => trf(
                locale,
                "error.account_locked",
                &[("until", &crate::i18n::local_time(*until))],
            ),
            AppError::TooManyRequests(seconds) => trf(
                locale,
                "error.too_many_requests",
                &[("seconds", &seconds.to_string())],
            ),
            AppError::Roster(rows) => trf(
                locale,
                "error.roster_invalid",
                &[("count", &rows.len().to_string())],
            ),
            AppError::MissingElements(codes) => {
                let names: Vec<String> = codes
                    .iter()
                    .map(|c| tr(locale, &format!("element.{c}")))
                    .collect();
                trf(
                    locale,
                    "error.missing_elements",
                    &[("elements", &names.join(locale_sep(locale)))],
                )
            }
            AppError::Scheme(e) => trf(
                locale,
                "error.scheme_invalid",
                &[
                    ("rule", &e.rule),
                    (
                        "reason",
                        &tr(locale, &format!("scheme_problem.{}", e.reason)),
                    ),
                    ("other", e.other.as_deref().unwrap_or("")),
                ],
            ),
            AppError::Conflict(c) => tr(locale, &format!("error.{}", c.code())),
            other => tr(locale, &format!("error.{}", other.code())),
        }
    }
}

fn locale_sep(locale: &str) -> &'static str {
    if locale.starts_with("en") {
        "; "
    } else {
        "；"
    }
}
