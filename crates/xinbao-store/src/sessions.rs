//! Server-side web sessions: the cookie carries a random id, the table keeps its hash.

use crate::people::PersonRow;
use crate::{Conn, StoreError, with_conn};
use xinbao_domain::audit::AuditAction;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub id_hash: String,
    pub person_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

pub async fn create(
    c: &mut Conn<'_>,
    id_hash: &str,
    person: i64,
    csrf: &str,
    now: i64,
    ip: Option<&str>,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
            "INSERT INTO sessions (id_hash, person_id, csrf_token, created_at, last_seen_at, ip) \
             VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(id_hash)
        .bind(person)
        .bind(csrf)
        .bind(now)
        .bind(ip)
        .execute(x)
        .await
        .map(|_| ())
    })?;
    Ok(())
}

pub async fn get(c: &mut Conn<'_>, id_hash: &str) -> Result<Option<SessionRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as("SELECT id_hash, person_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .fetch_optional(x)
            .await
    })?)
}

#[derive(sqlx::FromRow)]
struct Joined {
    s_csrf_token: String,
    s_created_at: i64,
    s_last_seen_at: i64,
    #[sqlx(flatten)]
    person: PersonRow,
}

/// A session with its person, in one query (every signed-in page starts with this).
pub async fn get_with_person(
    c: &mut Conn<'_>,
    id_hash: &str,
) -> Result<Option<(SessionRow, PersonRow)>, StoreError> {
    let person_columns = crate::people::columns_of("p");
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT s.csrf_token AS s_csrf_token, s.created_at AS s_created_at, \
         s.last_seen_at AS s_last_seen_at, {person_columns} \
         FROM sessions s JOIN people p ON p.id = s.person_id WHERE s.id_hash = $1"
    ));
    let row: Option<Joined> = with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id_hash)
        .fetch_optional(x)
        .await)?;
    Ok(row.map(|j| {
        let session = SessionRow {
            id_hash: id_hash.to_string(),
            person_id: j.person.id,
            csrf_token: j.s_csrf_token,
            created_at: j.s_created_at,
            last_seen_at: j.s_last_seen_at,
        };
        (session, j.person)
    }))
}

pub async fn touch(c: &mut Conn<'_>, id_hash: &str, now: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(id_hash)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

pub async fn delete(c: &mut Conn<'_>, id_hash: &str) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "DELETE FROM sessions WHERE id_hash = $1"
    )
    .bind(id_hash)
    .execute(x)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Ends every session of a person except `keep` (after a password change or deactivation).
pub async fn delete_for_person(
    c: &mut Conn<'_>,
    person: i64,
    keep: Option<&str>,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND id_hash <> $2")
            .bind(person)
            .bind(keep.unwrap_or(""))
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

/// Removes sessions idle since before `cutoff`.
pub async fn purge_idle(c: &mut Conn<'_>, cutoff: i64) -> Result<u64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1")
            .bind(cutoff)
            .execute(x)
            .await
            .map(|r| r.rows_affected())
    })?)
}

/// Has the person signed in successfully from this address since `since`? (The audit log's
/// sign-in rows, by the actor index.) A lockout does not apply to such a known source.
pub async fn signed_in_from(
    c: &mut Conn<'_>,
    person: i64,
    ip: &str,
    since: i64,
) -> Result<bool, StoreError> {
    let found: Option<i64> = with_conn!(c, |x| sqlx::query_scalar(
        "SELECT id FROM audit_log WHERE actor_id = $1 AND action = $4 AND ip = $2 \
         AND at >= $3 LIMIT 1"
    )
    .bind(person)
    .bind(ip)
    .bind(since)
    .bind(AuditAction::SignIn.code())
    .fetch_optional(x)
    .await)?;
    Ok(found.is_some())
}
