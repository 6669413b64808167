//! Turning checked roster rows into a plan, resolving parents by name in the file and in
//! the existing organisation, and ordering new units parents-first.

mod people;
mod units;

use super::{Problem, RawRow, RowError};
use crate::ids::UnitId;
use crate::role::{Role, SignerLevel};
use crate::unit::{OfficeLevel, UnitKind};
use std::collections::HashMap;
use units::{UnitResolution, collect_file_units, link_parents, reorder, resolve_units, topo_order};

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

/// Checks every row and builds the plan, or returns every problem found.
pub fn plan_import(rows: &[RawRow], existing: &ExistingOrg) -> Result<RosterPlan, Vec<RowError>> {
    let mut errors = Vec::new();
    if rows.is_empty() {
        return Err(vec![RowError {
            line: 1,
            problem: Problem::Empty,
        }]);
    }

    // 1. Units named in the file, keyed by (name, parent name).
    let (file_units, row_unit) = collect_file_units(rows, existing, &mut errors);

    // 2. Resolve each file unit to an existing unit or a new one.
    let UnitResolution {
        refs,
        mut new_units,
        new_index_of,
    } = resolve_units(&file_units, existing);
    link_parents(
        &file_units,
        &refs,
        &new_index_of,
        existing,
        &mut new_units,
        &mut errors,
    );
    let order = match topo_order(&new_units) {
        Ok(o) => o,
        Err(line) => {
            errors.push(RowError {
                line,
                problem: Problem::Cycle,
            });
            Vec::new()
        }
    };

    // 3. People and their roles.
    let (people, grants) =
        people::collect_people(rows, &row_unit, &refs, &new_units, existing, &mut errors);
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

#[cfg(test)]
mod tests;
