//! The accountability ledger: records made by the scheduler (late, missing), by reports
//! (praise), by verification (false, concealed) and by editors; corrected only by new records
//! with a reason. The period report is exported as .docx and .xlsx.

use super::editor_office;
use crate::input::text;
use crate::org::OrgSnapshot;
use crate::{Actor, App, AppError, AuditEntry, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;
use xinbao_domain::Role;
use xinbao_domain::UnitId;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::event::LedgerKind;
use xinbao_store::ledger::{self, LedgerRow, NewRecord};

/// One person responsible, as they were when the record was made.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Responsible {
    /// `principal_leader`, `unit_leader` (leader in charge) or `officer`.
    #[schema(value_type = String)]
    pub role: Role,
    pub person_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LedgerView {
    pub id: i64,
    pub event_id: Option<i64>,
    pub unit_id: i64,
    pub unit_name: String,
    pub deadline_id: Option<i64>,
    /// `late`, `missing`, `concealed`, `false` or `praise`.
    #[schema(value_type = String)]
    pub kind: LedgerKind,
    pub facts: String,
    pub people: Vec<Responsible>,
    /// The record this one corrects, and why.
    pub corrects_id: Option<i64>,
    pub reason: Option<String>,
    /// A correction that withdraws the record it names.
    pub void: bool,
    /// Corrected by a later record (then that record stands instead).
    pub superseded_by: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct LedgerInput {
    pub unit_id: i64,
    pub event_id: Option<i64>,
    pub kind: String,
    pub facts: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CorrectionInput {
    pub reason: String,
    /// The corrected kind (default: unchanged).
    pub kind: Option<String>,
    /// The corrected facts (default: unchanged).
    pub facts: Option<String>,
    /// Withdraw the record altogether.
    #[serde(default)]
    pub void: bool,
}

pub(crate) fn views(rows: Vec<LedgerRow>, org: &OrgSnapshot) -> Vec<LedgerView> {
    let corrected: Vec<(i64, i64)> = rows
        .iter()
        .filter_map(|r| r.corrects_id.map(|c| (c, r.id)))
        .collect();
    rows.into_iter()
        .map(|r| LedgerView {
            unit_name: org.name(r.unit_id),
            people: serde_json::from_str(&r.people).unwrap_or_default(),
            superseded_by: corrected
                .iter()
                .filter(|(c, _)| *c == r.id)
                .map(|(_, by)| *by)
                .max(),
            id: r.id,
            event_id: r.event_id,
            unit_id: r.unit_id,
            deadline_id: r.deadline_id,
            kind: r.kind,
            facts: r.facts,
            corrects_id: r.corrects_id,
            reason: r.reason,
            void: r.void,
            created_by: r.created_by,
            created_at: r.created_at,
        })
        .collect()
}

impl App {
    /// The units whose records the actor may read: all for an administrator of the top office (an
    /// administrator's subtree otherwise); an office's
    /// jurisdiction for its people; otherwise the units the actor belongs to.
    async fn ledger_scope(&self, actor: &Actor) -> Result<Option<Vec<i64>>> {
        let org = self.org().await?;
        let top_admin = actor.system || actor.principal.may_administer_top(&org.tree);
        if top_admin {
            return Ok(None);
        }
        let mut units: Vec<i64> = Vec::new();
        for g in &actor.principal.grants {
            let u = g.unit_id;
            units.push(u.0);
            if g.role == xinbao_domain::Role::Admin {
                units.extend(org.tree.descendants(u).into_iter().map(|d| d.0));
            }
            if org.is_office(u.0) {
                units.extend(org.tree.descendants(u).into_iter().map(|d| d.0));
                units.extend(
                    org.rows
                        .keys()
                        .filter(|k| org.tree.reporting_office(UnitId(**k)) == Some(u))
                        .copied(),
                );
            }
        }
        units.sort_unstable();
        units.dedup();
        Ok(Some(units))
    }

    /// Records made in `[from, to)` that the actor may read, oldest first.
    pub async fn ledger(&self, actor: &Actor, from: i64, to: i64) -> Result<Vec<LedgerView>> {
        if to <= from || to - from > 366 * 24 * 3600 * 1000 * 5 {
            return Err(AppError::invalid("to", "range"));
        }
        let scope = self.ledger_scope(actor).await?;
        let org = self.org().await?;
        let mut r = self.store.read().await?;
        let rows = ledger::between(&mut r.conn(), from, to, scope.as_deref()).await?;
        Ok(views(rows, &org))
    }

    /// An editor records concealment, a false report, lateness or praise found otherwise.
    pub async fn add_ledger_record(
        &self,
        actor: &Actor,
        input: &LedgerInput,
    ) -> Result<LedgerView> {
        let office = editor_office(actor, None)?;
        let kind = LedgerKind::from_code(input.kind.trim())
            .ok_or(AppError::invalid("ledger_kind", "unknown"))?;
        let facts = text(&input.facts, "facts", 2000, true)?;
        let org = self.org().await?;
        let inside = org.tree.is_within(UnitId(input.unit_id), UnitId(office))
            || org.tree.reporting_office(UnitId(input.unit_id)) == Some(UnitId(office));
        if !org.rows.contains_key(&input.unit_id) || !inside {
            return Err(AppError::invalid("unit_id", "not_in_jurisdiction"));
        }
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        if let Some(e) = input.event_id {
            let ev = xinbao_store::events::get(c, e).await?;
            if ev.is_none_or(|ev| ev.office_id != office) {
                return Err(AppError::invalid("event_id", "unknown"));
            }
        }
        let record = NewRecord {
            event_id: input.event_id,
            unit_id: input.unit_id,
            kind,
            facts,
            people: super::responsible::snapshot(c, input.unit_id).await?,
            created_by: Some(actor.principal.person_id.0),
            deadline_id: None,
            corrects_id: None,
            void: false,
            reason: None,
        };
        let id = ledger::add(c, &record, now).await?;
        let row = ledger::get(c, id).await?.ok_or(AppError::NotFound)?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::LedgerRecorded)
                .target("ledger", id)
                .detail(json!({ "unit_id": input.unit_id, "kind": kind.code() })),
        );
        tx.commit().await?;
        Ok(views(vec![row], &org).remove(0))
    }

    /// Corrects a record by a new one naming it, with a reason; the old one stays.
    pub async fn correct_ledger_record(
        &self,
        actor: &Actor,
        id: i64,
        input: &CorrectionInput,
    ) -> Result<LedgerView> {
        let reason = text(&input.reason, "reason", 1000, true)?;
        let now = self.now().0;
        let org = self.org().await?;
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let old = ledger::get(c, id).await?.ok_or(AppError::NotFound)?;
        let office = match old.event_id {
            Some(e) => xinbao_store::events::get(c, e).await?.map(|e| e.office_id),
            None => None,
        };
        let editor_of = |o: i64| {
            actor
                .principal
                .roles_in(o)
                .contains(&xinbao_domain::Role::Editor)
        };
        let allowed = office.is_some_and(|o| actor.administers(&org.tree, o))
            || office.is_some_and(editor_of)
            || actor
                .principal
                .units_with(xinbao_domain::Role::Editor)
                .iter()
                .any(|o| org.tree.is_within(UnitId(old.unit_id), *o) && *o != UnitId(old.unit_id));
        if !allowed {
            return Err(AppError::Forbidden);
        }
        let kind = match &input.kind {
            Some(k) => LedgerKind::from_code(k.trim())
                .ok_or(AppError::invalid("ledger_kind", "unknown"))?,
            None => old.kind,
        };
        let facts = match &input.facts {
            Some(f) => text(f, "facts", 2000, true)?,
            None => old.facts.clone(),
        };
        let record = NewRecord {
            event_id: old.event_id,
            unit_id: old.unit_id,
            deadline_id: old.deadline_id,
            kind,
            facts,
            people: old.people.clone(),
            corrects_id: Some(old.id),
            void: input.void,
            reason: Some(reason),
            created_by: Some(actor.principal.person_id.0),
        };
        let new_id = ledger::add(c, &record, now).await?;
        let row = ledger::get(c, new_id).await?.ok_or(AppError::NotFound)?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::LedgerCorrected)
                .target("ledger", new_id)
                .detail(json!({ "corrects": id, "void": input.void })),
        );
        tx.commit().await?;
        Ok(views(vec![row], &org).remove(0))
    }
}
