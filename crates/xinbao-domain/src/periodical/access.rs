//! Who may open an issue and take each of its steps: the office's people read it (and its
//! administrators), its editors compile, freeze, unfreeze and publish, and its signers of the
//! periodical's level or above sign it off.

use super::{IssueAction, IssueStatus, issue_transition};
use crate::access::Principal;
use crate::role::{Role, SignerLevel};

/// What the rules need to know of an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueFacts {
    /// The office whose periodical it is.
    pub office_id: i64,
    pub status: IssueStatus,
    /// The level that signs the periodical off.
    pub signoff_level: SignerLevel,
}

/// May `p` open the office's periodicals and issues? Its people, or (`administers`) an
/// administrator of the office.
pub fn may_open(p: &Principal, office: i64, administers: bool) -> bool {
    administers || !p.roles_in(office).is_empty()
}

/// May `p` compile the office's issues (create, edit, freeze, unfreeze, publish)?
pub fn is_editor(p: &Principal, office: i64) -> bool {
    p.roles_in(office).contains(&Role::Editor)
}

/// Is `p` a signer of the office at `level` or above?
pub fn signs_at(p: &Principal, office: i64, level: SignerLevel) -> bool {
    crate::item::access::signer_level_in(p, office).is_some_and(|l| l >= level)
}

/// May `p` take `action` on the issue, whatever its state?
pub fn may(p: &Principal, issue: &IssueFacts, action: IssueAction) -> bool {
    match action {
        IssueAction::SignOff => signs_at(p, issue.office_id, issue.signoff_level),
        _ => is_editor(p, issue.office_id),
    }
}

/// The steps `p` may take on the issue now.
pub fn actions(p: &Principal, issue: &IssueFacts) -> Vec<IssueAction> {
    IssueAction::ALL
        .into_iter()
        .filter(|a| issue_transition(issue.status, *a).is_some() && may(p, issue, *a))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{PersonId, UnitId};
    use crate::role::RoleGrant;
    use IssueAction::*;
    use IssueStatus::*;

    const OFFICE: i64 = 2;

    fn who(role: Role, level: Option<SignerLevel>, unit: i64) -> Principal {
        Principal {
            person_id: PersonId(1),
            username: "p".into(),
            grants: vec![RoleGrant {
                person_id: PersonId(1),
                unit_id: UnitId(unit),
                role,
                signer_level: level,
            }],
        }
    }

    #[test]
    fn the_steps_offered_follow_role_level_and_state() {
        let editor = who(Role::Editor, None, OFFICE);
        let section = who(Role::Signer, Some(SignerLevel::Section), OFFICE);
        let deputy = who(Role::Signer, Some(SignerLevel::Deputy), OFFICE);
        let elsewhere = who(Role::Editor, None, 9);
        let reader = who(Role::Reader, None, OFFICE);
        let table: Vec<(&Principal, IssueStatus, Vec<IssueAction>)> = vec![
            (&editor, Draft, vec![Edit, Freeze]),
            (&editor, Frozen, vec![Unfreeze]),
            (&editor, SignedOff, vec![Publish]),
            (&editor, Published, vec![]),
            (&section, Frozen, vec![]),
            (&deputy, Frozen, vec![SignOff]),
            (&deputy, Draft, vec![]),
            (&elsewhere, Draft, vec![]),
            (&reader, Frozen, vec![]),
        ];
        for (p, status, expected) in table {
            let issue = IssueFacts {
                office_id: OFFICE,
                status,
                signoff_level: SignerLevel::Deputy,
            };
            assert_eq!(actions(p, &issue), expected, "{:?} {status:?}", p.grants);
        }
    }

    #[test]
    fn the_offices_people_and_administrators_open_its_issues() {
        assert!(may_open(&who(Role::Reader, None, OFFICE), OFFICE, false));
        assert!(!may_open(&who(Role::Editor, None, 9), OFFICE, false));
        assert!(may_open(&who(Role::Admin, None, 1), OFFICE, true));
    }
}
