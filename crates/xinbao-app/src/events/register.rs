//! Registering a lead: the office names the event, its severity and the units to ask; each
//! unit gets its deadlines from the rule in force and is told at once on every channel.

use super::rules::rule_for;
use super::{EventView, TimeInput, editor_office};
use crate::input::{clock_times, text};
use crate::{Actor, App, AppError, AuditEntry, Result};
use serde::Deserialize;
use serde_json::json;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::event::Severity;
use xinbao_domain::notice::NoticeKind;
use xinbao_domain::{Timestamp, UnitId};
use xinbao_store::{deadlines, events};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct EventInput {
    pub title: String,
    /// `I`, `II`, `III` or `IV`.
    pub severity: String,
    pub unit_ids: Vec<i64>,
    pub occurred_at: Option<TimeInput>,
    /// When the office learned of it (default: now); may lie in the past.
    pub received_at: Option<TimeInput>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub place: String,
    /// How the office learned of it: phone, another department, internet, …
    #[serde(default)]
    pub source: String,
    /// Ask for a positive "nothing happened" (零报告) where nothing happened.
    #[serde(default)]
    pub zero_report: bool,
    /// The office registering it, when the editor works for several.
    pub office_id: Option<i64>,
}

/// How far ahead of now a received time may be (clock drift between a phone and the server).
const FUTURE_SLACK_MS: i64 = 5 * 60 * 1000;

impl App {
    pub async fn register_event(&self, actor: &Actor, input: &EventInput) -> Result<EventView> {
        let office = editor_office(actor, input.office_id)?;
        let title = text(&input.title, "event_title", 200, true)?;
        let severity = Severity::from_code(input.severity.trim())
            .ok_or(AppError::invalid("severity", "unknown"))?;
        let units = self.units_to_ask(office, &input.unit_ids).await?;
        let now = self.now().0;
        let received = match &input.received_at {
            Some(t) => t.millis("received_at")?,
            None => now,
        };
        if received > now + FUTURE_SLACK_MS {
            return Err(AppError::invalid("received_at", "future"));
        }
        let occurred = match &input.occurred_at {
            Some(t) => Some(t.millis("occurred_at")?),
            None => None,
        };
        if occurred.is_some_and(|o| o > received + FUTURE_SLACK_MS) {
            return Err(AppError::invalid("occurred_at", "after_received"));
        }
        let mut tx = self.begin().await?;
        let (rule_id, rule, ladder) = rule_for(&mut tx.conn(), office, severity).await?;
        let (followup_hours, followup_times) = match &rule.followup {
            xinbao_domain::event::Followup::EveryHours(h) => (Some(i64::from(*h)), String::new()),
            xinbao_domain::event::Followup::DailyAt(t) => (None, clock_times(t)),
            xinbao_domain::event::Followup::None => (None, String::new()),
        };
        let row = events::NewEvent {
            office_id: office,
            title: title.clone(),
            description: text(&input.description, "description", 5000, false)?,
            place: text(&input.place, "place", 200, false)?,
            source: text(&input.source, "source", 100, false)?,
            severity,
            zero_report: input.zero_report,
            rule_id,
            escalate_minutes: ladder,
            followup_hours,
            followup_times,
            warn_minutes: i64::from(rule.warn_minutes),
            occurred_at: occurred,
            received_at: received,
            created_by: actor.principal.person_id.0,
        };
        let id = events::insert(&mut tx.conn(), &row, now).await?;
        let plan = rule.plan(Timestamp(received), Timestamp(now));
        for unit in &units {
            events::add_unit(&mut tx.conn(), id, *unit).await?;
            for d in &plan {
                deadlines::insert(
                    &mut tx.conn(),
                    id,
                    *unit,
                    d.kind.code(),
                    1,
                    d.due_at.0,
                    d.warn_at.map(|w| w.0),
                )
                .await?;
            }
            let first_due = plan
                .first()
                .map(|d| d.due_at)
                .unwrap_or(Timestamp(received));
            self.tell_unit(
                &mut tx.conn(),
                *unit,
                id,
                NoticeKind::EventAsked,
                &title,
                first_due,
                now,
            )
            .await?;
        }
        // Limits already passed (an event learned of late) are overdue at once, in this
        // transaction, with their reminders and ledger records.
        self.fire_passed_of(&mut tx.conn(), id, now).await?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::EventRegistered)
                .target("event", id)
                .detail(json!({ "severity": severity.code(), "units": units })),
        );
        tx.wake_outbox();
        tx.commit().await?;
        self.event(actor, id).await
    }

    /// The units an editor may ask about an event: active units in the office's jurisdiction,
    /// in tree order (for the registration form).
    pub async fn askable_units(
        &self,
        actor: &Actor,
        office: Option<i64>,
    ) -> Result<Vec<(i64, String)>> {
        let office = editor_office(actor, office)?;
        let org = self.org().await?;
        let mut out: Vec<(i64, String)> = org
            .tree
            .descendants(UnitId(office))
            .into_iter()
            .filter(|u| u.0 != office && org.rows.get(&u.0).is_some_and(|r| r.active))
            .map(|u| (u.0, org.name(u.0)))
            .collect();
        for (id, row) in &org.rows {
            let direct = org.tree.reporting_office(UnitId(*id)) == Some(UnitId(office));
            if direct && row.active && !out.iter().any(|(u, _)| u == id) {
                out.push((*id, row.name.clone()));
            }
        }
        Ok(out)
    }

    /// Checks the units asked: known, active, and within the office's jurisdiction.
    async fn units_to_ask(&self, office: i64, ids: &[i64]) -> Result<Vec<i64>> {
        let mut units: Vec<i64> = ids.to_vec();
        units.sort_unstable();
        units.dedup();
        if units.is_empty() || units.len() > 2000 {
            return Err(AppError::invalid("unit_ids", "count"));
        }
        let org = self.org().await?;
        for u in &units {
            let row = org
                .rows
                .get(u)
                .ok_or(AppError::invalid("unit_ids", "unknown_unit"))?;
            let inside = *u != office
                && (org.tree.is_within(UnitId(*u), UnitId(office))
                    || org.tree.reporting_office(UnitId(*u)) == Some(UnitId(office)));
            if !row.active || !inside {
                return Err(AppError::invalid("unit_ids", "not_in_jurisdiction"));
            }
        }
        Ok(units)
    }
}
