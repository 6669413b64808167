//! Who may see an item and what each person may do with it.

use crate::org::OrgSnapshot;
use xinbao_domain::access::Principal;
use xinbao_domain::item::{Action, Importance, ItemStatus, OfficeSignoffRule, UnitSignoffRule};
use xinbao_domain::{Role, SignerLevel};
use xinbao_store::items::ItemRow;

pub fn roles_in(p: &Principal, unit: i64) -> Vec<Role> {
    p.roles_in(unit)
}

pub fn signer_level_in(p: &Principal, unit: i64) -> Option<SignerLevel> {
    p.grants
        .iter()
        .filter(|g| g.unit_id.0 == unit && g.role == Role::Signer)
        .filter_map(|g| g.signer_level)
        .max()
}

/// Writes for the submitting unit: its officers and leaders; for an office's own items
/// (combined or forwarded), its editors and signers.
pub fn is_writer(p: &Principal, unit: i64, org: &OrgSnapshot) -> bool {
    let roles = roles_in(p, unit);
    let unit_roles = [Role::Officer, Role::UnitLeader, Role::PrincipalLeader];
    roles.iter().any(|r| unit_roles.contains(r))
        || (org.is_office(unit)
            && roles
                .iter()
                .any(|r| matches!(r, Role::Editor | Role::Signer)))
}

pub fn is_editor(p: &Principal, office: Option<i64>) -> bool {
    office.is_some_and(|o| roles_in(p, o).contains(&Role::Editor))
}

/// May `p` open the item? Its unit's people always; the receiving office's people once it
/// has left the unit; peer offices it was shared with.
pub fn may_view(p: &Principal, item: &ItemRow, shared_with: &[i64], org: &OrgSnapshot) -> bool {
    if is_writer(p, item.unit_id, org) || !roles_in(p, item.unit_id).is_empty() {
        return true;
    }
    let status = ItemStatus::from_code(&item.status).unwrap_or(ItemStatus::Draft);
    let at_office = item.office_id.is_some_and(|o| !roles_in(p, o).is_empty());
    if at_office && !matches!(status, ItemStatus::Draft | ItemStatus::AwaitingSignoff) {
        return true;
    }
    shared_with.iter().any(|o| !roles_in(p, *o).is_empty())
}

/// The sign-off needed before the item leaves its unit, given the unit's rules.
pub struct Rules {
    pub unit: UnitSignoffRule,
    pub office: OfficeSignoffRule,
}

/// May `p` sign off an item of `importance` for `unit` (`direct`: first-receiver report)?
pub fn may_sign_off_case(
    p: &Principal,
    unit: i64,
    importance: &str,
    direct: bool,
    rules: &Rules,
    org: &OrgSnapshot,
) -> bool {
    let imp = Importance::from_code(importance).unwrap_or(Importance::General);
    if org.is_office(unit) {
        signer_level_in(p, unit).is_some_and(|l| rules.office.may_approve(imp, direct, l))
    } else {
        rules.unit.may_approve(imp, &roles_in(p, unit))
    }
}

/// Does submitting such an item need a sign-off that `p` cannot give themselves?
pub fn needs_signoff_case(
    p: &Principal,
    unit: i64,
    importance: &str,
    direct: bool,
    rules: &Rules,
    org: &OrgSnapshot,
) -> bool {
    let imp = Importance::from_code(importance).unwrap_or(Importance::General);
    let required = org.is_office(unit) || rules.unit.required(imp).is_some();
    required && !may_sign_off_case(p, unit, importance, direct, rules, org)
}

/// May `p` sign off the item for its unit?
pub fn may_sign_off(p: &Principal, item: &ItemRow, rules: &Rules, org: &OrgSnapshot) -> bool {
    may_sign_off_case(
        p,
        item.unit_id,
        &item.importance,
        item.direct_report,
        rules,
        org,
    )
}

/// Does submitting the item need a sign-off that `p` cannot give themselves?
pub fn needs_signoff(p: &Principal, item: &ItemRow, rules: &Rules, org: &OrgSnapshot) -> bool {
    needs_signoff_case(
        p,
        item.unit_id,
        &item.importance,
        item.direct_report,
        rules,
        org,
    )
}

/// The actions `p` may take on the item now.
pub fn allowed(
    p: &Principal,
    item: &ItemRow,
    rules: &Rules,
    org: &OrgSnapshot,
) -> Vec<&'static str> {
    let status = ItemStatus::from_code(&item.status).unwrap_or(ItemStatus::Draft);
    let ok = |a: Action| a.from_states().contains(&status);
    let mut out = Vec::new();
    if is_writer(p, item.unit_id, org) {
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
    if ok(Action::Approve) && may_sign_off(p, item, rules, org) {
        out.extend(["approve", "reject"]);
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
        if status.adopted_here() || status == ItemStatus::Adopted {
            out.push("share");
        }
    }
    out.dedup();
    out
}
