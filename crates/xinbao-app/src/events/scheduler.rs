//! The clock that never forgets: deadlines, warnings and escalation steps live in the
//! database; each tick claims what is due with one `UPDATE … RETURNING` and writes its
//! consequences (reminder notice, ledger record, notices) in the same transaction, so each
//! fires exactly once — after a restart, and with several servers on one PostgreSQL.

use super::responsible;
use crate::i18n::{local_time, tr, trf};
use crate::{App, Result};
use std::collections::HashMap;
use xinbao_domain::Role;
use xinbao_domain::Timestamp;
use xinbao_domain::event::LedgerKind;
use xinbao_domain::notice::NoticeKind;
use xinbao_store::deadlines::{self, DeadlineRow};
use xinbao_store::events::{self, EventRow};
use xinbao_store::ledger::{self, NewRecord};
use xinbao_store::{Conn, people};

/// Rows claimed per transaction.
const BATCH: i64 = 200;

/// What one tick did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct TickReport {
    pub fired: usize,
    pub warned: usize,
    pub escalated: usize,
    /// Units reminded of overdue feedback on a leader's instruction.
    pub instruction_reminders: usize,
    /// Quota reminders sent by the daily check.
    pub quota_reminders: usize,
}

#[derive(Clone, Copy)]
enum Due {
    Overdue,
    Warning,
    Escalation,
}

impl App {
    /// Fires everything due at the clock's now.
    pub async fn tick(&self) -> Result<TickReport> {
        let now = self.now().0;
        let mut report = TickReport::default();
        for (due, slot) in [
            (Due::Overdue, &mut report.fired),
            (Due::Warning, &mut report.warned),
            (Due::Escalation, &mut report.escalated),
        ] {
            loop {
                let n = self.fire_batch(due, now).await?;
                *slot += n;
                if n < BATCH as usize {
                    break;
                }
            }
        }
        report.instruction_reminders = self.remind_overdue_instructions(now).await?;
        report.quota_reminders = self.quota_check(now).await?;
        Ok(report)
    }

    async fn fire_batch(&self, due: Due, now: i64) -> Result<usize> {
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let rows = match due {
            Due::Overdue => deadlines::claim_due(c, now, BATCH).await?,
            Due::Warning => deadlines::claim_warnings(c, now, BATCH).await?,
            Due::Escalation => deadlines::claim_escalations(c, now, BATCH).await?,
        };
        let mut cache: HashMap<i64, EventRow> = HashMap::new();
        for d in &rows {
            let event = match cache.get(&d.event_id) {
                Some(e) => e.clone(),
                None => match events::get(c, d.event_id).await? {
                    Some(e) => {
                        cache.insert(e.id, e.clone());
                        e
                    }
                    None => continue,
                },
            };
            match due {
                Due::Overdue => self.overdue(c, d, &event, now).await?,
                Due::Warning => {
                    let at = Timestamp(d.due_at);
                    self.tell_unit(
                        c,
                        d.unit_id,
                        event.id,
                        NoticeKind::DeadlineWarning,
                        &event.title,
                        at,
                        now,
                    )
                    .await?
                }
                Due::Escalation => self.escalate(c, d, &event, now).await?,
            }
        }
        tx.commit().await?;
        Ok(rows.len())
    }

    /// Fires the limits of a just-registered event that have already passed, inside the
    /// registering transaction.
    pub(crate) async fn fire_passed_of(
        &self,
        c: &mut Conn<'_>,
        event: i64,
        now: i64,
    ) -> Result<usize> {
        let rows = deadlines::claim_due_of_event(c, event, now).await?;
        let Some(e) = events::get(c, event).await? else {
            return Ok(0);
        };
        for d in &rows {
            self.overdue(c, d, &e, now).await?;
        }
        Ok(rows.len())
    }

    /// At the limit: the reminder notice, the lateness on the ledger, the unit told, and the
    /// first step of the ladder set.
    async fn overdue(
        &self,
        c: &mut Conn<'_>,
        d: &DeadlineRow,
        e: &EventRow,
        now: i64,
    ) -> Result<()> {
        deadlines::add_reminder(c, d, now).await?;
        let facts = trf(
            "zh-CN",
            "ledger.facts.late",
            &[
                ("event", &e.title),
                ("kind", &tr("zh-CN", &format!("report_kind.{}", d.kind))),
                ("due", &local_time(Timestamp(d.due_at))),
            ],
        );
        let record = NewRecord {
            event_id: Some(e.id),
            unit_id: d.unit_id,
            deadline_id: Some(d.id),
            kind: LedgerKind::Late,
            facts,
            people: responsible::snapshot(c, d.unit_id).await?,
            corrects_id: None,
            void: false,
            reason: None,
            created_by: None,
        };
        ledger::add(c, &record, now).await?;
        let at = Timestamp(d.due_at);
        self.tell_unit(
            c,
            d.unit_id,
            e.id,
            NoticeKind::DeadlineOverdue,
            &e.title,
            at,
            now,
        )
        .await?;
        let next = ladder_step(&e.escalate_minutes, 0).map(|m| d.due_at + m * 60_000);
        deadlines::set_escalate_at(c, d.id, next).await?;
        Ok(())
    }

    /// One step up the ladder: leader in charge, principal leader, then office leadership.
    async fn escalate(
        &self,
        c: &mut Conn<'_>,
        d: &DeadlineRow,
        e: &EventRow,
        now: i64,
    ) -> Result<()> {
        let step = d.escalation;
        let kind = NoticeKind::escalation(u32::try_from(step).unwrap_or(3));
        let at = Timestamp(d.due_at);
        if step >= 3 {
            let leaders = people::holders(c, e.office_id, &[Role::Signer]).await?;
            let late = super::notice::About::Named(d.unit_id);
            self.tell(c, &leaders, late, e.id, kind, &e.title, at, now)
                .await?;
        } else {
            self.tell_unit(c, d.unit_id, e.id, kind, &e.title, at, now)
                .await?;
        }
        let next = ladder_step(&e.escalate_minutes, step as usize).map(|m| d.due_at + m * 60_000);
        deadlines::set_escalate_at(c, d.id, next).await?;
        Ok(())
    }

    /// The earliest moment anything waits for: a deadline, a warning, an escalation step or
    /// a delivery attempt.
    pub async fn next_wakeup(&self) -> Result<Option<i64>> {
        let mut r = self.store.read().await?;
        let a = deadlines::next_wakeup(&mut r.conn()).await?;
        let b = xinbao_store::outbox::next_attempt(&mut r.conn()).await?;
        Ok(match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        })
    }
}

/// Minutes after the limit of ladder step `i` (0: leader in charge).
fn ladder_step(ladder: &str, i: usize) -> Option<i64> {
    ladder
        .split(',')
        .filter_map(|s| s.trim().parse::<i64>().ok())
        .nth(i)
}
