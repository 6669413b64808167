//! Compiling a new issue, and reading an issue (with its read receipts) or an office's issues.

use super::{IssueInput, IssueView, editor_of, facts};
use crate::issue_edit::{IssueEntryInput, checked_entries};
use crate::{Actor, App, AppError, Result};
use xinbao_domain::periodical::access as issue_rules;
use xinbao_domain::periodical::{IssueKind, IssueStatus};
use xinbao_store::periodicals::{self, IssueRow};

impl App {
    /// Compiles a new issue from adopted items of the periodical's office.
    pub async fn create_issue(
        &self,
        actor: &Actor,
        periodical: i64,
        input: &IssueInput,
    ) -> Result<IssueView> {
        let mut r = self.store.read().await?;
        let p = periodicals::get(&mut r.conn(), periodical)
            .await?
            .ok_or(AppError::NotFound)?;
        drop(r);
        editor_of(actor, p.office_id)?;
        let kind = IssueKind::from_code(input.kind.as_deref().unwrap_or("regular"))
            .ok_or(AppError::invalid("kind", "unknown"))?;
        let entries: Vec<IssueEntryInput> = input
            .item_ids
            .iter()
            .map(|id| IssueEntryInput {
                item_id: *id,
                ..Default::default()
            })
            .collect();
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let rows = checked_entries(c, &p, &entries).await?;
        let issue = periodicals::insert_issue(
            c,
            periodical,
            kind,
            input.editor_note.trim(),
            actor.principal.person_id.0,
            now,
        )
        .await?;
        for row in &rows {
            periodicals::add_item(c, issue, row).await?;
        }
        tx.commit().await?;
        self.issue(actor, issue).await
    }

    pub async fn issue(&self, actor: &Actor, id: i64) -> Result<IssueView> {
        let mut r = self.store.read().await?;
        let c = &mut r.conn();
        let issue = periodicals::issue(c, id).await?.ok_or(AppError::NotFound)?;
        let p = periodicals::get(c, issue.periodical_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let administers = actor.administers(&self.org_on(c).await?.tree, p.office_id);
        if !issue_rules::may_open(&actor.principal, p.office_id, administers) {
            return Err(AppError::Forbidden);
        }
        Ok(IssueView {
            actions: issue_rules::actions(&actor.principal, &facts(&issue, &p)),
            items: periodicals::items_of(c, id).await?,
            events: periodicals::events_of(c, id).await?,
            readers: periodicals::readers_of(c, id).await?,
            issue,
            periodical: p,
        })
    }

    /// The issues of a periodical, newest first (the archive), optionally of one year and
    /// with `q` in a headline or the editor's note.
    pub async fn issues_of(
        &self,
        actor: &Actor,
        periodical: i64,
        year: Option<i64>,
        q: Option<String>,
    ) -> Result<Vec<IssueRow>> {
        let mut r = self.store.read().await?;
        let p = periodicals::get(&mut r.conn(), periodical)
            .await?
            .ok_or(AppError::NotFound)?;
        let administers = actor.administers(&self.org_on(&mut r.conn()).await?.tree, p.office_id);
        if !issue_rules::may_open(&actor.principal, p.office_id, administers) {
            return Err(AppError::Forbidden);
        }
        Ok(xinbao_store::issue_content::search(&mut r.conn(), periodical, year, q, 500).await?)
    }

    /// Records that the caller read a published issue (read receipts).
    pub async fn mark_issue_read(&self, actor: &Actor, id: i64) -> Result<IssueView> {
        let view = self.issue(actor, id).await?;
        if view.issue.status != IssueStatus::Published {
            return Err(AppError::Conflict(crate::Conflict::WrongState));
        }
        let now = self.now().0;
        let mut tx = self.begin().await?;
        periodicals::mark_read(&mut tx.conn(), id, actor.principal.person_id.0, now).await?;
        tx.commit().await?;
        self.issue(actor, id).await
    }
}
