//! Closing an event: when every unit asked has made its final report, or when the editor ends
//! it. Limits passed and never answered become missing reports (漏报) on the ledger.

use super::is_office_editor;
use crate::i18n::{local_time, tr, trf};
use crate::{Actor, App, AppError, AuditEntry, Result};
use xinbao_domain::Timestamp;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::event::{DeadlineStatus, LedgerKind};
use xinbao_store::Conn;
use xinbao_store::deadlines;
use xinbao_store::events::{self, EventRow};
use xinbao_store::ledger::{self, NewRecord};

/// Closes the event inside the caller's transaction.
pub(crate) async fn close_in(c: &mut Conn<'_>, event: &EventRow, now: i64) -> Result<bool> {
    if !events::close(c, event.id, now).await? {
        return Ok(false);
    }
    deadlines::close_open(c, event.id, None, now).await?;
    for d in deadlines::of_event(c, event.id).await? {
        if d.status != DeadlineStatus::Overdue || d.met_at.is_some() {
            continue;
        }
        let facts = trf(
            "zh-CN",
            "ledger.facts.missing",
            &[
                ("event", &event.title),
                ("kind", &tr("zh-CN", &format!("report_kind.{}", d.kind))),
                ("due", &local_time(Timestamp(d.due_at))),
            ],
        );
        let record = NewRecord {
            event_id: Some(event.id),
            unit_id: d.unit_id,
            deadline_id: Some(d.id),
            kind: LedgerKind::Missing,
            facts,
            people: super::responsible::snapshot(c, d.unit_id).await?,
            corrects_id: None,
            void: false,
            reason: None,
            created_by: None,
        };
        ledger::add(c, &record, now).await?;
    }
    Ok(true)
}

impl App {
    /// The editor ends an event (it is over, or the lead proved empty).
    pub async fn close_event(&self, actor: &Actor, id: i64) -> Result<()> {
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let event = events::get(c, id).await?.ok_or(AppError::NotFound)?;
        if !is_office_editor(actor, event.office_id) {
            return Err(AppError::Forbidden);
        }
        if !close_in(c, &event, now).await? {
            return Err(AppError::Conflict(crate::Conflict::EventClosed));
        }
        tx.audit(AuditEntry::by(actor, AuditAction::EventClosed).target("event", id));
        tx.commit().await?;
        Ok(())
    }
}
