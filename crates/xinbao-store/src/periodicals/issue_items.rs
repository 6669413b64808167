//! The items in an issue, and the adoption recorded on them when it is published.

use super::PeriodicalRow;
use crate::{Conn, StoreError, with_conn};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct IssueItemRow {
    pub item_id: i64,
    pub position: i64,
    pub column_name: String,
    pub headline: String,
}

pub async fn add_item(c: &mut Conn<'_>, issue: i64, item: &IssueItemRow) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
        "INSERT INTO issue_items (issue_id, item_id, position, column_name, headline) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(issue)
    .bind(item.item_id)
    .bind(item.position)
    .bind(&item.column_name)
    .bind(&item.headline)
    .execute(x)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

pub async fn items_of(c: &mut Conn<'_>, issue: i64) -> Result<Vec<IssueItemRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
        "SELECT item_id, position, column_name, headline FROM issue_items WHERE issue_id = $1 ORDER BY position"
    )
    .bind(issue)
    .fetch_all(x)
    .await
    })?)
}

/// Records on the items of a published issue which periodical adopted them.
pub async fn mark_items_adopted(
    c: &mut Conn<'_>,
    issue: i64,
    periodical: &PeriodicalRow,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| sqlx::query(
        "UPDATE items SET periodical_id = $1, periodical = $2, updated_at = $3 \
         WHERE id IN (SELECT item_id FROM issue_items WHERE issue_id = $4)"
    )
    .bind(periodical.id)
    .bind(&periodical.name)
    .bind(now)
    .bind(issue)
    .execute(x)
    .await
    .map(|_| ()))?;
    Ok(())
}
