//! Reading events: one event with its units, deadlines, reports, reminders, verifications
//! and ledger records; the open events of an office with what is due (the dashboard); the
//! events a unit was asked about.

use super::{LedgerView, is_office_editor, writes_for};
use crate::org::OrgSnapshot;
use crate::{Actor, App, AppError, Result};
use serde::Serialize;
use xinbao_domain::event::{DeadlineStatus, ReportKind, access};
use xinbao_store::deadlines::{self, DeadlineRow, ReminderRow};
use xinbao_store::events::{self, EventRow, ReportRow};
use xinbao_store::ledger::{self, VerificationRow};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeadlineView {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    /// `phone`, `written`, `followup`, `final`, `zero`.
    #[schema(value_type = String)]
    pub kind: ReportKind,
    pub seq: i64,
    /// UTC milliseconds.
    pub due_at: i64,
    pub warn_at: Option<i64>,
    /// `open`, `met`, `overdue` or `closed`.
    #[schema(value_type = String)]
    pub status: DeadlineStatus,
    /// When it was answered (late, if the status is `overdue`).
    pub met_at: Option<i64>,
    /// The reminder notice sent when it passed.
    pub reminder_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportView {
    #[serde(flatten)]
    #[schema(inline)]
    pub report: ReportRow,
    pub unit_name: String,
    pub reporter_name: Option<String>,
}

impl ReportView {
    pub(crate) fn of(report: ReportRow, org: &OrgSnapshot, reporter: Option<String>) -> Self {
        ReportView {
            unit_name: org.name(report.unit_id),
            reporter_name: reporter,
            report,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    #[serde(flatten)]
    #[schema(inline)]
    pub event: EventRow,
    pub office_name: String,
    pub units: Vec<EventUnit>,
    pub deadlines: Vec<DeadlineView>,
    pub reports: Vec<ReportView>,
    pub reminders: Vec<ReminderRow>,
    pub verifications: Vec<VerificationRow>,
    pub ledger: Vec<LedgerView>,
    /// May the caller act as the office (log reports for any unit, verify, close)?
    pub office_side: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventUnit {
    pub unit_id: i64,
    pub unit_name: String,
    pub final_at: Option<i64>,
}

/// An event on the dashboard: its counts of what is open and overdue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventLine {
    #[serde(flatten)]
    #[schema(inline)]
    pub event: EventRow,
    pub deadlines: Vec<DeadlineView>,
    pub open: usize,
    pub overdue: usize,
    /// The earliest open limit.
    pub next_due: Option<i64>,
}

pub(crate) fn deadline_views(
    rows: Vec<DeadlineRow>,
    reminders: &[ReminderRow],
    org: &OrgSnapshot,
) -> Vec<DeadlineView> {
    rows.into_iter()
        .map(|d| DeadlineView {
            reminder_id: reminders
                .iter()
                .find(|r| r.deadline_id == d.id)
                .map(|r| r.id),
            unit_name: org.name(d.unit_id),
            id: d.id,
            unit_id: d.unit_id,
            kind: d.kind,
            seq: d.seq,
            due_at: d.due_at,
            warn_at: d.warn_at,
            status: d.status,
            met_at: d.met_at,
        })
        .collect()
}

impl App {
    /// One event as the caller may see it: the office sees every unit; a unit its own part.
    pub async fn event(&self, actor: &Actor, id: i64) -> Result<EventView> {
        let org = self.org().await?;
        let mut r = self.store.read().await?;
        let c = &mut r.conn();
        let event = events::get(c, id).await?.ok_or(AppError::NotFound)?;
        let units = events::units_of(c, id).await?;
        let office_side =
            actor.system || access::sees_as_office(&actor.principal, &org.tree, event.office_id);
        let asked: Vec<i64> = units.iter().map(|u| u.0).collect();
        let visible = if actor.system {
            asked
        } else {
            access::visible_units(&actor.principal, &org.tree, event.office_id, &asked)
        };
        if visible.is_empty() {
            return Err(AppError::Forbidden);
        }
        let reminders: Vec<ReminderRow> = deadlines::reminders_of(c, id)
            .await?
            .into_iter()
            .filter(|r| visible.contains(&r.unit_id))
            .collect();
        let rows = deadlines::of_event(c, id).await?;
        let rows = rows
            .into_iter()
            .filter(|d| visible.contains(&d.unit_id))
            .collect();
        let reports = events::reports_of(c, id).await?;
        let reporters: Vec<i64> = reports.iter().map(|r| r.reported_by).collect();
        let names = xinbao_store::people::names(c, &reporters).await?;
        let reports = reports
            .into_iter()
            .filter(|r| visible.contains(&r.unit_id))
            .map(|r| {
                let name = names
                    .iter()
                    .find(|(p, _)| *p == r.reported_by)
                    .map(|(_, n)| n.clone());
                ReportView::of(r, &org, name)
            })
            .collect();
        let verifications = if office_side {
            ledger::verifications_of(c, id).await?
        } else {
            Vec::new()
        };
        let records = ledger::of_event(c, id).await?;
        let records = records
            .into_iter()
            .filter(|l| visible.contains(&l.unit_id))
            .collect();
        Ok(EventView {
            office_name: org.name(event.office_id),
            units: units
                .into_iter()
                .filter(|u| visible.contains(&u.0))
                .map(|(u, f)| EventUnit {
                    unit_id: u,
                    unit_name: org.name(u),
                    final_at: f,
                })
                .collect(),
            deadlines: deadline_views(rows, &reminders, &org),
            reports,
            reminders,
            verifications,
            ledger: super::ledger::views(records, &org),
            office_side: office_side
                && (actor.administers(&org.tree, event.office_id)
                    || is_office_editor(actor, event.office_id)),
            event,
        })
    }

    /// The events of the caller's office (open ones, or all), each with its deadlines.
    pub async fn office_events(
        &self,
        actor: &Actor,
        office: Option<i64>,
        open_only: bool,
    ) -> Result<Vec<EventLine>> {
        let org = self.org().await?;
        let office = match office {
            Some(o)
                if !actor.principal.roles_in(o).is_empty() || actor.administers(&org.tree, o) =>
            {
                o
            }
            Some(_) => return Err(AppError::Forbidden),
            None => super::editor_office(actor, None)?,
        };
        let mut r = self.store.read().await?;
        let c = &mut r.conn();
        let list = events::of_office(c, office, open_only, 200).await?;
        let ids: Vec<i64> = list.iter().map(|e| e.id).collect();
        let all = deadlines::of_events(c, &ids).await?;
        Ok(list
            .into_iter()
            .map(|e| {
                let rows: Vec<DeadlineRow> =
                    all.iter().filter(|d| d.event_id == e.id).cloned().collect();
                let open = rows
                    .iter()
                    .filter(|d| d.status == DeadlineStatus::Open)
                    .count();
                let overdue = rows
                    .iter()
                    .filter(|d| d.status == DeadlineStatus::Overdue && d.met_at.is_none())
                    .count();
                let next_due = rows
                    .iter()
                    .filter(|d| d.status == DeadlineStatus::Open)
                    .map(|d| d.due_at)
                    .min();
                EventLine {
                    deadlines: deadline_views(rows, &[], &org),
                    event: e,
                    open,
                    overdue,
                    next_due,
                }
            })
            .collect())
    }

    /// Events the caller's units were asked about, newest first.
    pub async fn my_events(&self, actor: &Actor) -> Result<Vec<EventRow>> {
        let mut units: Vec<i64> = actor.principal.grants.iter().map(|g| g.unit_id.0).collect();
        units.sort_unstable();
        units.dedup();
        let mut r = self.store.read().await?;
        let mut out = Vec::new();
        for u in units.into_iter().filter(|u| writes_for(actor, *u)) {
            out.extend(events::of_unit(&mut r.conn(), u, 100).await?);
        }
        out.sort_by_key(|e| std::cmp::Reverse((e.received_at, e.id)));
        out.dedup_by_key(|e| e.id);
        Ok(out)
    }
}
