//! Leaders' instructions (批示): who records one on an office's item, who reports back on an
//! assignment, and who closes the loop.

use crate::access::Principal;
use crate::role::Role;
use serde::{Deserialize, Serialize};

/// An instruction is followed up until the office closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstructionStatus {
    Open,
    Closed,
}

/// An assigned unit's part is open until it reports it done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    Open,
    Done,
}

crate::stored_codes! {
    /// A unit's report back on an assignment: progress so far, or its part done.
    pub enum FollowKind ("instruction report kind") {
        Progress = "progress",
        Done = "done",
    }
}

impl InstructionStatus {
    pub fn code(self) -> &'static str {
        match self {
            InstructionStatus::Open => "open",
            InstructionStatus::Closed => "closed",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [InstructionStatus::Open, InstructionStatus::Closed]
            .into_iter()
            .find(|v| v.code() == s)
    }
}

impl AssignmentStatus {
    pub fn code(self) -> &'static str {
        match self {
            AssignmentStatus::Open => "open",
            AssignmentStatus::Done => "done",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [AssignmentStatus::Open, AssignmentStatus::Done]
            .into_iter()
            .find(|v| v.code() == s)
    }
}

/// May `p` write or record an instruction on an item at `office`? Its leaders (signers and
/// readers, who receive its periodicals) and its editors (recording a leader's words).
pub fn may_instruct(p: &Principal, office: i64) -> bool {
    p.roles_in(office)
        .iter()
        .any(|r| matches!(r, Role::Editor | Role::Signer | Role::Reader))
}

/// Is `p` a leader of the office (the instruction is their own, not recorded for another)?
pub fn is_leader_of(p: &Principal, office: i64) -> bool {
    p.roles_in(office)
        .iter()
        .any(|r| matches!(r, Role::Signer | Role::Reader))
}

/// May `p` report back for an assigned unit? Any of its people.
pub fn may_report_for(p: &Principal, unit: i64) -> bool {
    !p.roles_in(unit).is_empty()
}

/// May `p` follow up and close the office's instructions? Its editors.
pub fn may_follow_up(p: &Principal, office: i64) -> bool {
    p.roles_in(office).contains(&Role::Editor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::testing::principal;

    fn who(role: Role, unit: i64) -> Principal {
        principal(&[(unit, role)])
    }

    #[test]
    fn who_instructs_reports_and_follows_up() {
        // (role at unit 2, instructs at 2, leader at 2, reports for 2, follows up at 2)
        let table = [
            (Role::Editor, true, false, true, true),
            (Role::Signer, true, true, true, false),
            (Role::Reader, true, true, true, false),
            (Role::Officer, false, false, true, false),
            (Role::Admin, false, false, true, false),
        ];
        for (role, instructs, leads, reports, follows) in table {
            let p = who(role, 2);
            assert_eq!(may_instruct(&p, 2), instructs, "{role:?}");
            assert_eq!(is_leader_of(&p, 2), leads, "{role:?}");
            assert_eq!(may_report_for(&p, 2), reports, "{role:?}");
            assert_eq!(may_follow_up(&p, 2), follows, "{role:?}");
            assert!(!may_instruct(&p, 3) && !may_report_for(&p, 3));
        }
    }
}
