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
#[path = "org_tests.rs"]
mod tests;
