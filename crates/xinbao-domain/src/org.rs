//! The organisation tree: who reports to which office (DOMAIN.md §3), subtree checks for
//! scoped administration, and the three-level responsibility of a unit (DOMAIN.md §2).

use crate::ids::UnitId;
use crate::role::Role;
use crate::unit::UnitKind;
use std::collections::HashMap;
use thiserror::Error;

/// What the tree needs to know of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgNode {
    pub id: UnitId,
    pub parent_id: Option<UnitId>,
    pub kind: UnitKind,
    pub report_to_id: Option<UnitId>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OrgError {
    #[error("unit {0} does not exist")]
    UnknownUnit(UnitId),
    #[error("a unit cannot be placed under itself or its own subordinate")]
    Cycle,
    #[error("the direct-report target must be an office above the unit")]
    ReportTargetNotAnOfficeAbove,
    #[error("only an information direct-report point may report straight to a higher office")]
    NotADirectPoint,
    #[error("the parent unit is deactivated")]
    InactiveParent,
}

/// An in-memory view of the organisation.
#[derive(Debug, Clone, Default)]
pub struct OrgTree {
    nodes: HashMap<UnitId, OrgNode>,
}

impl OrgTree {
    pub fn new(nodes: impl IntoIterator<Item = OrgNode>) -> Self {
        OrgTree {
            nodes: nodes.into_iter().map(|n| (n.id, n)).collect(),
        }
    }

    pub fn get(&self, id: UnitId) -> Option<&OrgNode> {
        self.nodes.get(&id)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Units strictly above `id`, nearest first. Stops on a cycle rather than looping.
    pub fn ancestors(&self, id: UnitId) -> Vec<UnitId> {
        let mut out = Vec::new();
        let mut cur = self.nodes.get(&id).and_then(|n| n.parent_id);
        while let Some(p) = cur {
            if p == id || out.contains(&p) {
                break;
            }
            out.push(p);
            cur = self.nodes.get(&p).and_then(|n| n.parent_id);
        }
        out
    }

    /// Is `id` the same as `root` or below it?
    pub fn is_within(&self, id: UnitId, root: UnitId) -> bool {
        id == root || self.ancestors(id).contains(&root)
    }

    /// The nearest office strictly above the unit (the hub rule of seed 003).
    pub fn nearest_office_above(&self, id: UnitId) -> Option<UnitId> {
        self.ancestors(id)
            .into_iter()
            .find(|a| self.nodes.get(a).is_some_and(|n| n.kind.receives()))
    }

    /// Where the unit's items go: its configured higher office if it is a direct-report
    /// point, otherwise the nearest office above.
    pub fn reporting_office(&self, id: UnitId) -> Option<UnitId> {
        let node = self.nodes.get(&id)?;
        node.report_to_id.or_else(|| self.nearest_office_above(id))
    }

    /// Checks placing `unit` (None for a new unit) under `parent`.
    pub fn check_parent(
        &self,
        unit: Option<UnitId>,
        parent: Option<UnitId>,
    ) -> Result<(), OrgError> {
        let Some(parent) = parent else { return Ok(()) };
        let p = self
            .nodes
            .get(&parent)
            .ok_or(OrgError::UnknownUnit(parent))?;
        if !p.active {
            return Err(OrgError::InactiveParent);
        }
        if let Some(u) = unit
            && self.is_within(parent, u)
        {
            return Err(OrgError::Cycle);
        }
        Ok(())
    }

    /// Checks a direct-report configuration: only direct-report points, only to an office
    /// above the unit's parent.
    pub fn check_report_to(
        &self,
        kind: UnitKind,
        parent: Option<UnitId>,
        target: Option<UnitId>,
    ) -> Result<(), OrgError> {
        let Some(target) = target else { return Ok(()) };
        if kind != UnitKind::DirectPoint {
            return Err(OrgError::NotADirectPoint);
        }
        let t = self
            .nodes
            .get(&target)
            .ok_or(OrgError::UnknownUnit(target))?;
        let above: Vec<UnitId> = match parent {
            Some(p) => std::iter::once(p).chain(self.ancestors(p)).collect(),
            None => Vec::new(),
        };
        if !t.kind.receives() || !above.contains(&target) {
            return Err(OrgError::ReportTargetNotAnOfficeAbove);
        }
        Ok(())
    }

    /// The units below `root` (not including it), in no particular order.
    pub fn descendants(&self, root: UnitId) -> Vec<UnitId> {
        self.nodes
            .keys()
            .copied()
            .filter(|&id| id != root && self.is_within(id, root))
            .collect()
    }
}

/// The three-level responsibility of a unit (seed 002 §四): one leader in charge, one
/// responsible section, one or more information officers. A gap stays visible until filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Vacancies {
    pub leader: bool,
    pub section: bool,
    pub officer: bool,
}

impl Vacancies {
    pub fn of(roles: &[Role], responsible_section: Option<&str>) -> Self {
        Vacancies {
            leader: !roles.contains(&Role::UnitLeader),
            section: responsible_section.is_none_or(|s| s.trim().is_empty()),
            officer: !roles.contains(&Role::Officer),
        }
    }

    pub fn any(&self) -> bool {
        self.leader || self.section || self.officer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(id: i64, parent: Option<i64>, kind: UnitKind) -> OrgNode {
        OrgNode {
            id: UnitId(id),
            parent_id: parent.map(UnitId),
            kind,
            report_to_id: None,
            active: true,
        }
    }

    /// 1 province office > 2 city office > 3 county office > 4 township; 2 > 5 city dept;
    /// 3 > 6 direct point reporting to the province.
    fn tree() -> OrgTree {
        let mut point = n(6, Some(3), UnitKind::DirectPoint);
        point.report_to_id = Some(UnitId(1));
        OrgTree::new([
            n(1, None, UnitKind::Office),
            n(2, Some(1), UnitKind::Office),
            n(3, Some(2), UnitKind::Office),
            n(4, Some(3), UnitKind::Township),
            n(5, Some(2), UnitKind::Department),
            point,
        ])
    }

    #[test]
    fn every_unit_reports_to_the_nearest_office_above() {
        let t = tree();
        assert_eq!(t.reporting_office(UnitId(4)), Some(UnitId(3)));
        assert_eq!(t.reporting_office(UnitId(5)), Some(UnitId(2)));
        assert_eq!(t.reporting_office(UnitId(3)), Some(UnitId(2)));
        assert_eq!(t.reporting_office(UnitId(1)), None);
    }

    #[test]
    fn a_direct_report_point_reports_to_its_configured_office() {
        assert_eq!(tree().reporting_office(UnitId(6)), Some(UnitId(1)));
    }

    #[test]
    fn a_unit_cannot_move_under_its_own_subordinate() {
        let t = tree();
        assert_eq!(
            t.check_parent(Some(UnitId(2)), Some(UnitId(4))),
            Err(OrgError::Cycle)
        );
        assert_eq!(
            t.check_parent(Some(UnitId(2)), Some(UnitId(2))),
            Err(OrgError::Cycle)
        );
        assert_eq!(t.check_parent(Some(UnitId(5)), Some(UnitId(3))), Ok(()));
        assert_eq!(
            t.check_parent(None, Some(UnitId(99))),
            Err(OrgError::UnknownUnit(UnitId(99)))
        );
    }

    #[test]
    fn direct_report_targets_must_be_offices_above() {
        let t = tree();
        let dp = UnitKind::DirectPoint;
        assert_eq!(
            t.check_report_to(dp, Some(UnitId(3)), Some(UnitId(1))),
            Ok(())
        );
        assert_eq!(
            t.check_report_to(dp, Some(UnitId(3)), Some(UnitId(5))),
            Err(OrgError::ReportTargetNotAnOfficeAbove)
        );
        assert_eq!(
            t.check_report_to(UnitKind::Township, Some(UnitId(3)), Some(UnitId(1))),
            Err(OrgError::NotADirectPoint)
        );
    }

    #[test]
    fn subtrees_contain_their_descendants_only() {
        let t = tree();
        assert!(t.is_within(UnitId(4), UnitId(2)));
        assert!(!t.is_within(UnitId(5), UnitId(3)));
        let mut d = t.descendants(UnitId(3));
        d.sort();
        assert_eq!(d, vec![UnitId(4), UnitId(6)]);
    }

    use proptest::prelude::*;

    proptest! {
        /// Any sequence of moves the tree accepts leaves it a tree: no unit is its own ancestor,
        /// and every unit still reports to an office above it or to none.
        #[test]
        fn accepted_moves_never_make_a_cycle(
            parents in proptest::collection::vec(proptest::option::of(0usize..20), 20),
            moves in proptest::collection::vec((0usize..20, proptest::option::of(0usize..20)), 0..60),
        ) {
            // Start from a valid tree: each unit's parent has a smaller id.
            let mut nodes: Vec<OrgNode> = parents.iter().enumerate().map(|(i, p)| OrgNode {
                id: UnitId(i as i64),
                parent_id: p.filter(|p| *p < i).map(|p| UnitId(p as i64)),
                kind: if i % 3 == 0 { UnitKind::Office } else { UnitKind::Township },
                report_to_id: None,
                active: true,
            }).collect();
            for (unit, parent) in moves {
                let tree = OrgTree::new(nodes.clone());
                let parent = parent.map(|p| UnitId(p as i64));
                if tree.check_parent(Some(UnitId(unit as i64)), parent).is_ok() {
                    nodes[unit].parent_id = parent;
                }
            }
            let tree = OrgTree::new(nodes.clone());
            for n in &nodes {
                prop_assert!(!tree.ancestors(n.id).contains(&n.id));
                if let Some(o) = tree.reporting_office(n.id) {
                    prop_assert!(tree.ancestors(n.id).contains(&o));
                    prop_assert!(tree.get(o).is_some_and(|x| x.kind.receives()));
                }
            }
        }
    }

    #[test]
    fn vacancies_show_each_missing_level_of_responsibility() {
        let v = Vacancies::of(&[Role::Officer], None);
        assert!(v.leader && v.section && !v.officer);
        let full = Vacancies::of(&[Role::Officer, Role::UnitLeader], Some("综合科"));
        assert!(!full.any());
    }
}
