use super::*;
use crate::access::testing::principal;

#[test]
fn office_rules_per_role() {
    use Role::*;
    // (role at office 1, edits, signs, instructs, corrects points, sees points)
    let table = [
        (Officer, [false, false, false, false, false]),
        (UnitLeader, [false, false, false, false, false]),
        (PrincipalLeader, [false, false, false, false, false]),
        (Editor, [true, false, true, true, true]),
        (Signer, [false, true, true, false, true]),
        (Reader, [false, false, true, false, true]),
        (Admin, [false, false, false, true, true]),
        (SecurityAdmin, [false, false, false, false, false]),
        (Auditor, [false, false, false, false, false]),
    ];
    for (role, want) in table {
        let p = principal(&[(1, role)]);
        let got = [
            edits_at(&p, 1),
            signs_at(&p, 1),
            instructs_at(&p, 1),
            corrects_points_at(&p, 1),
            sees_points_at(&p, 1),
        ];
        assert_eq!(got, want, "{role:?}");
        // Roles count only where they are held.
        assert!(!instructs_at(&p, 2) && !sees_points_at(&p, 2), "{role:?}");
    }
}

#[test]
fn own_scoring_office_is_the_first_seeing_grant_at_an_office() {
    let offices = |u: i64| u < 10;
    let p = principal(&[
        (20, Role::Editor),
        (3, Role::Officer),
        (4, Role::Reader),
        (3, Role::Editor),
    ]);
    assert_eq!(own_scoring_office(&p, offices), Some(4));
    assert_eq!(
        own_scoring_office(&principal(&[(3, Role::Officer)]), offices),
        None
    );
}

#[test]
fn people_pages_and_editors() {
    assert!(manages_people(&principal(&[(1, Role::SecurityAdmin)])));
    assert!(manages_people(&principal(&[(1, Role::Admin)])));
    assert!(!manages_people(&principal(&[(1, Role::Auditor)])));
    let p = principal(&[(9, Role::Editor), (4, Role::Editor)]);
    assert!(edits_anywhere(&p));
    assert_eq!(first_editing_office(&p), Some(4));
}

#[test]
fn reports_are_read_by_those_who_see_points_and_administrators_above() {
    use crate::UnitKind;
    // 1 province office > 2 city office > 3 department of the city
    let tree = crate::access::testing::tree(&[
        (1, None, UnitKind::Office),
        (2, Some(1), UnitKind::Office),
        (3, Some(2), UnitKind::Department),
    ]);
    // (grant, reads 2's reports, sets 2's scheme)
    let table = [
        ((2, Role::Reader), true, false),
        ((2, Role::Signer), true, false),
        ((2, Role::Editor), true, false),
        ((2, Role::Admin), true, true),
        ((1, Role::Admin), true, true),
        ((3, Role::Admin), false, false),
        ((1, Role::Editor), false, false),
        ((2, Role::Officer), false, false),
    ];
    for ((unit, role), reads, sets) in table {
        let p = principal(&[(unit, role)]);
        assert_eq!(reads_reports_at(&p, &tree, 2), reads, "{role:?} at {unit}");
        assert_eq!(sets_scheme_at(&p, &tree, 2), sets, "{role:?} at {unit}");
    }
    assert!(belongs_to(&principal(&[(3, Role::Officer)]), 3));
    assert!(!belongs_to(&principal(&[(3, Role::Officer)]), 2));
}
