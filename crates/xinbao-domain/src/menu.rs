//! What a principal's pages offer: the sections of the navigation and the duties the home
//! page gathers work for. Pure functions of the roles held; the web only draws them.

use crate::access::Principal;
use crate::role::Role;

/// A section of the navigation, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Items,
    Inbox,
    Signoffs,
    Events,
    Ledger,
    Periodicals,
    Instructions,
    Scores,
    Notifications,
    Units,
    People,
    Roster,
    Kinds,
    Calendar,
    Scoring,
    Deliveries,
    Audit,
    Account,
}

impl Section {
    /// A stable code, the suffix of the section's `nav.` catalogue key.
    pub fn code(self) -> &'static str {
        match self {
            Section::Home => "home",
            Section::Items => "items",
            Section::Inbox => "inbox",
            Section::Signoffs => "signoffs",
            Section::Events => "events",
            Section::Ledger => "ledger",
            Section::Periodicals => "periodicals",
            Section::Instructions => "instructions",
            Section::Scores => "scores",
            Section::Notifications => "notifications",
            Section::Units => "units",
            Section::People => "people",
            Section::Roster => "roster",
            Section::Kinds => "kinds",
            Section::Calendar => "calendar",
            Section::Scoring => "scoring",
            Section::Deliveries => "deliveries",
            Section::Audit => "audit",
            Section::Account => "account",
        }
    }
}

/// The kinds of work a principal's roles give them, anywhere they hold them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Duties {
    /// 系统管理员.
    pub admin: bool,
    /// 信息员.
    pub officer: bool,
    /// Writes items for a unit: an information officer or one of its leaders.
    pub writes: bool,
    /// 分管领导 or 主要领导.
    pub unit_leader: bool,
    pub editor: bool,
    pub signer: bool,
    pub reader: bool,
    /// Gives sign-offs: a unit's leaders and an office's signers.
    pub signs: bool,
    /// Reads the office's periodicals.
    pub reads_periodicals: bool,
    pub security_admin: bool,
    pub auditor: bool,
}

/// Does `role` write items for its unit?
fn writes(role: Role) -> bool {
    matches!(
        role,
        Role::Officer | Role::UnitLeader | Role::PrincipalLeader
    )
}

impl Duties {
    pub fn of(p: &Principal) -> Duties {
        let has = |r: Role| p.has_role(r);
        Duties {
            admin: has(Role::Admin),
            officer: has(Role::Officer),
            writes: p.grants.iter().any(|g| writes(g.role)),
            unit_leader: has(Role::UnitLeader) || has(Role::PrincipalLeader),
            editor: has(Role::Editor),
            signer: has(Role::Signer),
            reader: has(Role::Reader),
            signs: has(Role::UnitLeader) || has(Role::PrincipalLeader) || has(Role::Signer),
            reads_periodicals: has(Role::Editor)
                || has(Role::Signer)
                || has(Role::Reader)
                || has(Role::PrincipalLeader),
            security_admin: has(Role::SecurityAdmin),
            auditor: has(Role::Auditor),
        }
    }
}

/// The navigation of a signed-in principal.
pub fn sections(p: &Principal) -> Vec<Section> {
    let d = Duties::of(p);
    let mut v = vec![Section::Home];
    let mut add = |on: bool, s: &[Section]| {
        if on {
            v.extend_from_slice(s);
        }
    };
    add(d.writes, &[Section::Items]);
    add(d.editor, &[Section::Inbox]);
    add(d.signs, &[Section::Signoffs]);
    add(d.writes || d.editor, &[Section::Events]);
    add(d.editor, &[Section::Ledger]);
    add(d.reads_periodicals, &[Section::Periodicals]);
    add(d.writes || d.editor, &[Section::Instructions]);
    add(true, &[Section::Scores, Section::Notifications]);
    add(
        d.admin,
        &[
            Section::Units,
            Section::People,
            Section::Roster,
            Section::Kinds,
            Section::Calendar,
            Section::Scoring,
            Section::Deliveries,
        ],
    );
    add(d.security_admin && !d.admin, &[Section::People]);
    add(d.auditor, &[Section::Audit]);
    add(true, &[Section::Account]);
    v
}

/// Does the principal's navigation offer `section`, so that its pages open for them?
pub fn opens(p: &Principal, section: Section) -> bool {
    sections(p).contains(&section)
}

/// Operates the server itself (its metrics; the test clock of the browser journeys): system
/// administrators.
pub fn operates_server(p: &Principal) -> bool {
    Duties::of(p).admin
}

/// Creates accounts: system administrators (security administrators grant roles, 三员分立).
pub fn creates_people(p: &Principal) -> bool {
    Duties::of(p).admin
}

/// The units a principal writes items for, in the order of their grants, each once.
pub fn writing_units(p: &Principal) -> Vec<i64> {
    let mut v: Vec<i64> = Vec::new();
    for g in p.grants.iter().filter(|g| writes(g.role)) {
        if !v.contains(&g.unit_id.0) {
            v.push(g.unit_id.0);
        }
    }
    v
}

/// Every role's code, for the forms that grant them.
pub fn role_codes() -> Vec<&'static str> {
    Role::ALL.iter().map(|r| r.code()).collect()
}

#[cfg(test)]
#[path = "menu_tests.rs"]
mod tests;
