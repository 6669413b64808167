//! Editing an issue before it is frozen (定版): which items, in what order, under which
//! column, with what headline, and the editor's note (编者按). A frozen issue is locked; the
//! editor unfreezes it with a reason first.

use crate::input::text;
use crate::periodicals::IssueView;
use crate::{Actor, App, AppError, Result};
use serde::Deserialize;
use xinbao_domain::item::ItemStatus;
use xinbao_domain::periodical::access as issue_rules;
use xinbao_domain::periodical::{IssueAction, issue_transition};
use xinbao_store::periodicals::{self, IssueItemRow, PeriodicalRow};
use xinbao_store::{Conn, issue_content, items};

/// One item in an edited issue.
#[derive(Debug, Clone, Deserialize, Default, utoipa::ToSchema)]
pub struct IssueEntryInput {
    pub item_id: i64,
    /// One of the periodical's columns, or empty.
    #[serde(default)]
    pub column: String,
    /// The headline printed in this issue; empty for the item's own title.
    #[serde(default)]
    pub headline: String,
}

/// An issue's content as the editor saves it.
#[derive(Debug, Clone, Deserialize, Default, utoipa::ToSchema)]
pub struct IssueEdit {
    /// The items in printed order.
    pub items: Vec<IssueEntryInput>,
    #[serde(default)]
    pub editor_note: String,
    /// The issue's version the editor saw; a stale one is refused.
    pub version: i64,
}

/// Checks the entries (adopted items of the periodical's office, each once, known columns)
/// and returns the rows to store.
pub(crate) async fn checked_entries(
    c: &mut Conn<'_>,
    p: &PeriodicalRow,
    entries: &[IssueEntryInput],
) -> Result<Vec<IssueItemRow>> {
    let mut ids: Vec<i64> = entries.iter().map(|e| e.item_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() || ids.len() != entries.len() || ids.len() > 200 {
        return Err(AppError::invalid("item_ids", "count"));
    }
    let columns: Vec<&str> = p.columns.lines().map(str::trim).collect();
    let rows = items::get_many(c, &ids).await?;
    let mut out = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let item = rows
            .iter()
            .find(|r| r.id == e.item_id)
            .ok_or(AppError::invalid("item_ids", "unknown"))?;
        let adopted = matches!(item.status, ItemStatus::Adopted | ItemStatus::Forwarded);
        if item.office_id != Some(p.office_id) || !adopted {
            return Err(AppError::invalid("item_ids", "not_adopted_here"));
        }
        let column = e.column.trim();
        if !column.is_empty() && !columns.contains(&column) {
            return Err(AppError::invalid("column", "unknown"));
        }
        let headline = text(&e.headline, "headline", 120, false)?;
        out.push(IssueItemRow {
            item_id: e.item_id,
            position: i as i64 + 1,
            column_name: column.to_string(),
            headline: if headline.is_empty() {
                item.title.clone()
            } else {
                headline
            },
        });
    }
    Ok(out)
}

impl App {
    /// Saves an issue's items and editor's note while it is a draft.
    pub async fn edit_issue(&self, actor: &Actor, id: i64, input: &IssueEdit) -> Result<IssueView> {
        let note = text(&input.editor_note, "editor_note", 1000, false)?;
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let issue = periodicals::issue(c, id).await?.ok_or(AppError::NotFound)?;
        let p = periodicals::get(c, issue.periodical_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let facts = crate::periodicals::facts(&issue, &p);
        if !issue_rules::may(&actor.principal, &facts, IssueAction::Edit) {
            return Err(AppError::Forbidden);
        }
        let status = issue.status;
        if issue_transition(status, IssueAction::Edit).is_none() {
            return Err(AppError::Conflict(crate::Conflict::IssueFrozen));
        }
        let rows = checked_entries(c, &p, &input.items).await?;
        if !issue_content::set_note(c, id, &note, input.version, now).await? {
            return Err(AppError::Conflict(crate::Conflict::StaleVersion));
        }
        issue_content::replace_items(c, id, &rows).await?;
        let me = actor.principal.person_id.0;
        periodicals::add_event(c, id, "edit", "", me, now).await?;
        tx.commit().await?;
        self.issue(actor, id).await
    }
}
