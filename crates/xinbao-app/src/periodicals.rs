//! Periodicals and issues: an office's editors compile an issue from adopted items, freeze it
//! (定版), a signer of the configured level signs it off, and publication gives it the next
//! number atomically and records on each item which periodical adopted it.

use crate::issue_edit::{IssueEntryInput, checked_entries};
use crate::{Actor, App, AppError, Result};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use xinbao_domain::Role;
use xinbao_domain::periodical::access::{self as issue_rules, IssueFacts};
use xinbao_domain::periodical::{IssueAction, IssueKind, IssueStatus, Numbering, issue_transition};
use xinbao_domain::{SignerLevel, Timestamp};
use xinbao_store::periodicals::{
    self, IssueEventRow, IssueItemRow, IssueRow, PeriodicalFields, PeriodicalRow,
};

#[derive(Debug, Clone, Deserialize, Default, utoipa::ToSchema)]
pub struct PeriodicalInput {
    pub name: String,
    #[serde(default = "yes")]
    pub restart_yearly: bool,
    #[serde(default)]
    pub running_total: bool,
    #[serde(default)]
    pub columns: String,
    /// `section`, `deputy` (default) or `chief`.
    pub signoff_level: Option<String>,
    #[serde(default)]
    pub secrecy: String,
    #[serde(default)]
    pub copies: i64,
    #[serde(default)]
    pub dist_up: String,
    #[serde(default)]
    pub dist_side: String,
    #[serde(default)]
    pub dist_down: String,
    pub office_id: Option<i64>,
    /// The chief editor (主编): one of the office's editors.
    pub chief_editor_id: Option<i64>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Default, utoipa::ToSchema)]
pub struct IssueInput {
    /// Adopted items of this office, in order.
    pub item_ids: Vec<i64>,
    /// `regular` (default) or `supplement` (增刊).
    pub kind: Option<String>,
    #[serde(default)]
    pub editor_note: String,
}

/// An issue with its items and its steps.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IssueView {
    #[serde(flatten)]
    #[schema(inline)]
    pub issue: IssueRow,
    pub periodical: PeriodicalRow,
    pub items: Vec<IssueItemRow>,
    pub events: Vec<IssueEventRow>,
    /// Who has read it, and when: the office's read receipts.
    pub readers: Vec<periodicals::ReaderRow>,
    /// The steps the caller may take on it now.
    #[schema(value_type = Vec<String>)]
    pub actions: Vec<IssueAction>,
}

/// What the rules need to know of an issue of periodical `p`.
pub(crate) fn facts(issue: &IssueRow, p: &PeriodicalRow) -> IssueFacts {
    IssueFacts {
        office_id: p.office_id,
        status: issue.status,
        signoff_level: p.signoff_level,
    }
}

fn editor_of(actor: &Actor, office: i64) -> Result<()> {
    if issue_rules::is_editor(&actor.principal, office) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

impl App {
    /// The periodicals of the caller's office (any role there).
    pub async fn periodicals(
        &self,
        actor: &Actor,
        office: Option<i64>,
    ) -> Result<Vec<PeriodicalRow>> {
        let tree = &self.org().await?.tree;
        let office = match office {
            Some(o) if !actor.principal.roles_in(o).is_empty() || actor.administers(tree, o) => o,
            Some(_) => return Err(AppError::Forbidden),
            None => {
                let org = self.org().await?;
                actor
                    .principal
                    .grants
                    .iter()
                    .map(|g| g.unit_id.0)
                    .find(|u| org.is_office(*u))
                    .ok_or(AppError::Forbidden)?
            }
        };
        let mut r = self.store.read().await?;
        Ok(periodicals::of_office(&mut r.conn(), office).await?)
    }

    pub async fn create_periodical(
        &self,
        actor: &Actor,
        input: &PeriodicalInput,
    ) -> Result<PeriodicalRow> {
        let office = crate::events::editor_office(actor, input.office_id)?;
        let name = input
            .name
            .trim()
            .trim_matches(|c| c == '《' || c == '》')
            .to_string();
        if name.is_empty() || name.chars().count() > 40 {
            return Err(AppError::invalid("name", "length"));
        }
        let level = input
            .signoff_level
            .clone()
            .unwrap_or_else(|| SignerLevel::Deputy.code().into());
        SignerLevel::from_code(&level).ok_or(AppError::invalid("signoff_level", "unknown"))?;
        if !(0..=100_000).contains(&input.copies) {
            return Err(AppError::invalid("copies", "range"));
        }
        if let Some(chief) = input.chief_editor_id
            && !self
                .editors_of(office)
                .await?
                .iter()
                .any(|(p, _)| *p == chief)
        {
            return Err(AppError::invalid("chief_editor_id", "unknown"));
        }
        let f = PeriodicalFields {
            name,
            restart_yearly: input.restart_yearly,
            running_total: input.running_total,
            columns: input.columns.trim().into(),
            chief_editor_id: input.chief_editor_id,
            signoff_level: level,
            secrecy: input.secrecy.trim().into(),
            copies: input.copies,
            dist_up: input.dist_up.trim().into(),
            dist_side: input.dist_side.trim().into(),
            dist_down: input.dist_down.trim().into(),
        };
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let id = periodicals::insert(&mut tx.conn(), office, &f, now).await?;
        let row = periodicals::get(&mut tx.conn(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(row)
    }

    /// The editors of an office with their names (candidates for chief editor).
    pub(crate) async fn editors_of(&self, office: i64) -> Result<Vec<(i64, String)>> {
        let mut r = self.store.read().await?;
        let c = &mut r.conn();
        let ids = xinbao_store::people::holders(c, office, &[Role::Editor]).await?;
        let mut names = xinbao_store::people::names(c, &ids).await?;
        names.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(names)
    }

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

    /// Freeze, unfreeze (with a reason), sign off or publish an issue.
    pub async fn issue_step(
        &self,
        actor: &Actor,
        id: i64,
        action: IssueAction,
        reason: &str,
    ) -> Result<IssueView> {
        let now = self.now().0;
        // Read before the transaction: publishing rescores the issue's items with it.
        let org = self.org().await?;
        let mut tx = self.begin().await?;
        tx.scored_under(&org);
        let mut touched = Vec::new();
        let c = &mut tx.conn();
        let issue = periodicals::issue(c, id).await?.ok_or(AppError::NotFound)?;
        let p = periodicals::get(c, issue.periodical_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !issue_rules::may(&actor.principal, &facts(&issue, &p), action) {
            return Err(AppError::Forbidden);
        }
        let from = issue.status;
        let to = issue_transition(from, action)
            .ok_or(AppError::Conflict(crate::Conflict::WrongState))?;
        if action == IssueAction::Unfreeze
            && (reason.trim().is_empty() || reason.chars().count() > 500)
        {
            return Err(AppError::invalid("reason", "required"));
        }
        let me = actor.principal.person_id.0;
        let moved = match action {
            IssueAction::SignOff => periodicals::set_signed_off(c, id, (from, to), me, now).await?,
            IssueAction::Publish => {
                let year = i64::from(
                    Timestamp(now)
                        .to_datetime()
                        .with_timezone(&chrono_tz::Asia::Shanghai)
                        .year(),
                );
                let numbering = Numbering {
                    restart_yearly: p.restart_yearly,
                    running_total: p.running_total,
                };
                let kind = issue.kind;
                let (counter, counter_year) = numbering.counter_key(kind, year as i32);
                let number =
                    periodicals::next_number(c, p.id, counter, i64::from(counter_year)).await?;
                let total = if numbering.takes_total(kind) {
                    Some(periodicals::next_number(c, p.id, "total", 0).await?)
                } else {
                    None
                };
                let ok =
                    periodicals::set_published(c, id, (from, to), year, number, total, me, now)
                        .await?;
                if ok {
                    periodicals::mark_items_adopted(c, id, &p, now).await?;
                    for it in periodicals::items_of(c, id).await? {
                        touched.push(it.item_id);
                    }
                    let label = xinbao_domain::periodical::issue_label(
                        kind,
                        year as i32,
                        number,
                        total,
                        p.restart_yearly,
                    );
                    self.send_issue(c, &p, id, &label, now).await?;
                }
                ok
            }
            _ => periodicals::set_status(c, id, (from, to), now).await?,
        };
        if !moved {
            return Err(AppError::Conflict(crate::Conflict::WrongState));
        }
        periodicals::add_event(c, id, action.code(), reason.trim(), me, now).await?;
        for item in touched {
            tx.touched_item(item);
        }
        tx.commit().await?;
        self.issue(actor, id).await
    }
}
