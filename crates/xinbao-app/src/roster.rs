//! Roster import (名册导入) from .xlsx or .csv in one transaction, and the template file.
//! A bad file imports nothing and lists each bad row with its line number and reason.

mod file;
mod template;

pub use file::read_rows;
pub use template::{template_csv, template_xlsx};

use crate::audit::AuditEntry;
use crate::i18n::{tr, trf};
use crate::org::load_tree;
use crate::people::initial_password;
use crate::secret::hash_password;
use crate::{Actor, App, AppError, Result};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use xinbao_domain::UnitId;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::roster::{
    ExistingOrg, ExistingUnit, Problem, RawRow, RosterPlan, RowError, UnitRef, plan_import,
};
use xinbao_store::units::{self, UnitFields};
use xinbao_store::{Conn, people};

/// What an import created. Initial passwords are shown once, then only their hashes remain.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub units_created: usize,
    pub people_created: usize,
    pub roles_granted: usize,
    pub initial_passwords: Vec<InitialPassword>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InitialPassword {
    pub username: String,
    pub name: String,
    pub password: String,
}

/// Most rows one roster file may hold (each new person's password is hashed, ~20 ms each).
pub const MAX_ROWS: usize = 10_000;

/// A row error in the user's language: "第 3 行：上级单位“某县”不存在".
pub fn describe(locale: &str, e: &RowError) -> String {
    let reason = match &e.problem {
        Problem::Required { column } => trf(
            locale,
            "roster.problem.required",
            &[("column", column.header_zh())],
        ),
        Problem::MissingHeader { header } => trf(
            locale,
            "roster.problem.missing_header",
            &[("value", header)],
        ),
        Problem::BadKind { value }
        | Problem::BadOfficeLevel { value }
        | Problem::BadRole { value }
        | Problem::BadUsername { value }
        | Problem::BadPhone { value }
        | Problem::ParentNotFound { value }
        | Problem::ParentAmbiguous { value }
        | Problem::RoleNeedsOffice { role: value }
        | Problem::NameConflict { username: value }
        | Problem::UsernameTaken { username: value } => trf(
            locale,
            &format!("roster.problem.{}", problem_code(&e.problem)),
            &[("value", value)],
        ),
        other => tr(locale, &format!("roster.problem.{}", problem_code(other))),
    };
    trf(
        locale,
        "roster.row",
        &[("line", &e.line.to_string()), ("reason", &reason)],
    )
}

fn problem_code(p: &Problem) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_string))
        .unwrap_or_default()
}

impl App {
    /// Imports a roster in one transaction; every new unit must lie where the actor administers.
    pub async fn import_roster(&self, actor: &Actor, bytes: &[u8]) -> Result<ImportReport> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden);
        }
        let (bytes, limits) = (bytes.to_vec(), self.cfg.unzip);
        let rows = self
            .heavy(move || {
                if bytes.starts_with(b"PK\x03\x04") {
                    crate::check_package(&bytes, &limits)?;
                }
                read_rows(&bytes).map_err(AppError::Roster)
            })
            .await??;
        if rows.len() > MAX_ROWS {
            return Err(AppError::invalid("file", "too_many_rows"));
        }
        let (plan, passwords) = {
            let mut r = self.store.read().await?;
            let plan = self.plan(&mut r.conn(), actor, &rows).await?;
            let mut passwords = Vec::new();
            for _ in &plan.new_people {
                let pw = initial_password();
                passwords.push((pw.clone(), hash_password(pw).await?));
            }
            (plan, passwords)
        };
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let report = apply(&mut tx.conn(), &plan, &passwords, now)
            .await
            .map_err(|e| match e {
                AppError::Store(xinbao_store::StoreError::Duplicate(_)) => {
                    AppError::Conflict(crate::Conflict::RosterChangedMeanwhile)
                }
                other => other,
            })?;
        tx.audit(AuditEntry::by(actor, AuditAction::RosterImported)
            .detail(json!({ "units": report.units_created, "people": report.people_created, "roles": report.roles_granted })));
        tx.touched_sessions();
        tx.touched_org();
        tx.commit().await?;
        Ok(report)
    }

    async fn plan(&self, c: &mut Conn<'_>, actor: &Actor, rows: &[RawRow]) -> Result<RosterPlan> {
        let (unit_rows, tree) = load_tree(c).await?;
        let existing = ExistingOrg {
            units: unit_rows
                .iter()
                .filter(|u| u.active)
                .map(|u| ExistingUnit {
                    id: UnitId(u.id),
                    name: u.name.clone(),
                    parent_id: u.parent_id.map(UnitId),
                    kind: u.kind,
                })
                .collect(),
            people: people::all_usernames(c)
                .await?
                .into_iter()
                .collect::<HashMap<_, _>>(),
        };
        let plan = plan_import(rows, &existing).map_err(AppError::Roster)?;
        let may = |r: &Option<UnitRef>| match r {
            _ if actor.system => true,
            Some(UnitRef::Existing(id)) => actor.principal.may_administer(&tree, *id),
            Some(UnitRef::New(_)) => true,
            None => actor.principal.may_administer_top(&tree),
        };
        let mut errors: Vec<RowError> = plan
            .new_units
            .iter()
            .filter(|u| !may(&u.parent))
            .map(|u| RowError {
                line: u.line,
                problem: Problem::OutsideScope,
            })
            .collect();
        errors.extend(
            plan.grants
                .iter()
                .filter(|g| !may(&Some(g.unit)))
                .map(|g| RowError {
                    line: g.line,
                    problem: Problem::OutsideScope,
                }),
        );
        if errors.is_empty() {
            Ok(plan)
        } else {
            Err(AppError::Roster(errors))
        }
    }
}

async fn apply(
    c: &mut Conn<'_>,
    plan: &RosterPlan,
    passwords: &[(String, String)],
    now: i64,
) -> Result<ImportReport> {
    let mut ids: Vec<i64> = Vec::with_capacity(plan.new_units.len());
    let resolve = |r: UnitRef, ids: &[i64]| match r {
        UnitRef::Existing(id) => id.0,
        UnitRef::New(i) => ids[i],
    };
    for u in &plan.new_units {
        let f = UnitFields {
            name: u.name.clone(),
            kind: u.kind,
            office_level: u.office_level,
            office_branch: None,
            parent_id: u.parent.map(|p| resolve(p, &ids)),
            report_to_id: None,
            quota_override: None,
            responsible_section: u.section.clone(),
        };
        ids.push(units::insert(c, &f, now).await?);
    }
    let mut person_ids: HashMap<String, i64> = HashMap::new();
    let mut report = ImportReport {
        units_created: ids.len(),
        ..Default::default()
    };
    for (p, (plain, hash)) in plan.new_people.iter().zip(passwords) {
        let new = people::NewPerson {
            username: p.username.clone(),
            name: p.name.clone(),
            phone: p.phone.clone(),
            title: p.title.clone(),
            email: None,
            password_hash: hash.clone(),
            must_change_password: true,
        };
        person_ids.insert(p.username.clone(), people::insert(c, &new, now).await?);
        report.initial_passwords.push(InitialPassword {
            username: p.username.clone(),
            name: p.name.clone(),
            password: plain.clone(),
        });
    }
    report.people_created = person_ids.len();
    for g in &plan.grants {
        let pid = match person_ids.get(&g.username) {
            Some(id) => *id,
            None => people::by_username(c, &g.username)
                .await?
                .map(|p| p.id)
                .ok_or(AppError::NotFound)?,
        };
        let unit = resolve(g.unit, &ids);
        let held = people::grants_of(c, pid)
            .await?
            .iter()
            .any(|x| x.unit_id == unit && x.role == g.role);
        if !held {
            people::grant(c, pid, unit, g.role, g.signer_level, now).await?;
            report.roles_granted += 1;
        }
    }
    Ok(report)
}
