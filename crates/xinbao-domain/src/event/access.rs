//! Who sees a sudden event and who reports on it: pure rules over the roles held and the tree.

use crate::access::Principal;
use crate::ids::UnitId;
use crate::org::OrgTree;
use crate::role::Role;

/// Sees the event as its office does (every unit asked): anyone holding a role at the office,
/// and administrators of the office or above it.
pub fn sees_as_office(p: &Principal, tree: &OrgTree, office: i64) -> bool {
    !p.roles_in(office).is_empty() || p.may_administer(tree, UnitId(office))
}

/// Reports for a unit: its officer or one of its leaders, or — when a lower office is asked —
/// that office's editor.
pub fn writes_for(p: &Principal, unit: i64) -> bool {
    p.roles_in(unit).iter().any(|r| {
        matches!(
            r,
            Role::Officer | Role::UnitLeader | Role::PrincipalLeader | Role::Editor
        )
    })
}

/// The units of an event (office `office`, units `asked`) whose part the principal sees:
/// every one from the office's side, else those they belong to. None: the event is not theirs.
pub fn visible_units(p: &Principal, tree: &OrgTree, office: i64, asked: &[i64]) -> Vec<i64> {
    let office_side = sees_as_office(p, tree, office);
    asked
        .iter()
        .copied()
        .filter(|u| office_side || !p.roles_in(*u).is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UnitKind;
    use crate::access::testing::principal;

    fn tree() -> OrgTree {
        // 1 county office > 2 township, 3 township
        crate::access::testing::tree(&[
            (1, None, UnitKind::Office),
            (2, Some(1), UnitKind::Township),
            (3, Some(1), UnitKind::Township),
        ])
    }

    #[test]
    fn the_office_sees_every_unit_asked_and_a_unit_only_its_own_part() {
        let t = tree();
        // (grant, units of an event of office 1 asking 2 and 3 that the holder sees)
        let table: [((i64, Role), &[i64]); 6] = [
            ((1, Role::Editor), &[2, 3]),
            ((1, Role::Reader), &[2, 3]),
            ((1, Role::Admin), &[2, 3]),
            ((2, Role::Officer), &[2]),
            ((2, Role::Admin), &[2]),
            ((3, Role::UnitLeader), &[3]),
        ];
        for ((unit, role), want) in table {
            let p = principal(&[(unit, role)]);
            assert_eq!(
                visible_units(&p, &t, 1, &[2, 3]),
                want,
                "{role:?} at {unit}"
            );
        }
        let other = principal(&[(9, Role::Officer)]);
        assert!(visible_units(&other, &t, 1, &[2, 3]).is_empty());
    }

    #[test]
    fn officers_leaders_and_a_lower_offices_editor_report_but_not_readers() {
        for (role, writes) in [
            (Role::Officer, true),
            (Role::UnitLeader, true),
            (Role::PrincipalLeader, true),
            (Role::Editor, true),
            (Role::Reader, false),
            (Role::Signer, false),
            (Role::Admin, false),
        ] {
            assert_eq!(writes_for(&principal(&[(2, role)]), 2), writes, "{role:?}");
        }
        assert!(!writes_for(&principal(&[(3, Role::Officer)]), 2));
    }
}
