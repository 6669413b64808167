//! Sudden events (突发事件): severity, report kinds, time-limit rules and the deadlines they
//! produce, the mandatory elements of an urgent report, and accountability record kinds.

pub mod access;
mod elements;
mod rule;
mod status;

pub use elements::{Element, missing_elements};
pub use rule::{Followup, PlannedDeadline, RuleError, TimeLimitRule, next_followup};
pub use status::{EventStatus, VerificationOutcome, VerificationStatus};

/// 特别重大 (I) / 重大 (II) / 较大 (III) / 一般 (IV).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    I,
    II,
    III,
    IV,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Severity::I, Severity::II, Severity::III, Severity::IV];

    /// The severity a new report's form starts at (as it always has: 重大).
    pub const PRESET: Severity = Severity::II;

    pub fn code(self) -> &'static str {
        match self {
            Severity::I => "I",
            Severity::II => "II",
            Severity::III => "III",
            Severity::IV => "IV",
        }
    }

    pub fn from_code(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.code() == s)
    }
}

/// What a unit owes for an event: a phone report, the first written report (初报), follow-ups
/// (续报), the final report (终报), or a positive "nothing happened" (零报告).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Phone,
    Written,
    Followup,
    Final,
    Zero,
}

impl ReportKind {
    pub const ALL: [ReportKind; 5] = [
        ReportKind::Phone,
        ReportKind::Written,
        ReportKind::Followup,
        ReportKind::Final,
        ReportKind::Zero,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportKind::Phone => "phone",
            ReportKind::Written => "written",
            ReportKind::Followup => "followup",
            ReportKind::Final => "final",
            ReportKind::Zero => "zero",
        }
    }

    pub fn from_code(s: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|v| v.code() == s)
    }

    /// Written kinds carry a body and are checked for the mandatory elements.
    pub fn is_written(self) -> bool {
        matches!(
            self,
            ReportKind::Written | ReportKind::Followup | ReportKind::Final
        )
    }

    /// Which deadline kinds a report of this kind meets. A written report also answers a
    /// phone deadline still open (the unit reported, in writing); a final report answers an
    /// open follow-up; a zero report answers everything asked of the unit.
    pub fn meets(self) -> &'static [ReportKind] {
        match self {
            ReportKind::Phone => &[ReportKind::Phone],
            ReportKind::Written => &[ReportKind::Phone, ReportKind::Written],
            ReportKind::Followup => &[ReportKind::Followup],
            ReportKind::Final => &[
                ReportKind::Phone,
                ReportKind::Written,
                ReportKind::Followup,
                ReportKind::Final,
            ],
            ReportKind::Zero => &[ReportKind::Phone, ReportKind::Written, ReportKind::Zero],
        }
    }
}

/// Where a deadline stands: `open` until met or passed; `overdue` once the limit passed
/// unmet (it stays overdue when the report comes late, with the time it came); `met` in time;
/// `closed` when it no longer applies (the unit's final report ended its follow-ups).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    Open,
    Met,
    Overdue,
    Closed,
}

impl DeadlineStatus {
    pub fn code(self) -> &'static str {
        match self {
            DeadlineStatus::Open => "open",
            DeadlineStatus::Met => "met",
            DeadlineStatus::Overdue => "overdue",
            DeadlineStatus::Closed => "closed",
        }
    }

    pub fn from_code(s: &str) -> Option<DeadlineStatus> {
        [
            DeadlineStatus::Open,
            DeadlineStatus::Met,
            DeadlineStatus::Overdue,
            DeadlineStatus::Closed,
        ]
        .into_iter()
        .find(|v| v.code() == s)
    }
}

/// An accountability record: 迟报、漏报、瞒报、谎报, or praise for timely, accurate reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerKind {
    Late,
    Missing,
    Concealed,
    False,
    Praise,
}

impl LedgerKind {
    pub const ALL: [LedgerKind; 5] = [
        LedgerKind::Late,
        LedgerKind::Missing,
        LedgerKind::Concealed,
        LedgerKind::False,
        LedgerKind::Praise,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LedgerKind::Late => "late",
            LedgerKind::Missing => "missing",
            LedgerKind::Concealed => "concealed",
            LedgerKind::False => "false",
            LedgerKind::Praise => "praise",
        }
    }

    pub fn from_code(s: &str) -> Option<LedgerKind> {
        LedgerKind::ALL.into_iter().find(|v| v.code() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself() {
        for s in Severity::ALL {
            assert_eq!(Severity::from_code(s.code()), Some(s));
        }
        for k in ReportKind::ALL {
            assert_eq!(ReportKind::from_code(k.code()), Some(k));
        }
        for k in LedgerKind::ALL {
            assert_eq!(LedgerKind::from_code(k.code()), Some(k));
        }
        assert_eq!(Severity::from_code("V"), None);
    }

    #[test]
    fn a_written_report_also_answers_the_phone_deadline() {
        assert!(ReportKind::Written.meets().contains(&ReportKind::Phone));
        assert!(!ReportKind::Phone.meets().contains(&ReportKind::Written));
        assert!(ReportKind::Final.meets().contains(&ReportKind::Followup));
    }
}
