//! Sudden events (DOMAIN.md §5): the office registers a lead and asks units to report within
//! time limits set as data; reports meet deadlines; a scheduler fires warnings, overdue
//! reminders and escalations exactly once; lateness and praise go into the accountability
//! ledger; conflicting reports are verified.

mod close;
mod documents;
mod ledger;
mod notice;
mod register;
mod report;
mod responsible;
mod rules;
mod scheduler;
pub mod time;
mod verify;
mod view;

pub use documents::ReminderNotice;
pub use ledger::{CorrectionInput, LedgerInput, LedgerView, Responsible};
pub use register::EventInput;
pub use report::ReportInput;
pub use rules::{RuleInput, RuleView};
pub use scheduler::TickReport;
pub use time::TimeInput;
pub use verify::{VerificationInput, VerificationResultInput};
pub use view::EventUnit;
pub use view::{DeadlineView, EventLine, EventView, ReportView};

use crate::{Actor, AppError, Result};
use xinbao_domain::Role;

/// The office where the actor registers events: the one named, or their only editor office.
pub fn editor_office(actor: &Actor, office: Option<i64>) -> Result<i64> {
    let offices = actor.principal.units_with(Role::Editor);
    match office {
        Some(o) if offices.iter().any(|u| u.0 == o) => Ok(o),
        Some(_) => Err(AppError::Forbidden),
        None => offices.first().map(|u| u.0).ok_or(AppError::Forbidden),
    }
}

/// The office the actor edits for, if any (its first).
pub fn editor_office_of(actor: &Actor) -> Option<i64> {
    editor_office(actor, None).ok()
}

/// Does the actor write for `unit` (its officer or one of its leaders)?
pub fn writes_for_unit(actor: &Actor, unit: i64) -> bool {
    writes_for(actor, unit)
}

/// Is the actor an editor of `office`?
pub(crate) fn is_office_editor(actor: &Actor, office: i64) -> bool {
    xinbao_domain::scope::edits_at(&actor.principal, office)
}

/// Does the actor report for `unit`: its officer or one of its leaders, or — when a lower
/// office is asked — that office's editor?
pub(crate) fn writes_for(actor: &Actor, unit: i64) -> bool {
    xinbao_domain::event::access::writes_for(&actor.principal, unit)
}
