use super::*;
use crate::access::testing::principal;

fn codes(roles: &[(i64, Role)]) -> Vec<&'static str> {
    sections(&principal(roles))
        .into_iter()
        .map(Section::code)
        .collect()
}

#[test]
fn sections_per_role() {
    use Role::*;
    type Row = (&'static [(i64, Role)], &'static [&'static str]);
    let table: [Row; 8] = [
        (&[], &["home", "scores", "notifications", "account"]),
        (
            &[(5, Officer)],
            &[
                "home",
                "items",
                "events",
                "instructions",
                "scores",
                "notifications",
                "account",
            ],
        ),
        (
            &[(5, UnitLeader)],
            &[
                "home",
                "items",
                "signoffs",
                "events",
                "instructions",
                "scores",
                "notifications",
                "account",
            ],
        ),
        (
            &[(1, Editor)],
            &[
                "home",
                "inbox",
                "events",
                "ledger",
                "periodicals",
                "instructions",
                "scores",
                "notifications",
                "account",
            ],
        ),
        (
            &[(1, Signer)],
            &[
                "home",
                "signoffs",
                "periodicals",
                "scores",
                "notifications",
                "account",
            ],
        ),
        (
            &[(1, Reader)],
            &["home", "periodicals", "scores", "notifications", "account"],
        ),
        (
            &[(1, Admin), (1, SecurityAdmin)],
            &[
                "home",
                "scores",
                "notifications",
                "units",
                "people",
                "roster",
                "kinds",
                "calendar",
                "scoring",
                "deliveries",
                "account",
            ],
        ),
        (
            &[(1, SecurityAdmin), (1, Auditor)],
            &[
                "home",
                "scores",
                "notifications",
                "people",
                "audit",
                "account",
            ],
        ),
    ];
    for (roles, want) in table {
        assert_eq!(codes(roles), want, "{roles:?}");
    }
}

#[test]
fn a_principal_leader_writes_signs_and_reads() {
    let d = Duties::of(&principal(&[(5, Role::PrincipalLeader)]));
    assert!(d.writes && d.signs && d.unit_leader && d.reads_periodicals);
    assert!(!d.officer && !d.editor && !d.admin);
}

#[test]
fn writing_units_once_each_in_grant_order() {
    let p = principal(&[
        (7, Role::UnitLeader),
        (3, Role::Editor),
        (5, Role::Officer),
        (7, Role::Officer),
    ]);
    assert_eq!(writing_units(&p), vec![7, 5]);
}

#[test]
fn a_section_opens_exactly_for_those_whose_navigation_offers_it() {
    use Role::*;
    let admin = principal(&[(1, Admin)]);
    let security = principal(&[(1, SecurityAdmin)]);
    let editor = principal(&[(1, Editor)]);
    assert!(opens(&admin, Section::Roster) && opens(&admin, Section::Units));
    assert!(opens(&security, Section::People) && !opens(&security, Section::Roster));
    assert!(!opens(&editor, Section::People) && opens(&editor, Section::Inbox));
}

#[test]
fn only_system_administrators_operate_the_server_and_create_accounts() {
    use Role::*;
    let table = [
        (Admin, true),
        (SecurityAdmin, false),
        (Auditor, false),
        (Editor, false),
        (Officer, false),
    ];
    for (role, expected) in table {
        let p = principal(&[(1, role)]);
        assert_eq!(operates_server(&p), expected, "{role:?} operates");
        assert_eq!(creates_people(&p), expected, "{role:?} creates");
    }
}
