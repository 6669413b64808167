//! Why a request conflicts with the state it found (409): each reason has a stable code,
//! and its message is `error.<code>` in the catalogue.

/// The reason of an `AppError::Conflict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    AlreadyInstalled,
    AssignmentsOpen,
    CannotDeactivateSelf,
    ClaimedByOther,
    Csrf,
    DemoNeedsEmptyDatabase,
    DuplicateRole,
    DuplicateUnitName,
    DuplicateUsername,
    EventClosed,
    InstructionClosed,
    IssueFrozen,
    NoOfficeAbove,
    RosterChangedMeanwhile,
    StaleVersion,
    TotpAlreadyOn,
    TotpNotPending,
    TotpRequiredByPolicy,
    UnitFinal,
    UnitHasActiveChildren,
    VerificationDone,
    WrongState,
    ZeroNotAsked,
}

impl Conflict {
    /// Every reason, so the catalogue test can ask for each one's message.
    pub const ALL: [Conflict; 23] = [
        Conflict::AlreadyInstalled,
        Conflict::AssignmentsOpen,
        Conflict::CannotDeactivateSelf,
        Conflict::ClaimedByOther,
        Conflict::Csrf,
        Conflict::DemoNeedsEmptyDatabase,
        Conflict::DuplicateRole,
        Conflict::DuplicateUnitName,
        Conflict::DuplicateUsername,
        Conflict::EventClosed,
        Conflict::InstructionClosed,
        Conflict::IssueFrozen,
        Conflict::NoOfficeAbove,
        Conflict::RosterChangedMeanwhile,
        Conflict::StaleVersion,
        Conflict::TotpAlreadyOn,
        Conflict::TotpNotPending,
        Conflict::TotpRequiredByPolicy,
        Conflict::UnitFinal,
        Conflict::UnitHasActiveChildren,
        Conflict::VerificationDone,
        Conflict::WrongState,
        Conflict::ZeroNotAsked,
    ];

    /// The stable machine-readable code.
    pub fn code(self) -> &'static str {
        match self {
            Conflict::AlreadyInstalled => "already_installed",
            Conflict::AssignmentsOpen => "assignments_open",
            Conflict::CannotDeactivateSelf => "cannot_deactivate_self",
            Conflict::ClaimedByOther => "claimed_by_other",
            Conflict::Csrf => "csrf",
            Conflict::DemoNeedsEmptyDatabase => "demo_needs_empty_database",
            Conflict::DuplicateRole => "duplicate_role",
            Conflict::DuplicateUnitName => "duplicate_unit_name",
            Conflict::DuplicateUsername => "duplicate_username",
            Conflict::EventClosed => "event_closed",
            Conflict::InstructionClosed => "instruction_closed",
            Conflict::IssueFrozen => "issue_frozen",
            Conflict::NoOfficeAbove => "no_office_above",
            Conflict::RosterChangedMeanwhile => "roster_changed_meanwhile",
            Conflict::StaleVersion => "stale_version",
            Conflict::TotpAlreadyOn => "totp_already_on",
            Conflict::TotpNotPending => "totp_not_pending",
            Conflict::TotpRequiredByPolicy => "totp_required_by_policy",
            Conflict::UnitFinal => "unit_final",
            Conflict::UnitHasActiveChildren => "unit_has_active_children",
            Conflict::VerificationDone => "verification_done",
            Conflict::WrongState => "wrong_state",
            Conflict::ZeroNotAsked => "zero_not_asked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Conflict::ALL {
            assert!(seen.insert(c.code()), "{c:?}");
            assert!(
                c.code()
                    .bytes()
                    .all(|b| b == b'_' || b.is_ascii_lowercase())
            );
        }
    }
}
