//! Turning checked roster rows into a plan, resolving parents by name in the file and in
//! the existing organisation, and ordering new units parents-first.

use super::{Problem, RawRow, RowError};
use crate::ids::UnitId;
use crate::person::{validate_person_name, validate_phone, validate_username};
use crate::role::{Role, SignerLevel};
use crate::roster::Column;
use crate::unit::{OfficeLevel, UnitKind, validate_unit_name};
use std::collections::HashMap;

/// A unit already in the database, as the plan needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingUnit {
    pub id: UnitId,
    pub name: String,
    pub parent_id: Option<UnitId>,
    pub kind: UnitKind,
}

/// The organisation before the import.
#[derive(Debug, Clone, Default)]
pub struct ExistingOrg {
    pub units: Vec<ExistingUnit>,
    /// username → name of people who already have an account.
    pub people: HashMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitRef {
    Existing(UnitId),
    /// Index into `RosterPlan::new_units`.
    New(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub line: usize,
    pub name: String,
    pub parent: Option<UnitRef>,
    pub kind: UnitKind,
    pub office_level: Option<OfficeLevel>,
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub line: usize,
    pub username: String,
    pub name: String,
    pub phone: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGrant {
    pub line: usize,
    pub username: String,
    pub unit: UnitRef,
    pub role: Role,
    pub signer_level: Option<SignerLevel>,
}

/// What an import will create. New units are ordered so that parents come first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterPlan {
    pub new_units: Vec<NewUnit>,
    pub new_people: Vec<NewPerson>,
    pub grants: Vec<NewGrant>,
}

struct FileUnit {
    line: usize,
    name: String,
    parent_name: String,
    kind: UnitKind,
    level: Option<OfficeLevel>,
    section: Option<String>,
}

/// Checks every row and builds the plan, or returns every problem found.
pub fn plan_import(rows: &[RawRow], existing: &ExistingOrg) -> Result<RosterPlan, Vec<RowError>> {
    let mut errors = Vec::new();
    if rows.is_empty() {
        return Err(vec![RowError {
            line: 1,
            problem: Problem::Empty,
        }]);
    }
    let mut err = |line: usize, problem: Problem| errors.push(RowError { line, problem });

    // 1. Units named in the file, keyed by (name, parent name).
    let mut file_units: Vec<FileUnit> = Vec::new();
    let mut row_unit: Vec<Option<usize>> = vec![None; rows.len()];
    for (ri, row) in rows.iter().enumerate() {
        let Ok(name) = validate_unit_name(row.get(Column::Unit)) else {
            err(
                row.line,
                Problem::Required {
                    column: Column::Unit,
                },
            );
            continue;
        };
        let parent_name = row.get(Column::Parent).to_string();
        let kind_text = row.get(Column::Kind);
        let kind = if kind_text.is_empty() {
            None
        } else {
            UnitKind::parse_roster(kind_text)
        };
        if !kind_text.is_empty() && kind.is_none() {
            err(
                row.line,
                Problem::BadKind {
                    value: kind_text.to_string(),
                },
            );
            continue;
        }
        let level_text = row.get(Column::OfficeLevel);
        let level = parse_level(level_text);
        if !level_text.is_empty() && level.is_none() {
            err(
                row.line,
                Problem::BadOfficeLevel {
                    value: level_text.to_string(),
                },
            );
            continue;
        }
        let section = Some(row.get(Column::Section).to_string()).filter(|s| !s.is_empty());
        if let Some(i) = file_units
            .iter()
            .position(|u| u.name == name && u.parent_name == parent_name)
        {
            if kind.is_some_and(|k| k != file_units[i].kind) {
                err(row.line, Problem::KindConflict);
                continue;
            }
            row_unit[ri] = Some(i);
            continue;
        }
        let existing_kind = find_existing(existing, &name, &parent_name).map(|u| u.kind);
        let Some(kind) = kind.or(existing_kind) else {
            err(
                row.line,
                Problem::Required {
                    column: Column::Kind,
                },
            );
            continue;
        };
        row_unit[ri] = Some(file_units.len());
        file_units.push(FileUnit {
            line: row.line,
            name,
            parent_name,
            kind,
            level,
            section,
        });
    }

    // 2. Resolve each file unit to an existing unit or a new one.
    let mut refs: Vec<UnitRef> = Vec::new();
    let mut new_units: Vec<NewUnit> = Vec::new();
    let mut new_index_of: HashMap<usize, usize> = HashMap::new();
    for (i, fu) in file_units.iter().enumerate() {
        if let Some(u) = find_existing(existing, &fu.name, &fu.parent_name) {
            refs.push(UnitRef::Existing(u.id));
        } else {
            new_index_of.insert(i, new_units.len());
            refs.push(UnitRef::New(new_units.len()));
            new_units.push(NewUnit {
                line: fu.line,
                name: fu.name.clone(),
                parent: None,
                kind: fu.kind,
                office_level: fu.level,
                section: fu.section.clone(),
            });
        }
    }
    for (i, fu) in file_units.iter().enumerate() {
        let Some(&ni) = new_index_of.get(&i) else {
            continue;
        };
        if fu.parent_name.is_empty() {
            continue;
        }
        let mut candidates: Vec<UnitRef> = file_units
            .iter()
            .enumerate()
            .filter(|(_, o)| o.name == fu.parent_name)
            .map(|(j, _)| refs[j])
            .chain(
                existing
                    .units
                    .iter()
                    .filter(|u| u.name == fu.parent_name)
                    .map(|u| UnitRef::Existing(u.id)),
            )
            .collect();
        candidates.sort_by_key(|r| format!("{r:?}"));
        candidates.dedup();
        match candidates.as_slice() {
            [one] => new_units[ni].parent = Some(*one),
            [] => err(
                fu.line,
                Problem::ParentNotFound {
                    value: fu.parent_name.clone(),
                },
            ),
            _ => err(
                fu.line,
                Problem::ParentAmbiguous {
                    value: fu.parent_name.clone(),
                },
            ),
        }
    }
    let order = match topo_order(&new_units) {
        Ok(o) => o,
        Err(line) => {
            err(line, Problem::Cycle);
            Vec::new()
        }
    };

    // 3. People and their roles.
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
            continue;
        };
        let Ok(phone) = validate_phone(row.get(Column::Phone)) else {
            err(
                row.line,
                Problem::BadPhone {
                    value: row.get(Column::Phone).to_string(),
                },
            );
            continue;
        };
        if existing.people.get(&username).is_some_and(|n| *n != name) {
            err(row.line, Problem::UsernameTaken { username });
            continue;
        }
        match people.iter().find(|p| p.username == username) {
            Some(p) if p.name != name => {
                err(row.line, Problem::NameConflict { username });
                continue;
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
        if roles_text.is_empty() {
            err(
                row.line,
                Problem::Required {
                    column: Column::Roles,
                },
            );
            continue;
        }
        for part in roles_text
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
            if role.office_only() && unit_kind(unit) != Some(UnitKind::Office) {
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
                username: username.clone(),
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
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    Ok(reorder(
        RosterPlan {
            new_units,
            new_people: people,
            grants,
        },
        &order,
    ))
}

fn parse_level(text: &str) -> Option<OfficeLevel> {
    OfficeLevel::from_code(text).or(match text {
        "省级" | "省" => Some(OfficeLevel::Province),
        "市级" | "市" => Some(OfficeLevel::City),
        "县级" | "县" | "区" | "县(区)级" => Some(OfficeLevel::County),
        _ => None,
    })
}

fn find_existing<'a>(
    existing: &'a ExistingOrg,
    name: &str,
    parent_name: &str,
) -> Option<&'a ExistingUnit> {
    existing.units.iter().find(|u| {
        u.name == name
            && match u.parent_id {
                None => parent_name.is_empty(),
                Some(p) => existing
                    .units
                    .iter()
                    .any(|x| x.id == p && x.name == parent_name),
            }
    })
}

/// Parents-first order of new units, or the line of a unit caught in a cycle.
fn topo_order(units: &[NewUnit]) -> Result<Vec<usize>, usize> {
    let mut order = Vec::with_capacity(units.len());
    let mut placed = vec![false; units.len()];
    while order.len() < units.len() {
        let before = order.len();
        for (i, u) in units.iter().enumerate() {
            let ready = match u.parent {
                Some(UnitRef::New(p)) => placed[p],
                _ => true,
            };
            if !placed[i] && ready {
                placed[i] = true;
                order.push(i);
            }
        }
        if order.len() == before {
            let stuck = units
                .iter()
                .enumerate()
                .find(|(i, _)| !placed[*i])
                .map(|(_, u)| u.line);
            return Err(stuck.unwrap_or(1));
        }
    }
    Ok(order)
}

/// Applies the parents-first order, renumbering every `UnitRef::New`.
fn reorder(plan: RosterPlan, order: &[usize]) -> RosterPlan {
    let mut new_pos = vec![0; order.len()];
    for (pos, &old) in order.iter().enumerate() {
        new_pos[old] = pos;
    }
    let fix = |r: UnitRef| match r {
        UnitRef::New(i) => UnitRef::New(new_pos[i]),
        e => e,
    };
    let new_units = order
        .iter()
        .map(|&i| {
            let mut u = plan.new_units[i].clone();
            u.parent = u.parent.map(fix);
            u
        })
        .collect();
    let grants = plan.grants.into_iter().map(|mut g| {
        g.unit = fix(g.unit);
        g
    });
    RosterPlan {
        new_units,
        new_people: plan.new_people,
        grants: grants.collect(),
    }
}

#[cfg(test)]
mod tests;
