//! The append-only audit log (the database refuses updates and deletes on it).

use crate::{Conn, StoreError, with_conn};

/// One audit entry; `at` is UTC milliseconds, `detail` JSON text.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_username: Option<String>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    pub detail: String,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct NewAudit<'a> {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_username: Option<&'a str>,
    pub action: &'a str,
    pub target_kind: Option<&'a str>,
    pub target_id: Option<i64>,
    pub detail: String,
    pub ip: Option<&'a str>,
}

pub async fn append(c: &mut Conn<'_>, a: &NewAudit<'_>) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor_username, action, target_kind, target_id, detail, ip) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(a.at)
        .bind(a.actor_id)
        .bind(a.actor_username)
        .bind(a.action)
        .bind(a.target_kind)
        .bind(a.target_id)
        .bind(&a.detail)
        .bind(a.ip)
        .execute(x)
        .await
        .map(|_| ())
    })?;
    Ok(())
}

/// A filter on the log; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub action: Option<String>,
    pub actor: Option<String>,
    /// Leave out this person's own records (an auditor does not read their own trail).
    pub not_by: Option<i64>,
}

/// Newest first, one page.
pub async fn list(
    c: &mut Conn<'_>,
    f: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
            "SELECT id, at, actor_id, actor_username, action, target_kind, target_id, detail, ip FROM audit_log \
             WHERE ($1 IS NULL OR at >= $1) AND ($2 IS NULL OR at < $2) AND ($3 IS NULL OR action = $3) \
             AND ($4 IS NULL OR actor_username = $4) \
             AND ($7 IS NULL OR actor_id IS NULL OR actor_id <> $7) ORDER BY id DESC LIMIT $5 OFFSET $6",
        )
        .bind(f.from)
        .bind(f.to)
        .bind(&f.action)
        .bind(&f.actor)
        .bind(limit)
        .bind(offset)
        .bind(f.not_by)
        .fetch_all(x)
        .await
    })?)
}
