//! An issue's content while it is a draft: its items (order, column, headline) and the
//! editor's note (both writes check the issue is still a draft at the version the editor
//! saw); and the archive search over issues' headlines and notes.

use crate::periodicals::IssueItemRow;
use crate::{Conn, StoreError, with_conn};

/// Sets the editor's note and moves the version on, if the issue is a draft at `version`.
pub async fn set_note(
    c: &mut Conn<'_>,
    id: i64,
    note: &str,
    version: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| sqlx::query(
        "UPDATE issues SET editor_note = $1, version = version + 1, updated_at = $2 \
         WHERE id = $3 AND version = $4 AND status = $5"
    )
    .bind(note)
    .bind(now)
    .bind(id)
    .bind(version)
    .bind(
        xinbao_domain::periodical::IssueAction::Edit
            .from_state()
            .code()
    )
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Replaces the items of an issue (call after `set_note` succeeded, in its transaction).
pub async fn replace_items(
    c: &mut Conn<'_>,
    issue: i64,
    rows: &[IssueItemRow],
) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "DELETE FROM issue_items WHERE issue_id = $1"
    )
    .bind(issue)
    .execute(x)
    .await
    .map(|_| ()))?;
    for r in rows {
        crate::periodicals::add_item(c, issue, r).await?;
    }
    Ok(())
}

/// The archive: a periodical's issues, newest first, optionally of one year and with `q` in
/// a headline or the editor's note.
pub async fn search(
    c: &mut Conn<'_>,
    periodical: i64,
    year: Option<i64>,
    q: Option<String>,
    limit: i64,
) -> Result<Vec<crate::periodicals::IssueRow>, StoreError> {
    let pattern = crate::inbox::like(&q.filter(|s| !s.trim().is_empty())).unwrap_or_default();
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM issues s WHERE s.periodical_id = $1 AND ($2 = 0 OR s.year = $2) \
         AND ($3 = '' OR s.editor_note LIKE $3 OR EXISTS (SELECT 1 FROM issue_items ii \
         WHERE ii.issue_id = s.id AND ii.headline LIKE $3)) ORDER BY s.id DESC LIMIT $4",
        crate::qualified(crate::periodicals::I_COLUMNS, "s")
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(periodical)
        .bind(year.unwrap_or(0))
        .bind(pattern)
        .bind(limit)
        .fetch_all(x)
        .await)?)
}
