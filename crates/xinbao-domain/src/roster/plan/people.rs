//! The people of a roster plan and the roles each row grants them.

use super::{ExistingOrg, NewGrant, NewPerson, NewUnit, UnitRef};
use crate::person::{validate_person_name, validate_phone, validate_username};
use crate::role::Role;
use crate::roster::{Column, Problem, RawRow, RowError};
use crate::unit::UnitKind;

/// People to create and roles to grant, from every row whose unit resolved.
pub(super) fn collect_people(
    rows: &[RawRow],
    row_unit: &[Option<usize>],
    refs: &[UnitRef],
    new_units: &[NewUnit],
    existing: &ExistingOrg,
    errors: &mut Vec<RowError>,
) -> (Vec<NewPerson>, Vec<NewGrant>) {
    let mut err = |line: usize, problem: Problem| errors.push(RowError { line, problem });
    let unit_kind = |r: UnitRef| match r {
        UnitRef::New(i) => Some(new_units[i].kind),
        UnitRef::Existing(id) => existing.units.iter().find(|u| u.id == id).map(|u| u.kind),
    };
    let mut people: Vec<NewPerson> = Vec::new();
    let mut grants: Vec<NewGrant> = Vec::new();
    for (ri, row) in rows.iter().enumerate() {
        let name_text = row.get(Column::Name);
        let user_text = row.get(Column::Username);
        let roles_text = row.get(Column::Roles);
        if name_text.is_empty() && user_text.is_empty() && roles_text.is_empty() {
            continue;
        }
        let Some(unit) = row_unit[ri].map(|i| refs[i]) else {
            continue;
        };
        let Some(username) = row_person(row, existing, &mut people, &mut err) else {
            continue;
        };
        if roles_text.is_empty() {
            err(
                row.line,
                Problem::Required {
                    column: Column::Roles,
                },
            );
            continue;
        }
        row_grants(row, &username, unit, unit_kind(unit), &mut grants, &mut err);
    }
    (people, grants)
}

/// Checks the person a row names and adds them if new; their username, or `None` after
/// reporting a problem.
fn row_person(
    row: &RawRow,
    existing: &ExistingOrg,
    people: &mut Vec<NewPerson>,
    err: &mut impl FnMut(usize, Problem),
) -> Option<String> {
    let name_text = row.get(Column::Name);
    let user_text = row.get(Column::Username);
    let (Ok(name), Ok(username)) = (
        validate_person_name(name_text),
        validate_username(user_text),
    ) else {
        if validate_person_name(name_text).is_err() {
            err(
                row.line,
                if name_text.is_empty() {
                    Problem::Required {
                        column: Column::Name,
                    }
                } else {
                    Problem::BadName
                },
            );
        }
        if validate_username(user_text).is_err() {
            err(
                row.line,
                if user_text.is_empty() {
                    Problem::Required {
                        column: Column::Username,
                    }
                } else {
                    Problem::BadUsername {
                        value: user_text.to_string(),
                    }
                },
            );
        }
        return None;
    };
    let Ok(phone) = validate_phone(row.get(Column::Phone)) else {
        err(
            row.line,
            Problem::BadPhone {
                value: row.get(Column::Phone).to_string(),
            },
        );
        return None;
    };
    if existing.people.get(&username).is_some_and(|n| *n != name) {
        err(row.line, Problem::UsernameTaken { username });
        return None;
    }
    match people.iter().find(|p| p.username == username) {
        Some(p) if p.name != name => {
            err(row.line, Problem::NameConflict { username });
            return None;
        }
        Some(_) => {}
        None if existing.people.contains_key(&username) => {}
        None => people.push(NewPerson {
            line: row.line,
            username: username.clone(),
            name,
            phone,
            title: Some(row.get(Column::Title).to_string()).filter(|s| !s.is_empty()),
        }),
    }
    Some(username)
}

/// Adds the grants a row's roles column asks for, reporting each bad role.
fn row_grants(
    row: &RawRow,
    username: &str,
    unit: UnitRef,
    unit_kind: Option<UnitKind>,
    grants: &mut Vec<NewGrant>,
    err: &mut impl FnMut(usize, Problem),
) {
    for part in row
        .get(Column::Roles)
        .split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let Some((role, level)) = Role::parse_roster(part) else {
            err(
                row.line,
                Problem::BadRole {
                    value: part.to_string(),
                },
            );
            continue;
        };
        if role.office_only() && unit_kind != Some(UnitKind::Office) {
            err(
                row.line,
                Problem::RoleNeedsOffice {
                    role: part.to_string(),
                },
            );
            continue;
        }
        if role == Role::Signer && level.is_none() {
            err(row.line, Problem::SignerNeedsLevel);
            continue;
        }
        let g = NewGrant {
            line: row.line,
            username: username.to_string(),
            unit,
            role,
            signer_level: level,
        };
        if !grants
            .iter()
            .any(|x| x.username == g.username && x.unit == g.unit && x.role == g.role)
        {
            grants.push(g);
        }
    }
}
