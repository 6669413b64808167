use super::*;
use crate::ids::PersonId;
use crate::role::RoleGrant;
use ItemStatus::*;

// A city office (1) above a county office (2) above a township (3); a peer city office (9).
const CITY: i64 = 1;
const COUNTY: i64 = 2;
const TOWN: i64 = 3;
const PEER: i64 = 9;

fn tree() -> OrgTree {
    crate::access::testing::tree(&[
        (CITY, None, UnitKind::Office),
        (COUNTY, Some(CITY), UnitKind::Office),
        (TOWN, Some(COUNTY), UnitKind::Township),
        (PEER, None, UnitKind::Office),
    ])
}

fn who(grants: &[(i64, Role, Option<SignerLevel>)]) -> Principal {
    Principal {
        person_id: PersonId(7),
        username: "p".into(),
        grants: grants
            .iter()
            .map(|&(u, role, signer_level)| RoleGrant {
                person_id: PersonId(7),
                unit_id: UnitId(u),
                role,
                signer_level,
            })
            .collect(),
    }
}

fn item(unit: i64, office: i64, status: ItemStatus, importance: Importance) -> ItemFacts {
    ItemFacts {
        unit_id: unit,
        office_id: Some(office),
        status,
        importance,
        direct_report: false,
    }
}

fn officer() -> Principal {
    who(&[(TOWN, Role::Officer, None)])
}
fn town_leader() -> Principal {
    who(&[(TOWN, Role::UnitLeader, None)])
}
fn county_editor() -> Principal {
    who(&[(COUNTY, Role::Editor, None)])
}
fn county_chief() -> Principal {
    who(&[(COUNTY, Role::Signer, Some(SignerLevel::Section))])
}
fn county_head() -> Principal {
    who(&[(COUNTY, Role::Signer, Some(SignerLevel::Chief))])
}

#[test]
fn who_may_open_an_item_follows_where_it_is() {
    let t = tree();
    // (who, status, shared with, may view)
    let table: Vec<(Principal, ItemStatus, Vec<i64>, bool)> = vec![
        (officer(), Draft, vec![], true),
        (town_leader(), AwaitingSignoff, vec![], true),
        (county_editor(), Draft, vec![], false),
        (county_editor(), AwaitingSignoff, vec![], false),
        (county_editor(), Submitted, vec![], true),
        (county_editor(), Withdrawn, vec![], true),
        (who(&[(CITY, Role::Editor, None)]), Submitted, vec![], false),
        (who(&[(PEER, Role::Editor, None)]), Adopted, vec![], false),
        (
            who(&[(PEER, Role::Editor, None)]),
            Adopted,
            vec![PEER],
            true,
        ),
        (
            who(&[(PEER, Role::Reader, None)]),
            Adopted,
            vec![PEER],
            true,
        ),
        (who(&[]), Adopted, vec![], false),
    ];
    for (p, status, shared, expected) in table {
        let it = item(TOWN, COUNTY, status, Importance::General);
        assert_eq!(
            may_view(&p, &it, &shared, &t),
            expected,
            "{:?} {status:?} shared {shared:?}",
            p.grants
        );
    }
}

#[test]
fn the_actions_offered_depend_on_role_state_and_importance() {
    let t = tree();
    let rules = SignoffRules::default();
    // (who, status, importance, actions)
    let table: Vec<(Principal, ItemStatus, Importance, Vec<&str>)> = vec![
        (
            officer(),
            Draft,
            Importance::General,
            vec!["revise", "submit", "withdraw"],
        ),
        (
            officer(),
            AwaitingSignoff,
            Importance::Important,
            vec!["withdraw"],
        ),
        (
            town_leader(),
            AwaitingSignoff,
            Importance::Important,
            vec!["withdraw", "approve", "reject"],
        ),
        // The leader in charge may not approve what needs the principal leader.
        (
            town_leader(),
            AwaitingSignoff,
            Importance::Critical,
            vec!["withdraw"],
        ),
        (
            who(&[(TOWN, Role::PrincipalLeader, None)]),
            AwaitingSignoff,
            Importance::Critical,
            vec!["withdraw", "approve", "reject"],
        ),
        (officer(), Submitted, Importance::General, vec!["withdraw"]),
        (officer(), Adopted, Importance::General, vec![]),
        (county_editor(), Draft, Importance::General, vec![]),
        (county_editor(), Returned, Importance::General, vec![]),
        (
            county_editor(),
            Submitted,
            Importance::General,
            vec![
                "receive", "edit", "hold", "reserve", "return", "decline", "adopt", "merge",
            ],
        ),
        (
            county_editor(),
            OnHold,
            Importance::General,
            vec!["edit", "reserve", "return", "decline", "adopt", "merge"],
        ),
        (
            county_editor(),
            Adopted,
            Importance::General,
            vec!["edit", "merge", "forward", SHARE],
        ),
        (county_editor(), Forwarded, Importance::General, vec![SHARE]),
        (county_editor(), Merged, Importance::General, vec![SHARE]),
        (county_editor(), Declined, Importance::General, vec![]),
        (county_chief(), Submitted, Importance::General, vec![]),
    ];
    for (p, status, imp, expected) in table {
        let it = item(TOWN, COUNTY, status, imp);
        assert_eq!(
            allowed(&p, &it, &rules, &t),
            expected,
            "{:?} {status:?} {imp:?}",
            p.grants
        );
    }
}

#[test]
fn an_offices_own_item_is_signed_off_by_the_signer_of_the_level_its_importance_needs() {
    let t = tree();
    let rules = SignoffRules::default();
    let own = |importance, direct_report| ItemFacts {
        unit_id: COUNTY,
        office_id: Some(CITY),
        status: AwaitingSignoff,
        importance,
        direct_report,
    };
    let approves = |p: &Principal, it: &ItemFacts| allowed(p, it, &rules, &t).contains(&"approve");
    assert!(approves(&county_chief(), &own(Importance::General, false)));
    assert!(!approves(
        &county_chief(),
        &own(Importance::Critical, false)
    ));
    assert!(approves(&county_head(), &own(Importance::Critical, false)));
    // A first-receiver report goes to the top signer whatever its importance.
    assert!(!approves(&county_chief(), &own(Importance::General, true)));
    assert!(approves(&county_head(), &own(Importance::General, true)));
    // The office's editors and signers write its own items.
    assert!(is_writer(&county_editor(), COUNTY, &t));
    assert!(is_writer(&county_chief(), COUNTY, &t));
    assert!(!is_writer(&who(&[(TOWN, Role::Editor, None)]), TOWN, &t));
}

#[test]
fn a_submission_needs_a_signoff_only_where_the_writer_cannot_give_it() {
    let t = tree();
    let rules = SignoffRules::default();
    let needs = |p: &Principal, unit, imp| needs_signoff(p, unit, imp, false, &rules, &t);
    assert!(!needs(&officer(), TOWN, Importance::General));
    assert!(needs(&officer(), TOWN, Importance::Important));
    assert!(!needs(&town_leader(), TOWN, Importance::Important));
    assert!(needs(&town_leader(), TOWN, Importance::Critical));
    // An office's own item always needs a signer; the editor cannot give it.
    assert!(needs(&county_editor(), COUNTY, Importance::General));
    assert!(!needs(&county_chief(), COUNTY, Importance::General));
}
