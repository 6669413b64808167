//! Sign-in with lockout, server-side sessions with an idle timeout, API tokens, passwords.

mod api_tokens;
mod web_sessions;

pub use web_sessions::SessionInfo;

use crate::audit::AuditEntry;
use crate::secret::{DUMMY_HASH, hash_password, random_token, token_hash, verify_password};
use crate::totp::Factor;
use crate::{Actor, App, AppError, Result};
use serde_json::json;
use xinbao_domain::access::Principal;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::policy::check_password;
use xinbao_domain::{PersonId, RoleGrant, Timestamp, UnitId};
use xinbao_store::people::{self, PersonRow};
use xinbao_store::{Conn, sessions, tokens};

/// A lockout does not hold against an address the person signed in from this recently.
const KNOWN_SOURCE_DAYS: i64 = 90;

/// A new web session: the cookie value and its CSRF token.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub person: PersonRow,
    pub session_token: String,
    pub csrf_token: String,
}

/// The principal (person and active roles) of an active person.
pub(crate) async fn load_principal(c: &mut Conn<'_>, person: &PersonRow) -> Result<Principal> {
    let grants = people::grants_of(c, person.id).await?;
    Ok(Principal {
        person_id: PersonId(person.id),
        username: person.username.clone(),
        grants: grants
            .into_iter()
            .map(|g| RoleGrant {
                person_id: PersonId(g.person_id),
                unit_id: UnitId(g.unit_id),
                role: g.role,
                signer_level: *g.signer_level,
            })
            .collect(),
    })
}

impl App {
    /// Checks a username and password; audits the outcome. Attempts are rate-limited per
    /// address and per name from one address (429, known and unknown names alike). Failures
    /// climb the account's lockout ladder, but the lock holds only against addresses the
    /// person has not signed in from in the last 90 days, so a stranger cannot lock the owner
    /// out; and only the holder of the right password learns of the lock (423), everyone else
    /// gets the same 401 whether the account exists or not.
    async fn check_credentials(
        &self,
        username: &str,
        password: &str,
        totp: Option<&str>,
        ip: Option<&str>,
    ) -> Result<PersonRow> {
        let username = username.trim().to_ascii_lowercase();
        self.limits.sign_in(&username, ip)?;
        let now = self.now();
        let (person, known_source) = self.sign_in_candidate(&username, ip, now).await?;
        let hash = person
            .as_ref()
            .map_or(DUMMY_HASH.to_string(), |p| p.password_hash.clone());
        let locked = person
            .as_ref()
            .and_then(|p| p.locked_until)
            .filter(|u| *u > now.0 && !known_source);
        let ok = verify_password(password.to_string(), hash).await?;
        let mut tx = self.begin().await?;
        let person_id = person.as_ref().map(|p| p.id);
        let failed = |detail: serde_json::Value| AuditEntry {
            action: AuditAction::SignInFailed,
            actor_id: person_id,
            actor_username: Some(&username),
            target: None,
            detail,
            ip,
        };
        // The second factor counts only behind a right password; a wrong code is a failure.
        let factor = match &person {
            Some(p) if p.active && ok && locked.is_none() => {
                self.check_factor(&mut tx.conn(), p, totp, now.0).await?
            }
            _ => Factor::Passed,
        };
        match person {
            Some(p) if p.active && ok && locked.is_none() && factor == Factor::Passed => {
                people::clear_failures(&mut tx.conn(), p.id).await?;
                tx.commit().await?;
                Ok(p)
            }
            Some(_) if factor == Factor::Missing => {
                tx.audit(failed(json!({"reason": "totp_required"})));
                tx.commit().await?;
                Err(AppError::TotpRequired)
            }
            Some(p) if p.active && locked.is_some() => {
                tx.audit(failed(json!({"reason": "locked"})));
                tx.commit().await?;
                match (ok, locked) {
                    (true, Some(until)) => Err(AppError::Locked(Timestamp(until))),
                    _ => Err(AppError::BadCredentials),
                }
            }
            Some(p) if p.active => {
                let failures = people::add_failure(&mut tx.conn(), p.id).await?;
                let until = self
                    .cfg
                    .lockout
                    .locked_until(now, u32::try_from(failures).unwrap_or(u32::MAX));
                if let Some(until) = until {
                    people::lock_until(&mut tx.conn(), p.id, until.0).await?;
                }
                let reason = if ok { "totp" } else { "password" };
                tx.audit(failed(json!({"reason": reason, "failures": failures})));
                if let Some(until) = until {
                    let mut e = failed(json!({"failures": failures, "until": until.0}));
                    e.action = AuditAction::AccountLocked;
                    tx.audit(e);
                }
                tx.commit().await?;
                Err(if ok {
                    AppError::TotpInvalid
                } else {
                    AppError::BadCredentials
                })
            }
            other => {
                let reason = if other.is_some() {
                    "inactive"
                } else {
                    "unknown_user"
                };
                tx.audit(failed(json!({ "reason": reason })));
                tx.commit().await?;
                Err(AppError::BadCredentials)
            }
        }
    }

    /// The person a username names, and whether their lock spares this address (they signed
    /// in from it in the last `KNOWN_SOURCE_DAYS`).
    async fn sign_in_candidate(
        &self,
        username: &str,
        ip: Option<&str>,
        now: Timestamp,
    ) -> Result<(Option<PersonRow>, bool)> {
        let mut r = self.store.read().await?;
        let person = people::by_username(&mut r.conn(), username).await?;
        let known = match (&person, ip) {
            (Some(p), Some(ip)) if p.locked_until.is_some_and(|u| u > now.0) => {
                let since = now.0 - KNOWN_SOURCE_DAYS * 86_400_000;
                sessions::signed_in_from(&mut r.conn(), p.id, ip, since).await?
            }
            _ => false,
        };
        Ok((person, known))
    }

    /// Signs in for the web UI: a new server-side session.
    pub async fn sign_in_web(
        &self,
        username: &str,
        password: &str,
        totp: Option<&str>,
        ip: Option<&str>,
    ) -> Result<SignedIn> {
        let person = self.check_credentials(username, password, totp, ip).await?;
        let (session_token, csrf_token) = (random_token(), random_token());
        let now = self.now().0;
        let mut tx = self.begin().await?;
        sessions::create(
            &mut tx.conn(),
            &token_hash(&session_token),
            person.id,
            &csrf_token,
            now,
            ip,
        )
        .await?;
        tx.audit(sign_in_audit(&person, ip, "web"));
        tx.commit().await?;
        Ok(SignedIn {
            person,
            session_token,
            csrf_token,
        })
    }

    /// Signs in for the JSON API: a new bearer token that expires after the configured days.
    pub async fn sign_in_api(
        &self,
        username: &str,
        password: &str,
        totp: Option<&str>,
        ip: Option<&str>,
    ) -> Result<(String, PersonRow)> {
        let person = self.check_credentials(username, password, totp, ip).await?;
        let token = format!("xb_{}", random_token());
        let now = self.now();
        let expires = now.plus_seconds(self.cfg.api_token_days * 86_400);
        let mut tx = self.begin().await?;
        tokens::create(
            &mut tx.conn(),
            person.id,
            tokens::SIGN_IN_TOKEN,
            &token_hash(&token),
            now.0,
            Some(expires.0),
        )
        .await?;
        tx.audit(sign_in_audit(&person, ip, "api"));
        tx.commit().await?;
        Ok((token, person))
    }

    /// Changes one's own password; every API token and every other session ends,
    /// `keep_session` (the web session that made the change) stays signed in.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
        keep_session: Option<&str>,
    ) -> Result<()> {
        let pid = actor.principal.person_id.0;
        let person = {
            let mut r = self.store.read().await?;
            people::get(&mut r.conn(), pid)
                .await?
                .ok_or(AppError::NotFound)?
        };
        if !verify_password(current.to_string(), person.password_hash.clone()).await? {
            return Err(AppError::invalid("current_password", "wrong"));
        }
        let problems = check_password(new, &person.username);
        if !problems.is_empty() {
            return Err(AppError::WeakPassword(problems));
        }
        let hash = hash_password(new.to_string()).await?;
        let now = self.now().0;
        let mut tx = self.begin().await?;
        people::set_password(&mut tx.conn(), pid, &hash, false, now).await?;
        sessions::delete_for_person(&mut tx.conn(), pid, keep_session).await?;
        tokens::revoke_all(&mut tx.conn(), pid, now).await?;
        tx.audit(AuditEntry::by(actor, AuditAction::PasswordChanged).target("person", pid));
        tx.touched_sessions();
        tx.commit().await
    }
}

fn sign_in_audit<'a>(p: &'a PersonRow, ip: Option<&'a str>, channel: &str) -> AuditEntry<'a> {
    AuditEntry {
        action: AuditAction::SignIn,
        actor_id: Some(p.id),
        actor_username: Some(&p.username),
        target: None,
        detail: json!({ "channel": channel }),
        ip,
    }
}
