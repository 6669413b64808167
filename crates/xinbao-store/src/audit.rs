//! The append-only audit log (the database refuses updates and deletes on it), every record
//! sealed into the keyed chain (`audit_chain`).

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::audit_chain::AuditKey;

/// One audit entry; `at` is UTC milliseconds, `detail` JSON text.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_username: Option<String>,
    /// The action's code as sealed, kept as text (not decoded to `AuditAction`): the audit
    /// trail must stay readable, and its chain verifiable, even where a row was altered.
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    pub detail: String,
    pub ip: Option<String>,
    /// The record's place in the chain (none for a row not sealed yet).
    pub seq: Option<i64>,
    /// HMAC-SM3 over the record and its predecessor's hash, hex.
    pub chain_hash: Option<String>,
}

/// The columns of [`AuditRow`], in order.
pub(crate) const COLUMNS: &str =
    "id, at, actor_id, actor_username, action, target_kind, target_id, detail, ip, seq, chain_hash";

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

/// Appends a record in its place in the chain, sealed with `key`. Call it inside the write
/// transaction that makes the change: the chain's head stays taken until it commits.
pub async fn append(c: &mut Conn<'_>, key: &AuditKey, a: &NewAudit<'_>) -> Result<(), StoreError> {
    crate::audit_chain::append(c, key, a).await
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
    /// Only records of people who hold or held a role in this unit's subtree (a city's
    /// auditor reads the city's trail).
    pub within: Option<i64>,
}

/// Newest first, one page.
pub async fn list(
    c: &mut Conn<'_>,
    f: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM audit_log \
             WHERE ($1 IS NULL OR at >= $1) AND ($2 IS NULL OR at < $2) AND ($3 IS NULL OR action = $3) \
             AND ($4 IS NULL OR actor_username = $4) \
             AND ($7 IS NULL OR actor_id IS NULL OR actor_id <> $7) \
             AND ($8 IS NULL OR actor_id IN (SELECT g.person_id FROM role_grants g WHERE g.unit_id IN \
                 (WITH RECURSIVE sub(id) AS (SELECT CAST($8 AS BIGINT) UNION \
                  SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub))) \
             ORDER BY id DESC LIMIT $5 OFFSET $6"
        )))
        .bind(f.from)
        .bind(f.to)
        .bind(&f.action)
        .bind(&f.actor)
        .bind(limit)
        .bind(offset)
        .bind(f.not_by)
        .bind(f.within)
        .fetch_all(x)
        .await
    })?)
}
