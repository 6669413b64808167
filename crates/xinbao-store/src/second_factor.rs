//! A person's second factor (TOTP), its recovery codes, and installation settings.

use crate::{Conn, StoreError, with_conn};

/// A person's TOTP seed as stored (encrypted by the application) and its state.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TotpRow {
    pub person_id: i64,
    pub secret: String,
    pub enabled_at: Option<i64>,
    pub last_step: Option<i64>,
    pub created_at: i64,
}

/// The setting that requires a second factor of every administrative role.
pub const REQUIRE_ADMIN_TOTP: &str = "require_admin_totp";

pub async fn get(c: &mut Conn<'_>, person: i64) -> Result<Option<TotpRow>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT person_id, secret, enabled_at, last_step, created_at FROM person_totp \
         WHERE person_id = $1"
    )
    .bind(person)
    .fetch_optional(x)
    .await)?)
}

/// Starts (or restarts) an enrolment with a new seed; a confirmed factor is left alone
/// (false).
pub async fn begin(
    c: &mut Conn<'_>,
    person: i64,
    secret: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query(
            "INSERT INTO person_totp (person_id, secret, enabled_at, last_step, created_at) \
             VALUES ($1, $2, NULL, NULL, $3) \
             ON CONFLICT (person_id) DO UPDATE SET secret = excluded.secret, \
             created_at = excluded.created_at, last_step = NULL \
             WHERE person_totp.enabled_at IS NULL",
        )
        .bind(person)
        .bind(secret)
        .bind(now)
        .execute(x)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Turns a pending factor on, recording the step its confirming code was for.
pub async fn enable(
    c: &mut Conn<'_>,
    person: i64,
    step: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query(
            "UPDATE person_totp SET enabled_at = $2, last_step = $3 \
             WHERE person_id = $1 AND enabled_at IS NULL",
        )
        .bind(person)
        .bind(now)
        .bind(step)
        .execute(x)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Records that a code of `step` was used; false when that step (or a later one) was already
/// used: the replay guard, atomic against two sign-ins at once.
pub async fn use_step(c: &mut Conn<'_>, person: i64, step: i64) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query(
            "UPDATE person_totp SET last_step = $2 \
             WHERE person_id = $1 AND enabled_at IS NOT NULL \
             AND (last_step IS NULL OR last_step < $2)",
        )
        .bind(person)
        .bind(step)
        .execute(x)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Rewrites a stored seed (re-encryption under the current key or format).
pub async fn set_secret(c: &mut Conn<'_>, person: i64, secret: &str) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("UPDATE person_totp SET secret = $2 WHERE person_id = $1")
            .bind(person)
            .bind(secret)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

/// Every stored seed: (person, stored text).
pub async fn all_secrets(c: &mut Conn<'_>) -> Result<Vec<(i64, String)>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT person_id, secret FROM person_totp ORDER BY person_id"
    )
    .fetch_all(x)
    .await)?)
}

/// Removes the factor and its recovery codes.
pub async fn remove(c: &mut Conn<'_>, person: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("DELETE FROM totp_recovery_codes WHERE person_id = $1")
            .bind(person)
            .execute(&mut *x)
            .await?;
        sqlx::query("DELETE FROM person_totp WHERE person_id = $1")
            .bind(person)
            .execute(&mut *x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

/// Replaces the person's recovery codes by these hashes.
pub async fn set_recovery_codes(
    c: &mut Conn<'_>,
    person: i64,
    hashes: &[String],
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("DELETE FROM totp_recovery_codes WHERE person_id = $1")
            .bind(person)
            .execute(&mut *x)
            .await?;
        for h in hashes {
            sqlx::query("INSERT INTO totp_recovery_codes (person_id, code_hash) VALUES ($1, $2)")
                .bind(person)
                .bind(h)
                .execute(&mut *x)
                .await?;
        }
        Ok::<(), sqlx::Error>(())
    })?;
    Ok(())
}

/// Uses up one recovery code; false when it is unknown or already used.
pub async fn use_recovery_code(
    c: &mut Conn<'_>,
    person: i64,
    hash: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query(
            "UPDATE totp_recovery_codes SET used_at = $3 \
             WHERE person_id = $1 AND code_hash = $2 AND used_at IS NULL",
        )
        .bind(person)
        .bind(hash)
        .bind(now)
        .execute(x)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(n >= 1)
}

/// How many unused recovery codes the person has left.
pub async fn recovery_codes_left(c: &mut Conn<'_>, person: i64) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "SELECT COUNT(*) FROM totp_recovery_codes WHERE person_id = $1 AND used_at IS NULL"
    )
    .bind(person)
    .fetch_one(x)
    .await)?)
}

pub async fn setting(c: &mut Conn<'_>, key: &str) -> Result<Option<String>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "SELECT value FROM settings WHERE key = $1"
    )
    .bind(key)
    .fetch_optional(x)
    .await)?)
}

pub async fn set_setting(
    c: &mut Conn<'_>,
    key: &str,
    value: &str,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(now)
        .execute(x)
        .await
        .map(|_| ())
    })?;
    Ok(())
}

/// Whether the policy requires a second factor of administrators, and whether the person has
/// one on: read together, once per request of an administrator.
pub async fn policy_and_state(c: &mut Conn<'_>, person: i64) -> Result<(bool, bool), StoreError> {
    let (policy, enabled): (Option<String>, Option<i64>) = with_conn!(c, |x| sqlx::query_as(
        "SELECT (SELECT value FROM settings WHERE key = $1), \
         (SELECT enabled_at FROM person_totp WHERE person_id = $2)"
    )
    .bind(REQUIRE_ADMIN_TOTP)
    .bind(person)
    .fetch_one(x)
    .await)?;
    Ok((policy.as_deref() == Some("true"), enabled.is_some()))
}
