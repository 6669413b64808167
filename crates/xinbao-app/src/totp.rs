//! The second factor (TOTP, RFC 6238): enrolment with recovery codes, the check at sign-in,
//! turning it off. Seeds are stored SM4-encrypted (`secrets`), recovery codes as SHA-256.

use crate::audit::AuditEntry;
use crate::secret::{token_hash, verify_password};
use crate::secrets::TOTP_SEED;
use crate::{Actor, App, AppError, Result};
use rand::Rng;
use totp_rs::{Algorithm, Builder, Secret, Totp};
use xinbao_domain::audit::AuditAction;
use xinbao_domain::second_factor::{
    self as rules, FactorInput, RECOVERY_ALPHABET, RECOVERY_CODES, SecurityPolicy,
};
use xinbao_store::people::{self, PersonRow};
use xinbao_store::{Conn, second_factor as store};

/// The issuer shown in authenticator apps.
const ISSUER: &str = "Xinbao";

/// A new, not yet confirmed, factor: the seed for manual entry and the `otpauth://` address
/// an authenticator app reads from the QR code.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TotpEnrolment {
    /// Base32, for typing into an authenticator app.
    pub secret: String,
    pub otpauth_uri: String,
}

/// The caller's second factor as the account page shows it.
#[derive(Debug, Clone, Default)]
pub struct TotpStatus {
    pub enabled: bool,
    /// An enrolment begun and not confirmed yet.
    pub pending: Option<TotpEnrolment>,
    pub recovery_codes_left: i64,
    /// The security policy requires a factor of this person.
    pub required: bool,
}

/// What the factor check at sign-in found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Factor {
    /// No factor is on, or a right, unused code (or recovery code) came along.
    Passed,
    /// A factor is on and nothing came with the password.
    Missing,
    /// A wrong, replayed or malformed code.
    Wrong,
}

fn totp_of(secret_b32: &str, account: &str) -> Result<Totp> {
    let secret = Secret::try_from_base32(secret_b32)
        .map_err(|e| AppError::Internal(format!("stored TOTP seed: {e}")))?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_secret(secret)
        .with_skew(1)
        .with_issuer(Some(ISSUER))
        .with_account_name(account)
        .build()
        .map_err(|e| AppError::Internal(format!("TOTP: {e}")))
}

/// The step a six-digit code is right for at `now_ms` (this step or one either side).
fn matching_step(totp: &Totp, code: &str, now_ms: i64) -> Option<i64> {
    let now_s = u64::try_from(now_ms.div_euclid(1000)).ok()?;
    totp.check(code, now_s).and_then(|s| i64::try_from(s).ok())
}

fn new_recovery_code() -> String {
    let alphabet = RECOVERY_ALPHABET.as_bytes();
    let mut rng = rand::rng();
    (0..16)
        .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
        .collect()
}

impl App {
    fn open_seed(&self, row: &store::TotpRow) -> Result<String> {
        self.cfg.secrets_key.open(TOTP_SEED, &row.secret)
    }

    /// Begins an enrolment: a new random seed, not active until a code confirms it.
    pub async fn begin_totp(&self, actor: &Actor) -> Result<TotpEnrolment> {
        let pid = actor.principal.person_id.0;
        let mut seed = [0u8; 20];
        rand::rng().fill(&mut seed);
        let secret = Secret::from(seed.to_vec()).to_base32();
        let uri = totp_of(&secret, &actor.principal.username)?
            .to_url()
            .map_err(|e| AppError::Internal(format!("TOTP: {e}")))?;
        let sealed = self.cfg.secrets_key.seal(TOTP_SEED, &secret)?;
        let mut tx = self.begin().await?;
        if !store::begin(&mut tx.conn(), pid, &sealed, self.now().0).await? {
            return Err(AppError::Conflict(crate::Conflict::TotpAlreadyOn));
        }
        tx.commit().await?;
        Ok(TotpEnrolment {
            secret,
            otpauth_uri: uri,
        })
    }

    /// Confirms an enrolment with a code from the app: the factor is on, and the ten
    /// recovery codes are returned (shown once; only their hashes are kept).
    pub async fn confirm_totp(&self, actor: &Actor, code: &str) -> Result<Vec<String>> {
        let pid = actor.principal.person_id.0;
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let row = store::get(&mut tx.conn(), pid).await?;
        let Some(row) = row.filter(|r| r.enabled_at.is_none()) else {
            return Err(AppError::Conflict(crate::Conflict::TotpNotPending));
        };
        let totp = totp_of(&self.open_seed(&row)?, &actor.principal.username)?;
        let FactorInput::Code(code) = rules::parse_input(code) else {
            return Err(AppError::invalid("totp", "wrong"));
        };
        let step = matching_step(&totp, &code, now).ok_or(AppError::invalid("totp", "wrong"))?;
        let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
        let hashes: Vec<String> = codes.iter().map(|c| token_hash(c)).collect();
        store::enable(&mut tx.conn(), pid, step, now).await?;
        store::set_recovery_codes(&mut tx.conn(), pid, &hashes).await?;
        tx.audit(AuditEntry::by(actor, AuditAction::SecondFactorEnabled).target("person", pid));
        tx.touched_sessions();
        tx.commit().await?;
        Ok(codes.iter().map(|c| rules::format_recovery(c)).collect())
    }

    /// Turns one's own factor off, proven by a current code (or recovery code) or the
    /// password; refused while the security policy requires a factor of this person.
    pub async fn disable_totp(
        &self,
        actor: &Actor,
        code: Option<&str>,
        password: Option<&str>,
    ) -> Result<()> {
        let pid = actor.principal.person_id.0;
        if self
            .security_policy_now()
            .await?
            .requires_factor(&actor.principal)
        {
            return Err(AppError::Conflict(crate::Conflict::TotpRequiredByPolicy));
        }
        let person = {
            let mut r = self.store.read().await?;
            people::get(&mut r.conn(), pid)
                .await?
                .ok_or(AppError::NotFound)?
        };
        let by_password = match password.filter(|p| !p.is_empty()) {
            Some(p) => verify_password(p.to_string(), person.password_hash.clone()).await?,
            None => false,
        };
        let now = self.now().0;
        let mut tx = self.begin().await?;
        // Without a password, a code must come along and pass (it uses up its step).
        let by_code = match code.filter(|c| !c.trim().is_empty()) {
            Some(_) if !by_password => {
                self.check_factor(&mut tx.conn(), &person, code, now)
                    .await?
                    == Factor::Passed
            }
            _ => false,
        };
        let proven = by_password || by_code;
        if !proven {
            return Err(AppError::TotpInvalid);
        }
        store::remove(&mut tx.conn(), pid).await?;
        tx.audit(AuditEntry::by(actor, AuditAction::SecondFactorDisabled).target("person", pid));
        tx.touched_sessions();
        tx.commit().await
    }

    /// The caller's factor for the account page.
    pub async fn totp_status(&self, actor: &Actor) -> Result<TotpStatus> {
        let pid = actor.principal.person_id.0;
        let mut r = self.store.read().await?;
        let row = store::get(&mut r.conn(), pid).await?;
        let left = store::recovery_codes_left(&mut r.conn(), pid).await?;
        drop(r);
        let required = self
            .security_policy_now()
            .await?
            .requires_factor(&actor.principal);
        let pending = match &row {
            Some(row) if row.enabled_at.is_none() => {
                let secret = self.open_seed(row)?;
                let otpauth_uri = totp_of(&secret, &actor.principal.username)?
                    .to_url()
                    .map_err(|e| AppError::Internal(format!("TOTP: {e}")))?;
                Some(TotpEnrolment {
                    secret,
                    otpauth_uri,
                })
            }
            _ => None,
        };
        Ok(TotpStatus {
            enabled: row.is_some_and(|r| r.enabled_at.is_some()),
            pending,
            recovery_codes_left: left,
            required,
        })
    }

    /// The factor check of a sign-in whose password was right, in its transaction: a right
    /// code uses up its step (a replay is wrong), a recovery code is used up.
    pub(crate) async fn check_factor(
        &self,
        c: &mut Conn<'_>,
        person: &PersonRow,
        input: Option<&str>,
        now: i64,
    ) -> Result<Factor> {
        let row = store::get(c, person.id).await?;
        let Some(row) = row.filter(|r| r.enabled_at.is_some()) else {
            return Ok(Factor::Passed);
        };
        let Some(input) = input.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(Factor::Missing);
        };
        let passed = match rules::parse_input(input) {
            FactorInput::Code(code) => {
                let totp = totp_of(&self.open_seed(&row)?, &person.username)?;
                match matching_step(&totp, &code, now) {
                    Some(step) if !rules::is_replay(step, row.last_step) => {
                        store::use_step(c, person.id, step).await?
                    }
                    _ => false,
                }
            }
            FactorInput::Recovery(code) => {
                store::use_recovery_code(c, person.id, &token_hash(&code), now).await?
            }
            FactorInput::Malformed => false,
        };
        Ok(if passed {
            Factor::Passed
        } else {
            Factor::Wrong
        })
    }

    /// Is this caller held to enrolling a second factor (policy on, administrative role,
    /// no factor on)? Costs a query only for administrators.
    pub async fn second_factor_pending(
        &self,
        principal: &xinbao_domain::access::Principal,
    ) -> Result<bool> {
        let probe = SecurityPolicy {
            require_admin_totp: true,
        };
        if !probe.requires_factor(principal) {
            return Ok(false);
        }
        let mut r = self.store.read().await?;
        let (policy, enabled) =
            store::policy_and_state(&mut r.conn(), principal.person_id.0).await?;
        Ok(policy && !enabled)
    }
}
