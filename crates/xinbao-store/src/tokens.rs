//! Revocable API tokens for the JSON API. Only a hash of each token is stored.

use crate::people::PersonRow;
use crate::{Conn, StoreError, with_conn};

/// An API token as listed (never its value or hash).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct TokenRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    #[serde(skip)]
    #[schema(ignore)]
    pub token_hash: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

const COLUMNS: &str =
    "id, person_id, name, token_hash, created_at, last_used_at, expires_at, revoked_at";

pub async fn create(
    c: &mut Conn<'_>,
    person: i64,
    name: &str,
    hash: &str,
    now: i64,
    expires_at: Option<i64>,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
            "INSERT INTO api_tokens (person_id, name, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(person)
        .bind(name)
        .bind(hash)
        .bind(now)
        .bind(expires_at)
        .fetch_one(x)
        .await
    })?)
}

/// A token that is neither revoked nor expired at `now`.
pub async fn find_live(
    c: &mut Conn<'_>,
    hash: &str,
    now: i64,
) -> Result<Option<TokenRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL \
         AND (expires_at IS NULL OR expires_at > $2)"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(hash)
        .bind(now)
        .fetch_optional(x)
        .await)?)
}

#[derive(sqlx::FromRow)]
struct Joined {
    t_id: i64,
    t_last_used_at: Option<i64>,
    #[sqlx(flatten)]
    person: PersonRow,
}

/// The name of the tokens that `POST /api/v1/session` issues (a named token may not take it).
pub const SIGN_IN_TOKEN: &str = "api-session";

/// How long a token may go unused before it stops answering, in milliseconds: sign-in tokens
/// like web sessions, named tokens (for scripts) their own, longer period.
#[derive(Debug, Clone, Copy)]
pub struct IdleLimits {
    pub sign_in_ms: i64,
    pub named_ms: i64,
}

/// A live token's id and last use with its person, in one query (every API call starts here).
/// Revoked, expired and idle tokens are not live.
pub async fn find_live_with_person(
    c: &mut Conn<'_>,
    hash: &str,
    now: i64,
    idle: IdleLimits,
) -> Result<Option<(i64, Option<i64>, PersonRow)>, StoreError> {
    let person_columns = crate::people::columns_of("p");
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT t.id AS t_id, t.last_used_at AS t_last_used_at, {person_columns} \
         FROM api_tokens t JOIN people p ON p.id = t.person_id WHERE t.token_hash = $1 \
         AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) \
         AND COALESCE(t.last_used_at, t.created_at) > $2 - \
             (CASE WHEN t.name = $3 THEN $4 ELSE $5 END)"
    ));
    let row: Option<Joined> = with_conn!(c, |x| sqlx::query_as(sql)
        .bind(hash)
        .bind(now)
        .bind(SIGN_IN_TOKEN)
        .bind(idle.sign_in_ms)
        .bind(idle.named_ms)
        .fetch_optional(x)
        .await)?;
    Ok(row.map(|j| (j.t_id, j.t_last_used_at, j.person)))
}

pub async fn list_for(c: &mut Conn<'_>, person: i64) -> Result<Vec<TokenRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE person_id = $1 ORDER BY id DESC"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(person)
        .fetch_all(x)
        .await)?)
}

/// Notes the last use, at most once a minute per token to spare the writer.
pub async fn touch(c: &mut Conn<'_>, id: i64, now: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)")
            .bind(now)
            .bind(id)
            .bind(now - 60_000)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

/// Revokes a token of `person`; false if there was no such live token.
pub async fn revoke(c: &mut Conn<'_>, person: i64, id: i64, now: i64) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND person_id = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .bind(person)
            .execute(x)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Revokes every token of a person (deactivation, administrator reset).
pub async fn revoke_all(c: &mut Conn<'_>, person: i64, now: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(person)
        .execute(x)
        .await
        .map(|_| ())
    })?;
    Ok(())
}
