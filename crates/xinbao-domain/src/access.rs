//! Who may do what: a signed-in principal and the checks made against its roles and units.
//! Deny by default: every check answers `false` unless a grant says otherwise.

use crate::ids::{PersonId, UnitId};
use crate::org::OrgTree;
use crate::role::{Role, RoleGrant};

/// The person behind a request, with their active role grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub person_id: PersonId,
    pub username: String,
    pub grants: Vec<RoleGrant>,
}

impl Principal {
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// The roles held in one unit.
    pub fn roles_in(&self, unit: i64) -> Vec<Role> {
        self.grants
            .iter()
            .filter(|g| g.unit_id.0 == unit)
            .map(|g| g.role)
            .collect()
    }

    pub fn units_with(&self, role: Role) -> Vec<UnitId> {
        let mut v: Vec<UnitId> = self
            .grants
            .iter()
            .filter(|g| g.role == role)
            .map(|g| g.unit_id)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Administrators manage their unit and everything below it.
    pub fn may_administer(&self, tree: &OrgTree, unit: UnitId) -> bool {
        self.units_with(Role::Admin)
            .into_iter()
            .any(|root| tree.is_within(unit, root))
    }

    /// May place a new top-level unit (no parent): only an administrator of a top-level unit.
    pub fn may_administer_top(&self, tree: &OrgTree) -> bool {
        self.units_with(Role::Admin)
            .into_iter()
            .any(|root| tree.get(root).is_some_and(|n| n.parent_id.is_none()))
    }

    /// May this principal see the people list and audit log at all?
    pub fn is_admin(&self) -> bool {
        self.has_role(Role::Admin)
    }

    /// The distinct roles held, in a stable order: drives navigation and the home page.
    pub fn roles(&self) -> Vec<Role> {
        let mut v: Vec<Role> = self.grants.iter().map(|g| g.role).collect();
        v.sort();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::OrgNode;
    use crate::unit::UnitKind;

    fn tree() -> OrgTree {
        let n = |id: i64, p: Option<i64>| OrgNode {
            id: UnitId(id),
            parent_id: p.map(UnitId),
            kind: UnitKind::Office,
            report_to_id: None,
            active: true,
        };
        OrgTree::new([n(1, None), n(2, Some(1)), n(3, Some(2)), n(4, Some(1))])
    }

    fn principal(grants: &[(i64, Role)]) -> Principal {
        Principal {
            person_id: PersonId(7),
            username: "u".into(),
            grants: grants
                .iter()
                .map(|(u, r)| RoleGrant {
                    person_id: PersonId(7),
                    unit_id: UnitId(*u),
                    role: *r,
                    signer_level: None,
                })
                .collect(),
        }
    }

    #[test]
    fn an_administrator_manages_their_subtree_only() {
        let p = principal(&[(2, Role::Admin)]);
        let t = tree();
        assert!(p.may_administer(&t, UnitId(2)));
        assert!(p.may_administer(&t, UnitId(3)));
        assert!(!p.may_administer(&t, UnitId(1)));
        assert!(!p.may_administer(&t, UnitId(4)));
        assert!(!p.may_administer_top(&t));
    }

    #[test]
    fn other_roles_administer_nothing() {
        let t = tree();
        for r in [
            Role::Officer,
            Role::Editor,
            Role::Signer,
            Role::Reader,
            Role::UnitLeader,
        ] {
            let p = principal(&[(1, r)]);
            assert!(!p.may_administer(&t, UnitId(1)));
            assert!(!p.is_admin());
        }
    }

    #[test]
    fn a_root_administrator_may_create_top_level_units() {
        assert!(principal(&[(1, Role::Admin)]).may_administer_top(&tree()));
    }
}
