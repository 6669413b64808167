//! The units of a roster plan: units named in the file, resolved against the existing
//! organisation, linked to their parents and put in parents-first order.

use super::{ExistingOrg, ExistingUnit, NewUnit, RosterPlan, UnitRef};
use crate::roster::{Column, Problem, RawRow, RowError};
use crate::unit::{OfficeLevel, UnitKind, validate_unit_name};
use std::collections::HashMap;

pub(super) struct FileUnit {
    line: usize,
    name: String,
    parent_name: String,
    kind: UnitKind,
    level: Option<OfficeLevel>,
    section: Option<String>,
}

/// Units named in the file, keyed by (name, parent name), and the file unit of each row.
pub(super) fn collect_file_units(
    rows: &[RawRow],
    existing: &ExistingOrg,
    errors: &mut Vec<RowError>,
) -> (Vec<FileUnit>, Vec<Option<usize>>) {
    let mut err = |line: usize, problem: Problem| errors.push(RowError { line, problem });
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
        let Some((kind, level)) = row_kind_and_level(row, &mut err) else {
            continue;
        };
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
    (file_units, row_unit)
}

/// The kind and office level a row gives, each optional, or `None` after reporting a bad one.
fn row_kind_and_level(
    row: &RawRow,
    err: &mut impl FnMut(usize, Problem),
) -> Option<(Option<UnitKind>, Option<OfficeLevel>)> {
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
        return None;
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
        return None;
    }
    Some((kind, level))
}

/// Each file unit as an existing unit or a new one, and where the new ones sit.
pub(super) struct UnitResolution {
    pub(super) refs: Vec<UnitRef>,
    pub(super) new_units: Vec<NewUnit>,
    /// File unit index → index into `new_units`.
    pub(super) new_index_of: HashMap<usize, usize>,
}

/// Resolves each file unit to an existing unit or a new one (without parents yet).
pub(super) fn resolve_units(file_units: &[FileUnit], existing: &ExistingOrg) -> UnitResolution {
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
    UnitResolution {
        refs,
        new_units,
        new_index_of,
    }
}

/// Gives each new unit its parent, found by name in the file or the existing organisation.
pub(super) fn link_parents(
    file_units: &[FileUnit],
    refs: &[UnitRef],
    new_index_of: &HashMap<usize, usize>,
    existing: &ExistingOrg,
    new_units: &mut [NewUnit],
    errors: &mut Vec<RowError>,
) {
    let mut err = |line: usize, problem: Problem| errors.push(RowError { line, problem });
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
pub(super) fn topo_order(units: &[NewUnit]) -> Result<Vec<usize>, usize> {
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
pub(super) fn reorder(plan: RosterPlan, order: &[usize]) -> RosterPlan {
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
