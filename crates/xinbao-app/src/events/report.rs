//! Reports on an event: a phone call logged (by the unit or the office's duty editor), the
//! first written report checked for its mandatory elements, follow-ups chained under it, the
//! final report that closes the unit's part, or a zero report.

use super::{ReportView, TimeInput, is_office_editor, writes_for};
use crate::i18n::{local_time, trf};
use crate::{Actor, App, AppError, AuditEntry, Result};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use xinbao_domain::Role;
use xinbao_domain::Timestamp;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::event::{DeadlineStatus, EventStatus, LedgerKind};
use xinbao_domain::event::{Element, ReportKind, missing_elements, next_followup};
use xinbao_domain::notice::NoticeKind;
use xinbao_store::deadlines::{self, DeadlineRow};
use xinbao_store::events::{self, EventRow, NewReport};
use xinbao_store::ledger::{self, NewRecord};
use xinbao_store::{Conn, people};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ReportInput {
    /// `phone`, `written`, `followup`, `final` or `zero`.
    pub kind: String,
    /// The unit reporting; may be left out when the caller writes for one unit of the event.
    pub unit_id: Option<i64>,
    #[serde(default)]
    pub body: String,
    /// The mandatory elements of a written report, by code (`occurred_at`, `place`, …).
    #[serde(default)]
    pub elements: BTreeMap<String, String>,
    /// A phone report: who called.
    pub caller: Option<String>,
    /// A phone report: when the call came (default now).
    pub called_at: Option<TimeInput>,
}

impl App {
    pub async fn add_report(
        &self,
        actor: &Actor,
        event_id: i64,
        input: &ReportInput,
    ) -> Result<ReportView> {
        let mut r = self.store.read().await?;
        let event = events::get(&mut r.conn(), event_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let units = events::units_of(&mut r.conn(), event_id).await?;
        drop(r);
        let editor = is_office_editor(actor, event.office_id);
        let mine: Vec<i64> = units
            .iter()
            .map(|u| u.0)
            .filter(|u| writes_for(actor, *u))
            .collect();
        if !editor && mine.is_empty() {
            return Err(AppError::Forbidden);
        }
        let unit = match input.unit_id {
            Some(u) => u,
            None if mine.len() == 1 => mine[0],
            None => return Err(AppError::invalid("unit_id", "required")),
        };
        let Some((_, final_at)) = units.iter().find(|u| u.0 == unit) else {
            return Err(AppError::invalid("unit_id", "not_asked"));
        };
        if !editor && !mine.contains(&unit) {
            return Err(AppError::Forbidden);
        }
        if event.status != EventStatus::Open {
            return Err(AppError::Conflict(crate::Conflict::EventClosed));
        }
        if final_at.is_some() {
            return Err(AppError::Conflict(crate::Conflict::UnitFinal));
        }
        let kind = ReportKind::from_code(input.kind.trim())
            .ok_or(AppError::invalid("report_kind", "unknown"))?;
        let row = self.checked_report(actor, &event, unit, kind, input)?;
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let id = events::add_report(c, &row, now).await?;
        let kinds: Vec<&str> = kind.meets().iter().map(|k| k.code()).collect();
        let answered = deadlines::answer(c, event_id, unit, &kinds, id, now).await?;
        if kind == ReportKind::Followup {
            self.next_followup(c, &event, unit, &answered, now).await?;
        }
        if kind == ReportKind::Written {
            praise_if_timely(c, &event, unit, now).await?;
        }
        if matches!(kind, ReportKind::Final | ReportKind::Zero) {
            deadlines::close_open(c, event_id, Some(unit), now).await?;
            if events::set_final(c, event_id, unit, now).await? {
                super::close::close_in(c, &event, now).await?;
            }
        }
        let editors = people::holders(c, event.office_id, &[Role::Editor]).await?;
        let editors: Vec<i64> = editors
            .into_iter()
            .filter(|p| *p != actor.principal.person_id.0)
            .collect();
        self.tell(
            c,
            &editors,
            super::notice::About::Nothing,
            event_id,
            NoticeKind::EventReport,
            &event.title,
            Timestamp(now),
            now,
        )
        .await?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::EventReported)
                .target("event", event_id)
                .detail(json!({ "unit_id": unit, "kind": kind.code(), "report_id": id })),
        );
        tx.wake_outbox();
        tx.commit().await?;
        let org = self.org().await?;
        let stored = events::reports_of(&mut self.store.read().await?.conn(), event_id).await?;
        let rep = stored
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound)?;
        Ok(ReportView::of(rep, &org, None))
    }

    fn checked_report(
        &self,
        actor: &Actor,
        event: &EventRow,
        unit: i64,
        kind: ReportKind,
        input: &ReportInput,
    ) -> Result<NewReport> {
        let body = input.body.trim().to_string();
        if body.chars().count() > 20_000 {
            return Err(AppError::invalid("report_body", "length"));
        }
        let mut elements = BTreeMap::new();
        for (k, v) in &input.elements {
            let e = Element::from_code(k).ok_or(AppError::invalid("elements", "unknown"))?;
            if v.chars().count() > 2000 {
                return Err(AppError::invalid("elements", "length"));
            }
            if !v.trim().is_empty() {
                elements.insert(e.code().to_string(), v.trim().to_string());
            }
        }
        match kind {
            ReportKind::Written => {
                let missing = missing_elements(|e| elements.get(e.code()).map(String::as_str));
                if !missing.is_empty() {
                    return Err(AppError::MissingElements(
                        missing.iter().map(|e| e.code().to_string()).collect(),
                    ));
                }
            }
            ReportKind::Followup | ReportKind::Final if body.is_empty() => {
                return Err(AppError::invalid("report_body", "required"));
            }
            ReportKind::Zero if !event.zero_report => {
                return Err(AppError::Conflict(crate::Conflict::ZeroNotAsked));
            }
            _ => {}
        }
        let called_at = match (&input.called_at, kind) {
            (Some(t), ReportKind::Phone) => Some(t.millis("called_at")?),
            (None, ReportKind::Phone) => Some(self.now().0),
            _ => None,
        };
        let caller = input
            .caller
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty() && kind == ReportKind::Phone)
            .map(|s| s.chars().take(100).collect());
        Ok(NewReport {
            event_id: event.id,
            unit_id: unit,
            kind,
            body,
            elements: serde_json::to_string(&elements).unwrap_or_else(|_| "{}".into()),
            caller,
            called_at,
            reported_by: actor.principal.person_id.0,
        })
    }

    /// A follow-up answered: the next one is due by the event's rule, counted from the limit
    /// just answered (or from now, if that passed long ago).
    async fn next_followup(
        &self,
        c: &mut Conn<'_>,
        event: &EventRow,
        unit: i64,
        answered: &[DeadlineRow],
        now: i64,
    ) -> Result<()> {
        let rule = super::rules::followup_of(event.followup_hours, &event.followup_times);
        let Some(last) = answered
            .iter()
            .filter(|d| d.kind == ReportKind::Followup)
            .max_by_key(|d| d.seq)
        else {
            return Ok(());
        };
        let from = Timestamp(last.due_at.max(now));
        if let Some(due) = next_followup(&rule, from) {
            let warn = due.plus_seconds(-event.warn_minutes * 60);
            let warn = (event.warn_minutes > 0 && warn.0 > now).then_some(warn.0);
            deadlines::insert(c, event.id, unit, "followup", last.seq + 1, due.0, warn).await?;
        }
        Ok(())
    }
}

/// A unit that made both its phone and written limits is recorded for praise, once.
async fn praise_if_timely(c: &mut Conn<'_>, event: &EventRow, unit: i64, now: i64) -> Result<()> {
    let rows = deadlines::of_event(c, event.id).await?;
    let mine: Vec<&DeadlineRow> = rows
        .iter()
        .filter(|d| {
            d.unit_id == unit && (d.kind == ReportKind::Phone || d.kind == ReportKind::Written)
        })
        .collect();
    let Some(written) = mine.iter().find(|d| d.kind == ReportKind::Written) else {
        return Ok(());
    };
    if written.status != DeadlineStatus::Met || mine.iter().any(|d| d.status != DeadlineStatus::Met)
    {
        return Ok(());
    }
    let facts = trf(
        "zh-CN",
        "ledger.facts.praise",
        &[
            ("event", &event.title),
            ("due", &local_time(Timestamp(written.due_at))),
            ("at", &local_time(Timestamp(now))),
        ],
    );
    let record = NewRecord {
        event_id: Some(event.id),
        unit_id: unit,
        deadline_id: Some(written.id),
        kind: LedgerKind::Praise,
        facts,
        people: super::responsible::snapshot(c, unit).await?,
        corrects_id: None,
        void: false,
        reason: None,
        created_by: None,
    };
    ledger::add(c, &record, now).await?;
    Ok(())
}
