//! What happened to an issue, and who has read it.

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::periodical::IssueAction;

pub async fn add_event(
    c: &mut Conn<'_>,
    issue: i64,
    action: &str,
    reason: &str,
    by: i64,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
        "INSERT INTO issue_events (issue_id, action, reason, person_id, at) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(issue)
    .bind(action)
    .bind(reason)
    .bind(by)
    .bind(now)
    .execute(x)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct IssueEventRow {
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub action: IssueAction,
    pub reason: String,
    pub person_id: i64,
    pub at: i64,
}

pub async fn events_of(c: &mut Conn<'_>, issue: i64) -> Result<Vec<IssueEventRow>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_as(
        "SELECT action, reason, person_id, at FROM issue_events WHERE issue_id = $1 ORDER BY id"
    )
    .bind(issue)
    .fetch_all(x)
    .await)?)
}

/// Records that a person read an issue (the first time counts).
pub async fn mark_read(
    c: &mut Conn<'_>,
    issue: i64,
    person: i64,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "INSERT INTO issue_reads (issue_id, person_id, read_at) VALUES ($1, $2, $3) \
         ON CONFLICT (issue_id, person_id) DO NOTHING"
    )
    .bind(issue)
    .bind(person)
    .bind(now)
    .execute(x)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Who read an issue, and when (earliest first).
/// Who has read an issue, and when.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ReaderRow {
    pub person_id: i64,
    pub name: String,
    pub read_at: i64,
}

pub async fn readers_of(c: &mut Conn<'_>, issue: i64) -> Result<Vec<ReaderRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
        "SELECT r.person_id, p.name, r.read_at FROM issue_reads r JOIN people p ON p.id = r.person_id \
         WHERE r.issue_id = $1 ORDER BY r.read_at, r.person_id"
    )
    .bind(issue)
    .fetch_all(x)
    .await
    })?)
}
