//! What a principal may do at one office, as the pages and use cases ask it: edit its
//! periodicals, sign its issues, give instructions, see and correct its units' points.
//! Pure functions of the roles held there.

use crate::access::Principal;
use crate::ids::UnitId;
use crate::org::OrgTree;
use crate::role::Role;

fn holds_any(p: &Principal, office: i64, roles: &[Role]) -> bool {
    p.roles_in(office).iter().any(|r| roles.contains(r))
}

const SEES_POINTS: [Role; 4] = [Role::Editor, Role::Admin, Role::Signer, Role::Reader];

/// An editor of the office: compiles its periodicals, closes its instructions.
pub fn edits_at(p: &Principal, office: i64) -> bool {
    crate::periodical::access::is_editor(p, office)
}

/// A signer of the office: signs off its issues.
pub fn signs_at(p: &Principal, office: i64) -> bool {
    holds_any(p, office, &[Role::Signer])
}

/// Gives instructions on what the office receives: its editors, signers and reading leaders.
pub fn instructs_at(p: &Principal, office: i64) -> bool {
    crate::instruction::may_instruct(p, office)
}

/// Enters penalties and corrections to the office's points: its editors and administrators.
pub fn corrects_points_at(p: &Principal, office: i64) -> bool {
    holds_any(p, office, &[Role::Editor, Role::Admin])
}

/// Sees every unit's points at the office: its editors, administrators, signers and readers.
pub fn sees_points_at(p: &Principal, office: i64) -> bool {
    holds_any(p, office, &SEES_POINTS)
}

/// Reads the office's reports (bulletins, lists, the assessment, every unit's points): those
/// who see its points there, and administrators of the office or above it.
pub fn reads_reports_at(p: &Principal, tree: &OrgTree, office: i64) -> bool {
    sees_points_at(p, office) || p.may_administer(tree, UnitId(office))
}

/// Sets the office's scoring scheme: administrators of the office or above it.
pub fn sets_scheme_at(p: &Principal, tree: &OrgTree, office: i64) -> bool {
    p.may_administer(tree, UnitId(office))
}

/// Holds any role in the unit: sees its own progress and points.
pub fn belongs_to(p: &Principal, unit: i64) -> bool {
    !p.roles_in(unit).is_empty()
}

/// The office whose points a principal sees first: the office of their first grant that lets
/// them see every unit's points there. An office's own information officer has none, and is
/// scored as a unit under the office above.
pub fn own_scoring_office(p: &Principal, is_office: impl Fn(i64) -> bool) -> Option<i64> {
    p.grants
        .iter()
        .find(|g| is_office(g.unit_id.0) && SEES_POINTS.contains(&g.role))
        .map(|g| g.unit_id.0)
}

/// An editor anywhere: may create periodicals.
pub fn edits_anywhere(p: &Principal) -> bool {
    p.has_role(Role::Editor)
}

/// The first office where the principal is an editor.
pub fn first_editing_office(p: &Principal) -> Option<i64> {
    p.units_with(Role::Editor).first().map(|u| u.0)
}

/// Opens the people pages: system and security administrators.
pub fn manages_people(p: &Principal) -> bool {
    p.has_role(Role::Admin) || p.has_role(Role::SecurityAdmin)
}

#[cfg(test)]
#[path = "scope_tests.rs"]
mod tests;
