//! People and the roles they hold in units.

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::{MaybeCode, Role, SignerLevel};

mod grants;

pub use grants::*;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct PersonRow {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub phone: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    #[serde(skip)]
    pub password_hash: String,
    pub must_change_password: bool,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub password_changed_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewPerson {
    pub username: String,
    pub name: String,
    pub phone: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub password_hash: String,
    pub must_change_password: bool,
}

const COLUMNS: &str = "id, username, name, phone, title, email, password_hash, must_change_password, \
    failed_logins, locked_until, active, created_at, updated_at, password_changed_at";

pub async fn insert(c: &mut Conn<'_>, p: &NewPerson, now: i64) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
            "INSERT INTO people (username, name, phone, title, email, password_hash, must_change_password, \
             failed_logins, active, created_at, updated_at, password_changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0, TRUE, $8, $8, $8) RETURNING id",
        )
        .bind(&p.username)
        .bind(&p.name)
        .bind(&p.phone)
        .bind(&p.title)
        .bind(&p.email)
        .bind(&p.password_hash)
        .bind(p.must_change_password)
        .bind(now)
        .fetch_one(x)
        .await
    })?)
}

pub async fn get(c: &mut Conn<'_>, id: i64) -> Result<Option<PersonRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM people WHERE id = $1"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(x)
        .await)?)
}

/// The person columns qualified by a table alias, for joins that read a person along.
pub(crate) fn columns_of(alias: &str) -> String {
    COLUMNS
        .split(',')
        .map(|col| format!("{alias}.{}", col.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The names of several people at once, by id (absent ids are left out).
pub async fn names(c: &mut Conn<'_>, ids: &[i64]) -> Result<Vec<(i64, String)>, StoreError> {
    crate::dialect::fetch_by(c, "SELECT id, name FROM people WHERE id {ids}", ids).await
}

pub async fn by_username(
    c: &mut Conn<'_>,
    username: &str,
) -> Result<Option<PersonRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM people WHERE username = $1"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(username)
        .fetch_optional(x)
        .await)?)
}

/// People whose name or username contains `q` (all when empty), by username, one page.
pub async fn search(
    c: &mut Conn<'_>,
    q: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<PersonRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM people WHERE ($1 = '' OR name LIKE $2 OR username LIKE $2) \
         ORDER BY username LIMIT $3 OFFSET $4"
    ));
    let pattern = format!("%{}%", q.replace(['%', '_'], ""));
    Ok(with_conn!(c, |x| {
        sqlx::query_as(sql)
            .bind(q)
            .bind(&pattern)
            .bind(limit)
            .bind(offset)
            .fetch_all(x)
            .await
    })?)
}

pub async fn count(c: &mut Conn<'_>) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "SELECT COUNT(*) FROM people"
    )
    .fetch_one(x)
    .await)?)
}

pub async fn all_usernames(c: &mut Conn<'_>) -> Result<Vec<(String, String)>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT username, name FROM people"
    )
    .fetch_all(x)
    .await)?)
}

pub async fn update_profile(
    c: &mut Conn<'_>,
    id: i64,
    name: &str,
    phone: Option<&str>,
    title: Option<&str>,
    email: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query("UPDATE people SET name = $1, phone = $2, title = $3, email = $4, updated_at = $5 WHERE id = $6")
            .bind(name)
            .bind(phone)
            .bind(title)
            .bind(email)
            .bind(now)
            .bind(id)
            .execute(x)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

pub async fn set_password(
    c: &mut Conn<'_>,
    id: i64,
    hash: &str,
    must_change: bool,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
            "UPDATE people SET password_hash = $1, must_change_password = $2, password_changed_at = $3, \
             updated_at = $3, failed_logins = 0, locked_until = NULL WHERE id = $4",
        )
        .bind(hash)
        .bind(must_change)
        .bind(now)
        .bind(id)
        .execute(x)
        .await
        .map(|_| ())
    })?;
    Ok(())
}

/// Counts one more failed sign-in, atomically; returns the new count of failures in a row.
pub async fn add_failure(c: &mut Conn<'_>, id: i64) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar("UPDATE people SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins")
            .bind(id)
            .fetch_one(x)
            .await
    })?)
}

/// Locks sign-in until `until` (UTC ms).
pub async fn lock_until(c: &mut Conn<'_>, id: i64, until: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("UPDATE people SET locked_until = $1 WHERE id = $2")
            .bind(until)
            .bind(id)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

/// Gives every account the same password hash and lifts every lock: only for the dedicated
/// demo database, where `--password` sets every demo account's password.
pub async fn set_every_password(c: &mut Conn<'_>, hash: &str, now: i64) -> Result<u64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query(
            "UPDATE people SET password_hash = $1, failed_logins = 0, locked_until = NULL, \
             must_change_password = FALSE, password_changed_at = $2",
        )
        .bind(hash)
        .bind(now)
        .execute(x)
        .await
        .map(|r| r.rows_affected())
    })?)
}

pub async fn clear_failures(c: &mut Conn<'_>, id: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("UPDATE people SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND failed_logins <> 0")
            .bind(id)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

pub async fn set_active(
    c: &mut Conn<'_>,
    id: i64,
    active: bool,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query("UPDATE people SET active = $1, updated_at = $2 WHERE id = $3 AND active <> $1")
            .bind(active)
            .bind(now)
            .bind(id)
            .execute(x)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}
