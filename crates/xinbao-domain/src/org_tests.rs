//! Tests of the organisation tree: reporting offices, moves, subtrees and vacancies.

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
