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

    /// Reads the organisation (units, their names and places in the tree): anyone holding a
    /// role, since units address each other by name; someone whose roles all ended may not.
    pub fn reads_organisation(&self) -> bool {
        !self.grants.is_empty()
    }

    /// May place a new top-level unit (no parent): only an administrator of a top-level unit.
    pub fn may_administer_top(&self, tree: &OrgTree) -> bool {
        self.units_with(Role::Admin)
            .into_iter()
            .any(|root| tree.get(root).is_some_and(|n| n.parent_id.is_none()))
    }

    /// Is this principal a system administrator (units, people, settings) anywhere?
    pub fn is_admin(&self) -> bool {
        self.has_role(Role::Admin)
    }

    /// Security administrators grant and revoke roles in their unit and everything below it
    /// (三员分立: not the system administrator, and never to themselves).
    pub fn may_grant_in(&self, tree: &OrgTree, unit: UnitId) -> bool {
        self.units_with(Role::SecurityAdmin)
            .into_iter()
            .any(|root| tree.is_within(unit, root))
    }

    /// The security policy (second factor required of administrators …) is the top office's
    /// security administrator's to set.
    pub fn may_set_security_policy(&self, tree: &OrgTree) -> bool {
        self.units_with(Role::SecurityAdmin)
            .into_iter()
            .any(|root| tree.get(root).is_some_and(|n| n.parent_id.is_none()))
    }

    /// The audit trail is the audit administrator's to read and export (三员分立: not the
    /// system or security administrator's): the whole trail at the top office.
    pub fn may_read_audit(&self, tree: &OrgTree) -> bool {
        self.units_with(Role::Auditor)
            .into_iter()
            .any(|root| tree.get(root).is_some_and(|n| n.parent_id.is_none()))
    }

    /// The subtree whose people's trail an auditor below the top office reads (a city's
    /// auditor, the city's), if the principal is one.
    pub fn audits_subtree(&self) -> Option<UnitId> {
        self.units_with(Role::Auditor).into_iter().next()
    }

    /// May the principal give (or end) `role` in `unit` to the person `target`, whose roles
    /// now lie in `held`? 三员分立: the three administrative roles are the security
    /// administrator's to grant; business roles also the system administrator's, as part of
    /// managing people. Either way the unit and every role the person holds must lie in the
    /// grantor's subtree (no reaching into another city), and nobody grants to themselves.
    pub fn may_grant(
        &self,
        tree: &OrgTree,
        role: Role,
        unit: UnitId,
        target: PersonId,
        held: &[UnitId],
    ) -> bool {
        if target == self.person_id {
            return false;
        }
        let covers = |by: Role| {
            self.units_with(by).into_iter().any(|root| {
                tree.is_within(unit, root) && held.iter().all(|h| tree.is_within(*h, root))
            })
        };
        covers(Role::SecurityAdmin) || (!role.is_administrative() && covers(Role::Admin))
    }

    /// May the principal reset the password of (and so unlock) a person whose roles lie in
    /// `held`? The security administrator's, over their subtree, never their own.
    pub fn may_reset(&self, tree: &OrgTree, target: PersonId, held: &[UnitId]) -> bool {
        target != self.person_id
            && self
                .units_with(Role::SecurityAdmin)
                .into_iter()
                .any(|root| held.iter().all(|h| tree.is_within(*h, root)))
    }

    /// Does the principal hold any of the three administrative roles?
    pub fn is_administrative(&self) -> bool {
        self.grants.iter().any(|g| g.role.is_administrative())
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

    #[test]
    fn administrative_roles_are_granted_by_security_administrators_only() {
        let t = tree();
        let (someone, held) = (PersonId(9), [UnitId(3)]);
        let system = principal(&[(1, Role::Admin)]);
        assert!(system.may_grant(&t, Role::Officer, UnitId(3), someone, &held));
        assert!(!system.may_grant(&t, Role::Admin, UnitId(3), someone, &held));
        assert!(!system.may_grant(&t, Role::Auditor, UnitId(3), someone, &held));
        let security = principal(&[(1, Role::SecurityAdmin)]);
        assert!(security.may_grant(&t, Role::Admin, UnitId(3), someone, &held));
        assert!(!security.may_grant(&t, Role::Admin, UnitId(3), PersonId(7), &held));
        let auditor = principal(&[(1, Role::Auditor)]);
        assert!(!auditor.may_grant(&t, Role::Officer, UnitId(3), someone, &held));
        assert!(auditor.may_read_audit(&t) && !system.may_read_audit(&t));
        assert!(!security.may_read_audit(&t));
    }

    #[test]
    fn a_city_administrator_reaches_neither_another_city_nor_its_people() {
        let t = tree();
        let city = principal(&[(2, Role::Admin), (2, Role::SecurityAdmin)]);
        let other_city_person = [UnitId(4)];
        assert!(!city.may_grant(&t, Role::Officer, UnitId(4), PersonId(9), &[]));
        assert!(!city.may_grant(&t, Role::Admin, UnitId(3), PersonId(9), &other_city_person));
        assert!(city.may_grant(&t, Role::Admin, UnitId(3), PersonId(9), &[UnitId(3)]));
        assert!(!city.may_reset(&t, PersonId(9), &other_city_person));
        assert!(city.may_reset(&t, PersonId(9), &[UnitId(2)]));
        assert!(!city.may_set_security_policy(&t) && !city.may_read_audit(&t));
    }
}

/// Principals for the domain's table tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::Principal;
    use crate::ids::{PersonId, UnitId};
    use crate::role::{Role, RoleGrant};

    /// A person holding each `(unit, role)`.
    pub fn principal(roles: &[(i64, Role)]) -> Principal {
        Principal {
            person_id: PersonId(1),
            username: "p".into(),
            grants: roles
                .iter()
                .map(|(u, r)| RoleGrant {
                    person_id: PersonId(1),
                    unit_id: UnitId(*u),
                    role: *r,
                    signer_level: None,
                })
                .collect(),
        }
    }

    /// An organisation of active units `(id, parent, kind)`, none reporting elsewhere.
    pub fn tree(units: &[(i64, Option<i64>, crate::UnitKind)]) -> crate::org::OrgTree {
        crate::org::OrgTree::new(units.iter().map(|(id, parent, kind)| crate::org::OrgNode {
            id: UnitId(*id),
            parent_id: parent.map(UnitId),
            kind: *kind,
            report_to_id: None,
            active: true,
        }))
    }
}
