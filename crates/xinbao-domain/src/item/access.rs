//! Who may open an item and what each person may do with it now: pure functions over the
//! item's facts, the person's grants and the organisation tree. Every use case (page, API,
//! command line, job) asks these; nothing else decides.

use super::{Action, Importance, ItemStatus, OfficeSignoffRule, UnitSignoffRule};
use crate::access::Principal;
use crate::ids::UnitId;
use crate::org::OrgTree;
use crate::role::{Role, SignerLevel};
use crate::unit::UnitKind;

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;

/// What the rules need to know of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemFacts {
    /// The unit that sent it (or the office whose own item it is).
    pub unit_id: i64,
    /// The office it is at.
    pub office_id: Option<i64>,
    pub status: ItemStatus,
    pub importance: Importance,
    /// Sent as a first-receiver report (首接直报).
    pub direct_report: bool,
}

/// The sign-off rules of the item's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SignoffRules {
    pub unit: UnitSignoffRule,
    pub office: OfficeSignoffRule,
}

/// Sideways sharing of an adopted item with a peer office; not a change of state.
pub const SHARE: &str = "share";

fn is_office(tree: &OrgTree, unit: i64) -> bool {
    tree.get(UnitId(unit))
        .is_some_and(|n| n.kind == UnitKind::Office)
}

/// The highest signer level `p` holds in `unit`.
pub fn signer_level_in(p: &Principal, unit: i64) -> Option<SignerLevel> {
    p.grants
        .iter()
        .filter(|g| g.unit_id.0 == unit && g.role == Role::Signer)
        .filter_map(|g| g.signer_level)
        .max()
}

/// Writes for the submitting unit: its officers and leaders; for an office's own items
/// (combined or forwarded), its editors and signers.
pub fn is_writer(p: &Principal, unit: i64, tree: &OrgTree) -> bool {
    let roles = p.roles_in(unit);
    let unit_roles = [Role::Officer, Role::UnitLeader, Role::PrincipalLeader];
    roles.iter().any(|r| unit_roles.contains(r))
        || (is_office(tree, unit)
            && roles
                .iter()
                .any(|r| matches!(r, Role::Editor | Role::Signer)))
}

/// Is `p` an editor of the office?
pub fn is_editor(p: &Principal, office: Option<i64>) -> bool {
    office.is_some_and(|o| p.roles_in(o).contains(&Role::Editor))
}

/// May `p` open the item? Its unit's people always; the receiving office's people once it
/// has left the unit; peer offices it was shared with.
pub fn may_view(p: &Principal, item: &ItemFacts, shared_with: &[i64], tree: &OrgTree) -> bool {
    if is_writer(p, item.unit_id, tree) || !p.roles_in(item.unit_id).is_empty() {
        return true;
    }
    let at_office = item.office_id.is_some_and(|o| !p.roles_in(o).is_empty());
    if at_office && !matches!(item.status, ItemStatus::Draft | ItemStatus::AwaitingSignoff) {
        return true;
    }
    shared_with.iter().any(|o| !p.roles_in(*o).is_empty())
}

/// May `p` sign off an item of `importance` for `unit` (`direct`: first-receiver report)?
pub fn may_sign_off(
    p: &Principal,
    unit: i64,
    importance: Importance,
    direct: bool,
    rules: &SignoffRules,
    tree: &OrgTree,
) -> bool {
    if is_office(tree, unit) {
        signer_level_in(p, unit).is_some_and(|l| rules.office.may_approve(importance, direct, l))
    } else {
        rules.unit.may_approve(importance, &p.roles_in(unit))
    }
}

/// Does submitting such an item need a sign-off that `p` cannot give themselves?
pub fn needs_signoff(
    p: &Principal,
    unit: i64,
    importance: Importance,
    direct: bool,
    rules: &SignoffRules,
    tree: &OrgTree,
) -> bool {
    let required = is_office(tree, unit) || rules.unit.required(importance).is_some();
    required && !may_sign_off(p, unit, importance, direct, rules, tree)
}

/// The codes of the actions `p` may take on the item now ([`Action::code`], and [`SHARE`]).
pub fn allowed(
    p: &Principal,
    item: &ItemFacts,
    rules: &SignoffRules,
    tree: &OrgTree,
) -> Vec<&'static str> {
    let status = item.status;
    let ok = |a: Action| a.from_states().contains(&status);
    let mut out = Vec::new();
    if is_writer(p, item.unit_id, tree) {
        for a in [
            Action::Revise,
            Action::Submit { signoff: false },
            Action::Withdraw,
        ] {
            if ok(a) {
                out.push(a.code());
            }
        }
    }
    let signs = may_sign_off(
        p,
        item.unit_id,
        item.importance,
        item.direct_report,
        rules,
        tree,
    );
    if ok(Action::Approve) && signs {
        out.extend([Action::Approve.code(), Action::Reject.code()]);
    }
    if is_editor(p, item.office_id) && !status.at_unit() {
        for a in [
            Action::Receive,
            Action::Edit,
            Action::Hold,
            Action::Reserve,
            Action::Return,
            Action::Decline,
            Action::Adopt,
            Action::Merge,
            Action::Forward,
        ] {
            if ok(a) {
                out.push(a.code());
            }
        }
        if status.adopted_here() {
            out.push(SHARE);
        }
    }
    out.dedup();
    out
}
