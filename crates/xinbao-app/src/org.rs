//! Organisation use cases: units, their kinds and quotas, peer offices, vacancies.

use crate::audit::AuditEntry;
use crate::work::Work;
use crate::{Actor, App, AppError, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::org::{OrgError, OrgNode, OrgTree, Vacancies};
use xinbao_domain::unit::validate_unit_name;
use xinbao_domain::{OfficeBranch, OfficeLevel, Role, UnitId, UnitKind};
use xinbao_store::units::{self, UnitFields, UnitRow};
use xinbao_store::{Conn, people};

mod change;
mod listing;

/// What an administrator enters for a unit.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct UnitInput {
    pub name: String,
    pub kind: String,
    pub office_level: Option<String>,
    pub office_branch: Option<String>,
    pub parent_id: Option<i64>,
    pub report_to_id: Option<i64>,
    pub quota_override: Option<i64>,
    pub responsible_section: Option<String>,
    /// Required when updating: the version that was read.
    pub version: Option<i64>,
}

impl UnitInput {
    /// The input that leaves a unit as it is (at the version read): a start for a change.
    pub fn of(row: &UnitRow) -> UnitInput {
        UnitInput {
            name: row.name.clone(),
            kind: row.kind.code().to_string(),
            office_level: row.office_level.code().map(str::to_string),
            office_branch: row.office_branch.code().map(str::to_string),
            parent_id: row.parent_id,
            report_to_id: row.report_to_id,
            quota_override: row.quota_override,
            responsible_section: row.responsible_section.clone(),
            version: Some(row.version),
        }
    }
}

/// A unit as shown: its row plus what the organisation derives for it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitView {
    pub id: i64,
    pub name: String,
    #[schema(value_type = String)]
    pub kind: UnitKind,
    #[schema(value_type = Option<String>)]
    pub office_level: Option<OfficeLevel>,
    #[schema(value_type = Option<String>)]
    pub office_branch: Option<OfficeBranch>,
    pub parent_id: Option<i64>,
    pub report_to_id: Option<i64>,
    /// The office this unit's items go to.
    pub reporting_office_id: Option<i64>,
    pub quota: i64,
    pub quota_override: Option<i64>,
    pub responsible_section: Option<String>,
    pub active: bool,
    pub version: i64,
    pub vacancy_leader: bool,
    pub vacancy_section: bool,
    pub vacancy_officer: bool,
    pub depth: usize,
}

/// The organisation as read at one moment: rows by id and the tree.
pub struct OrgSnapshot {
    pub rows: HashMap<i64, UnitRow>,
    pub tree: OrgTree,
    /// The peer offices of each office (linked to share items sideways).
    pub peers: HashMap<i64, Vec<i64>>,
}

impl OrgSnapshot {
    /// The organisation as read in a transaction, with one office's level as it is being
    /// changed to.
    fn with_level(
        rows: Vec<UnitRow>,
        tree: OrgTree,
        office: i64,
        level: Option<OfficeLevel>,
    ) -> Self {
        let mut rows: HashMap<i64, UnitRow> = rows.into_iter().map(|u| (u.id, u)).collect();
        if let Some(u) = rows.get_mut(&office) {
            u.office_level = level.into();
        }
        OrgSnapshot {
            rows,
            tree,
            peers: HashMap::new(),
        }
    }

    pub fn name(&self, id: i64) -> String {
        self.rows
            .get(&id)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    }

    pub fn is_office(&self, id: i64) -> bool {
        self.rows
            .get(&id)
            .is_some_and(|u| u.kind == UnitKind::Office)
    }
}

/// Refuses an actor who may not read the organisation.
pub(crate) fn reads_org(actor: &Actor) -> Result<()> {
    if actor.system || actor.principal.reads_organisation() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub(crate) fn tree_of(rows: &[UnitRow]) -> OrgTree {
    OrgTree::new(rows.iter().map(|u| OrgNode {
        id: UnitId(u.id),
        parent_id: u.parent_id.map(UnitId),
        kind: u.kind,
        report_to_id: u.report_to_id.map(UnitId),
        active: u.active,
    }))
}

pub(crate) async fn load_tree(c: &mut Conn<'_>) -> Result<(Vec<UnitRow>, OrgTree)> {
    let rows = units::list_all(c).await?;
    let tree = tree_of(&rows);
    Ok((rows, tree))
}

fn org_error(e: OrgError) -> AppError {
    match e {
        OrgError::UnknownUnit(_) => AppError::invalid("parent_id", "unknown_unit"),
        OrgError::Cycle => AppError::invalid("parent_id", "cycle"),
        OrgError::InactiveParent => AppError::invalid("parent_id", "inactive"),
        OrgError::ReportTargetNotAnOfficeAbove => {
            AppError::invalid("report_to_id", "not_office_above")
        }
        OrgError::NotADirectPoint => AppError::invalid("report_to_id", "not_direct_point"),
    }
}

impl App {
    /// The organisation, cached until the units table changes (checked by a cheap
    /// fingerprint query, so several instances on one database stay consistent).
    pub(crate) async fn org(&self) -> Result<std::sync::Arc<OrgSnapshot>> {
        if let Some(snap) = self.org_fresh() {
            return Ok(snap);
        }
        let mut r = self.store.read().await?;
        self.org_on(&mut r.conn()).await
    }

    /// [`App::org`] read on a connection the caller already holds (its read or its unit of
    /// work): a use case never waits for a second connection while it holds one, which under
    /// load would leave every connection waiting for another (PostgreSQL's pool is bounded).
    pub(crate) async fn org_on(&self, c: &mut Conn<'_>) -> Result<std::sync::Arc<OrgSnapshot>> {
        if let Some(snap) = self.org_fresh() {
            return Ok(snap);
        }
        let key = units::fingerprint(c).await?;
        let cached = self.org_cache.lock().ok().and_then(|g| {
            g.as_ref()
                .filter(|(k, _, _)| *k == key)
                .map(|(_, _, s)| s.clone())
        });
        let snap = match cached {
            Some(s) => s,
            None => {
                let (rows, tree) = load_tree(c).await?;
                let mut peers: HashMap<i64, Vec<i64>> = HashMap::new();
                for (u, p) in units::all_peers(c).await? {
                    peers.entry(u).or_default().push(p);
                }
                std::sync::Arc::new(OrgSnapshot {
                    rows: rows.into_iter().map(|u| (u.id, u)).collect(),
                    tree,
                    peers,
                })
            }
        };
        if let Ok(mut guard) = self.org_cache.lock() {
            *guard = Some((key, std::time::Instant::now(), snap.clone()));
        }
        Ok(snap)
    }

    /// The cached snapshot while it was checked within the last second: changes made through
    /// this instance clear it at once (see `forget_org`), so only another instance's change
    /// can be seen up to a second late.
    fn org_fresh(&self) -> Option<std::sync::Arc<OrgSnapshot>> {
        let guard = self.org_cache.lock().ok()?;
        let (_, checked, snap) = guard.as_ref()?;
        (checked.elapsed() < std::time::Duration::from_secs(1)).then(|| snap.clone())
    }

    /// Drops the cached organisation after a change made through this instance.
    pub(crate) fn forget_org(&self) {
        if let Ok(mut guard) = self.org_cache.lock() {
            *guard = None;
        }
    }

    /// The organisation as the actor may read it (every role holder may: units address each
    /// other by name).
    pub async fn organisation(&self, actor: &Actor) -> Result<std::sync::Arc<OrgSnapshot>> {
        reads_org(actor)?;
        self.org().await
    }
}
