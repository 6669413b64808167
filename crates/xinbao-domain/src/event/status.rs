//! Where an event and a verification stand, and what a verification found.

crate::stored_codes! {
    /// An event is open until its office closes it.
    pub enum EventStatus ("event status") {
        Open = "open",
        Closed = "closed",
    }
}

crate::stored_codes! {
    /// A verification (核查) is open until its assignee records the outcome.
    pub enum VerificationStatus ("verification status") {
        Open = "open",
        Done = "done",
    }
}

crate::stored_codes! {
    /// What a verification found: the report stands, details were fixed, it was false (谎报)
    /// or something was kept back (瞒报).
    pub enum VerificationOutcome ("verification outcome") {
        Confirmed = "confirmed",
        Corrected = "corrected",
        False = "false",
        Concealed = "concealed",
    }
}

impl VerificationOutcome {
    /// The accountability record an outcome leaves, if any.
    pub fn ledger_kind(self) -> Option<super::LedgerKind> {
        match self {
            VerificationOutcome::False => Some(super::LedgerKind::False),
            VerificationOutcome::Concealed => Some(super::LedgerKind::Concealed),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_outcome_reads_back_from_its_code() {
        for s in EventStatus::ALL {
            assert_eq!(EventStatus::try_from(s.code().to_string()), Ok(*s));
        }
        for s in VerificationStatus::ALL {
            assert_eq!(VerificationStatus::from_code(s.code()), Some(*s));
        }
        for o in VerificationOutcome::ALL {
            assert_eq!(VerificationOutcome::from_code(o.code()), Some(*o));
        }
        assert!(EventStatus::try_from("opened".to_string()).is_err());
    }
}
