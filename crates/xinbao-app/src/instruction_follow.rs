//! Following up leaders' instructions: an assigned unit reports progress and completion, the
//! office sees what is overdue and closes the loop once every unit is done; the scheduler
//! reminds units whose feedback is overdue, at most once a day.

use crate::input::text;
use crate::instructions::{InstructionView, views};
use crate::{Actor, App, AppError, Result};
use serde::Deserialize;
use serde_json::json;
use xinbao_domain::Role;
use xinbao_domain::instruction::{self, AssignmentStatus, FollowKind, InstructionStatus};
use xinbao_domain::notice::NoticeKind;
use xinbao_store::instruction_follow as follow;
use xinbao_store::{instructions, items, notifications, people};

/// Who hears of an instruction in a unit.
const UNIT_ROLES: [Role; 4] = [
    Role::Officer,
    Role::Editor,
    Role::UnitLeader,
    Role::PrincipalLeader,
];
const DAY_MS: i64 = 24 * 3600 * 1000;

#[derive(Debug, Clone, Deserialize, Default, utoipa::ToSchema)]
pub struct ReportInput {
    /// `progress` or `done`.
    pub kind: String,
    pub text: String,
    /// The assigned unit reporting, when the caller acts for several.
    pub unit_id: Option<i64>,
}

impl App {
    /// An assigned unit reports back on an instruction; `done` closes its part.
    pub async fn report_on_instruction(
        &self,
        actor: &Actor,
        id: i64,
        input: &ReportInput,
    ) -> Result<InstructionView> {
        let kind =
            FollowKind::from_code(input.kind.trim()).ok_or(AppError::invalid("kind", "unknown"))?;
        let body = text(&input.text, "report_text", 2000, true)?;
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let ins = follow::get(c, id).await?.ok_or(AppError::NotFound)?;
        let assigned = instructions::assignments_of(c, &[id]).await?;
        let unit = assigned
            .iter()
            .filter(|a| input.unit_id.is_none_or(|u| u == a.unit_id))
            .find(|a| instruction::may_report_for(&actor.principal, a.unit_id))
            .ok_or(AppError::Forbidden)?;
        if ins.status != InstructionStatus::Open || unit.status != AssignmentStatus::Open {
            return Err(AppError::Conflict(crate::Conflict::InstructionClosed));
        }
        let me = actor.principal.person_id.0;
        follow::add_report(c, id, unit.unit_id, kind, &body, me, now).await?;
        if kind == FollowKind::Done {
            follow::set_done(c, id, unit.unit_id, now).await?;
        }
        if let Some(item) = items::get(c, ins.item_id).await?
            && let Some(office) = item.office_id
        {
            let args = json!({ "title": item.title }).to_string();
            for p in people::holders(c, office, &[Role::Editor]).await? {
                notifications::add(
                    c,
                    p,
                    Some(item.id),
                    NoticeKind::InstructionReported,
                    &args,
                    now,
                )
                .await?;
            }
        }
        tx.commit().await?;
        self.instruction(id).await
    }

    /// The office closes the loop on an instruction once every assigned unit is done.
    pub async fn close_instruction(&self, actor: &Actor, id: i64) -> Result<InstructionView> {
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let ins = follow::get(c, id).await?.ok_or(AppError::NotFound)?;
        let item = items::get(c, ins.item_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let office = item.office_id.ok_or(AppError::Forbidden)?;
        if !instruction::may_follow_up(&actor.principal, office) {
            return Err(AppError::Forbidden);
        }
        let assigned = instructions::assignments_of(c, &[id]).await?;
        if assigned.iter().any(|a| a.status == AssignmentStatus::Open) {
            return Err(AppError::Conflict(crate::Conflict::AssignmentsOpen));
        }
        if !follow::close(c, id, now).await? {
            return Err(AppError::Conflict(crate::Conflict::InstructionClosed));
        }
        tx.commit().await?;
        self.instruction(id).await
    }

    /// The instructions assigning a unit and, for an office, those on its items (its
    /// follow-up list); newest first.
    pub async fn instructions_for(&self, actor: &Actor, unit: i64) -> Result<Vec<InstructionView>> {
        let roles = actor.principal.roles_in(unit);
        let org = self.org().await?;
        if roles.is_empty() && !actor.administers(&org.tree, unit) {
            return Err(AppError::Forbidden);
        }
        let mut r = self.store.read().await?;
        let c = &mut r.conn();
        // An office follows up the instructions on its items and acts on those assigning it.
        let mut rows = follow::assigned_to(c, &[unit], 500).await?;
        if org.is_office(unit) {
            rows.extend(follow::of_office(c, unit, 500).await?);
            rows.sort_by_key(|r| std::cmp::Reverse(r.id));
            rows.dedup_by_key(|r| r.id);
        }
        views(c, rows).await
    }

    async fn instruction(&self, id: i64) -> Result<InstructionView> {
        let mut r = self.store.read().await?;
        let c = &mut r.conn();
        let row = follow::get(c, id).await?.ok_or(AppError::NotFound)?;
        views(c, vec![row])
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)
    }

    /// Reminds every unit whose feedback is overdue and was not reminded in the last day.
    /// Reads first, so an idle tick writes nothing; the claim is conditional, so two
    /// instances never remind the same unit twice.
    pub(crate) async fn remind_overdue_instructions(&self, now: i64) -> Result<usize> {
        let since = now - DAY_MS;
        let due = {
            let mut r = self.store.read().await?;
            follow::overdue_unreminded(&mut r.conn(), now, since, 200).await?
        };
        if due.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let mut sent = 0;
        for (instruction, unit, item) in &due {
            if !follow::claim_reminder(c, *instruction, *unit, since, now).await? {
                continue;
            }
            let title = items::get(c, *item)
                .await?
                .map(|i| i.title)
                .unwrap_or_default();
            let args = json!({ "title": title }).to_string();
            for p in people::holders(c, *unit, &UNIT_ROLES).await? {
                notifications::add(
                    c,
                    p,
                    Some(*item),
                    NoticeKind::InstructionOverdue,
                    &args,
                    now,
                )
                .await?;
            }
            sent += 1;
        }
        tx.commit().await?;
        Ok(sent)
    }
}
