//! Verification (核查): an editor marks a report as disagreeing with another source, assigns a
//! person of the office to verify it by a deadline (by default the end of the next working
//! day), and the result is recorded; a report found false or concealing goes on the ledger.

use super::{TimeInput, is_office_editor};
use crate::{Actor, App, AppError, AuditEntry, Result};
use serde::Deserialize;
use serde_json::json;
use xinbao_domain::Timestamp;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::event::VerificationOutcome;
use xinbao_domain::notice::NoticeKind;
use xinbao_store::events;
use xinbao_store::ledger::{self, NewRecord, NewVerification, VerificationRow};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct VerificationInput {
    pub report_id: Option<i64>,
    /// The unit whose report is in doubt (default: the report's unit).
    pub unit_id: Option<i64>,
    /// What the other source says.
    pub conflict: String,
    pub assignee_id: i64,
    /// Default: the end of the next working day.
    pub due_at: Option<TimeInput>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct VerificationResultInput {
    /// `confirmed` (the report stands), `corrected` (details fixed), `false` (谎报) or
    /// `concealed` (瞒报).
    pub outcome: String,
    pub result: String,
}

impl App {
    pub async fn assign_verification(
        &self,
        actor: &Actor,
        event_id: i64,
        input: &VerificationInput,
    ) -> Result<VerificationRow> {
        let conflict = input.conflict.trim();
        if conflict.is_empty() || conflict.chars().count() > 2000 {
            return Err(AppError::invalid("conflict", "length"));
        }
        let mut r = self.store.read().await?;
        let event = events::get(&mut r.conn(), event_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !is_office_editor(actor, event.office_id) {
            return Err(AppError::Forbidden);
        }
        let reports = events::reports_of(&mut r.conn(), event_id).await?;
        let units = events::units_of(&mut r.conn(), event_id).await?;
        drop(r);
        let assignee = self.principal(input.assignee_id).await;
        let unit = match (input.report_id, input.unit_id) {
            (Some(rid), _) => reports
                .iter()
                .find(|r| r.id == rid)
                .map(|r| r.unit_id)
                .ok_or(AppError::invalid("report_id", "unknown"))?,
            (None, Some(u)) if units.iter().any(|x| x.0 == u) => u,
            _ => return Err(AppError::invalid("unit_id", "not_asked")),
        };
        let of_office =
            assignee.is_ok_and(|p| p.grants.iter().any(|g| g.unit_id.0 == event.office_id));
        if !of_office {
            return Err(AppError::invalid("assignee_id", "not_office_person"));
        }
        let now = self.now().0;
        let due = match &input.due_at {
            Some(t) => t.millis("due_at")?,
            None => self.working_days_due(Timestamp(now), 1).await?.0,
        };
        if due <= now {
            return Err(AppError::invalid("due_at", "range"));
        }
        let row = NewVerification {
            event_id,
            report_id: input.report_id,
            unit_id: unit,
            conflict: conflict.to_string(),
            assignee_id: input.assignee_id,
            due_at: due,
            created_by: actor.principal.person_id.0,
        };
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let id = ledger::add_verification(c, &row, now).await?;
        self.tell(
            c,
            &[input.assignee_id],
            super::notice::About::Nothing,
            event_id,
            NoticeKind::VerificationAssigned,
            &event.title,
            Timestamp(due),
            now,
        )
        .await?;
        let v = ledger::verification(c, id)
            .await?
            .ok_or(AppError::NotFound)?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::VerificationAssigned)
                .target("verification", id)
                .detail(json!({ "event_id": event_id, "assignee_id": input.assignee_id })),
        );
        tx.commit().await?;
        Ok(v)
    }

    pub async fn complete_verification(
        &self,
        actor: &Actor,
        id: i64,
        input: &VerificationResultInput,
    ) -> Result<VerificationRow> {
        let outcome = VerificationOutcome::from_code(input.outcome.trim())
            .ok_or(AppError::invalid("outcome", "unknown"))?;
        let result = input.result.trim();
        if result.is_empty() || result.chars().count() > 5000 {
            return Err(AppError::invalid("result", "length"));
        }
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let v = ledger::verification(c, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let event = events::get(c, v.event_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let me = actor.principal.person_id.0;
        if v.assignee_id != me
            && !is_office_editor(actor, event.office_id)
            && actor.principal.roles_in(event.office_id).is_empty()
        {
            return Err(AppError::Forbidden);
        }
        if !ledger::complete_verification(c, id, outcome, result, me, now).await? {
            return Err(AppError::Conflict(crate::Conflict::VerificationDone));
        }
        if let Some(kind) = outcome.ledger_kind() {
            let record = NewRecord {
                event_id: Some(v.event_id),
                unit_id: v.unit_id,
                kind,
                facts: format!("{}：{}", v.conflict, result),
                people: super::responsible::snapshot(c, v.unit_id).await?,
                created_by: Some(me),
                deadline_id: None,
                corrects_id: None,
                void: false,
                reason: None,
            };
            ledger::add(c, &record, now).await?;
        }
        let done = ledger::verification(c, id)
            .await?
            .ok_or(AppError::NotFound)?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::VerificationCompleted)
                .target("verification", id)
                .detail(json!({ "outcome": outcome.code() })),
        );
        tx.commit().await?;
        Ok(done)
    }
}
