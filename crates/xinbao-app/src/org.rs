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

/// Checks and normalises an input into the stored fields.
fn fields_of(input: &UnitInput, tree: &OrgTree, unit: Option<UnitId>) -> Result<UnitFields> {
    let name = validate_unit_name(&input.name).map_err(|_| AppError::invalid("name", "length"))?;
    let kind = UnitKind::from_code(&input.kind).ok_or(AppError::invalid("kind", "unknown"))?;
    let opt = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (level, branch) = (opt(&input.office_level), opt(&input.office_branch));
    let (mut office_level, mut office_branch) = (None, None);
    if kind.receives() {
        office_level = level.as_deref().and_then(OfficeLevel::from_code);
        office_level.ok_or(AppError::invalid("office_level", "required"))?;
        if let Some(b) = &branch {
            office_branch = OfficeBranch::from_code(b);
            office_branch.ok_or(AppError::invalid("office_branch", "unknown"))?;
        }
    } else if level.is_some() || branch.is_some() {
        return Err(AppError::invalid("office_level", "offices_only"));
    }
    if input
        .quota_override
        .is_some_and(|q| !(0..=1000).contains(&q))
    {
        return Err(AppError::invalid("quota_override", "range"));
    }
    let parent = input.parent_id.map(UnitId);
    tree.check_parent(unit, parent).map_err(org_error)?;
    tree.check_report_to(kind, parent, input.report_to_id.map(UnitId))
        .map_err(org_error)?;
    let section = opt(&input.responsible_section);
    if section.as_ref().is_some_and(|s| s.chars().count() > 60) {
        return Err(AppError::invalid("responsible_section", "length"));
    }
    Ok(UnitFields {
        name,
        kind,
        office_level,
        office_branch,
        parent_id: input.parent_id,
        report_to_id: input.report_to_id,
        quota_override: input.quota_override,
        responsible_section: section,
    })
}

fn may_place(actor: &Actor, tree: &OrgTree, parent: Option<i64>) -> bool {
    actor.system
        || match parent {
            Some(p) => actor.principal.may_administer(tree, UnitId(p)),
            None => actor.principal.may_administer_top(tree),
        }
}

impl App {
    /// The organisation, cached until the units table changes (checked by a cheap
    /// fingerprint query, so several instances on one database stay consistent).
    pub(crate) async fn org(&self) -> Result<std::sync::Arc<OrgSnapshot>> {
        // Within a second of the last check the cached snapshot is used as it is; changes made
        // through this instance clear it at once (see `forget_org`), so only another
        // instance's change can be seen up to a second late.
        if let Ok(guard) = self.org_cache.lock()
            && let Some((_, checked, snap)) = guard.as_ref()
            && checked.elapsed() < std::time::Duration::from_secs(1)
        {
            return Ok(snap.clone());
        }
        let mut r = self.store.read().await?;
        let key = units::fingerprint(&mut r.conn()).await?;
        let cached = self.org_cache.lock().ok().and_then(|g| {
            g.as_ref()
                .filter(|(k, _, _)| *k == key)
                .map(|(_, _, s)| s.clone())
        });
        let snap = match cached {
            Some(s) => s,
            None => {
                let (rows, tree) = load_tree(&mut r.conn()).await?;
                let mut peers: HashMap<i64, Vec<i64>> = HashMap::new();
                for (u, p) in units::all_peers(&mut r.conn()).await? {
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

    /// Every unit with its derived reporting office, quota and vacancies, in tree order.
    pub async fn list_units(&self, actor: &Actor) -> Result<Vec<UnitView>> {
        reads_org(actor)?;
        self.units_all().await
    }

    /// One unit as [`App::list_units`] shows it.
    pub async fn unit(&self, actor: &Actor, id: i64) -> Result<UnitView> {
        reads_org(actor)?;
        self.unit_view(id).await
    }

    pub(crate) async fn units_all(&self) -> Result<Vec<UnitView>> {
        let mut r = self.store.read().await?;
        let (rows, tree) = load_tree(&mut r.conn()).await?;
        let kinds: HashMap<UnitKind, i64> = units::list_kinds(&mut r.conn())
            .await?
            .into_iter()
            .map(|k| (k.kind, k.default_quota))
            .collect();
        let mut roles: HashMap<i64, Vec<Role>> = HashMap::new();
        for (unit, role) in people::active_roles_by_unit(&mut r.conn()).await? {
            roles.entry(unit).or_default().push(role);
        }
        let views: HashMap<i64, UnitView> = rows
            .iter()
            .map(|u| {
                let v = Vacancies::of(
                    roles.get(&u.id).map_or(&[][..], |v| v),
                    u.responsible_section.as_deref(),
                );
                let view = UnitView {
                    id: u.id,
                    name: u.name.clone(),
                    kind: u.kind,
                    office_level: *u.office_level,
                    office_branch: *u.office_branch,
                    parent_id: u.parent_id,
                    report_to_id: u.report_to_id,
                    reporting_office_id: tree.reporting_office(UnitId(u.id)).map(|x| x.0),
                    quota: u
                        .quota_override
                        .unwrap_or(kinds.get(&u.kind).copied().unwrap_or(0)),
                    quota_override: u.quota_override,
                    responsible_section: u.responsible_section.clone(),
                    active: u.active,
                    version: u.version,
                    vacancy_leader: v.leader,
                    vacancy_section: v.section,
                    vacancy_officer: v.officer,
                    depth: tree.ancestors(UnitId(u.id)).len(),
                };
                (u.id, view)
            })
            .collect();
        Ok(tree_order(&rows)
            .into_iter()
            .filter_map(|id| views.get(&id).cloned())
            .collect())
    }

    /// The active units a principal administers (their subtrees), in tree order.
    pub async fn administered_units(
        &self,
        p: &xinbao_domain::access::Principal,
    ) -> Result<Vec<UnitView>> {
        Ok(self
            .administered_units_all(p)
            .await?
            .into_iter()
            .filter(|u| u.active)
            .collect())
    }

    /// Like `administered_units`, deactivated units included (they stay visible, marked).
    pub async fn administered_units_all(
        &self,
        p: &xinbao_domain::access::Principal,
    ) -> Result<Vec<UnitView>> {
        let mut r = self.store.read().await?;
        let (_, tree) = load_tree(&mut r.conn()).await?;
        drop(r);
        Ok(self
            .units_all()
            .await?
            .into_iter()
            .filter(|u| {
                p.may_administer(&tree, UnitId(u.id)) || p.may_grant_in(&tree, UnitId(u.id))
            })
            .collect())
    }

    pub(crate) async fn unit_view(&self, id: i64) -> Result<UnitView> {
        self.units_all()
            .await?
            .into_iter()
            .find(|u| u.id == id)
            .ok_or(AppError::NotFound)
    }

    pub async fn create_unit(&self, actor: &Actor, input: &UnitInput) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id = self.create_unit_in(&mut tx, actor, input).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Creates a unit inside the caller's unit of work.
    pub(crate) async fn create_unit_in<'a>(
        &self,
        tx: &mut Work<'a>,
        actor: &'a Actor,
        input: &UnitInput,
    ) -> Result<i64> {
        let now = self.now().0;
        if !actor.is_admin() {
            return Err(AppError::Forbidden);
        }
        let (_, tree) = load_tree(&mut tx.conn()).await?;
        let f = fields_of(input, &tree, None)?;
        if !may_place(actor, &tree, input.parent_id) {
            return Err(AppError::Forbidden);
        }
        let id = units::insert(&mut tx.conn(), &f, now)
            .await
            .map_err(dup_name)?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::UnitCreated)
                .target("unit", id)
                .detail(json!({ "name": f.name, "kind": f.kind, "parent_id": f.parent_id })),
        );
        tx.touched_org();
        Ok(id)
    }

    pub async fn update_unit(&self, actor: &Actor, id: i64, input: &UnitInput) -> Result<()> {
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let (rows, tree) = load_tree(&mut tx.conn()).await?;
        let old = rows.iter().find(|u| u.id == id).ok_or(AppError::NotFound)?;
        let may_edit = actor.system || actor.principal.may_administer(&tree, UnitId(id));
        if !may_edit
            || (input.parent_id != old.parent_id && !may_place(actor, &tree, input.parent_id))
        {
            return Err(AppError::Forbidden);
        }
        let f = fields_of(input, &tree, Some(UnitId(id)))?;
        let level_changed = *old.office_level != f.office_level;
        let version = input.version.unwrap_or(old.version);
        if !units::update(&mut tx.conn(), id, version, &f, now)
            .await
            .map_err(dup_name)?
        {
            return Err(AppError::Conflict(crate::Conflict::StaleVersion));
        }
        let detail = json!({ "before": old, "after": { "name": f.name, "kind": f.kind, "parent_id": f.parent_id,
                "report_to_id": f.report_to_id, "quota_override": f.quota_override, "responsible_section": f.responsible_section } });
        if level_changed {
            // Points depend on the level of every office an item passed: the office's items
            // and those below them are rescored here, under the new level.
            let org = OrgSnapshot::with_level(rows, tree, id, f.office_level);
            tx.touched_level(id, org);
        }
        // The audit row last: it takes the chain's head until commit (see audit_chain).
        tx.audit(
            AuditEntry::by(actor, AuditAction::UnitUpdated)
                .target("unit", id)
                .detail(detail),
        );
        tx.touched_org();
        tx.commit().await?;
        Ok(())
    }

    /// Deactivates or reactivates a unit. Units are never deleted: history refers to them.
    pub async fn set_unit_active(&self, actor: &Actor, id: i64, active: bool) -> Result<()> {
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let (rows, tree) = load_tree(&mut tx.conn()).await?;
        rows.iter().find(|u| u.id == id).ok_or(AppError::NotFound)?;
        if !(actor.system || actor.principal.may_administer(&tree, UnitId(id))) {
            return Err(AppError::Forbidden);
        }
        if !active && rows.iter().any(|u| u.parent_id == Some(id) && u.active) {
            return Err(AppError::Conflict(crate::Conflict::UnitHasActiveChildren));
        }
        if active
            && rows
                .iter()
                .find(|u| u.id == id)
                .and_then(|u| u.parent_id)
                .is_some_and(|p| rows.iter().any(|u| u.id == p && !u.active))
        {
            return Err(AppError::invalid("parent_id", "inactive"));
        }
        if units::set_active(&mut tx.conn(), id, active, now).await? {
            let action = if active {
                AuditAction::UnitReactivated
            } else {
                AuditAction::UnitDeactivated
            };
            tx.audit(AuditEntry::by(actor, action).target("unit", id));
        }
        tx.touched_org();
        tx.commit().await?;
        Ok(())
    }

    pub async fn unit_kinds(&self, actor: &Actor) -> Result<Vec<units::KindRow>> {
        reads_org(actor)?;
        let mut r = self.store.read().await?;
        Ok(units::list_kinds(&mut r.conn()).await?)
    }

    /// Sets a kind's default monthly quota: top-level administrators only.
    pub async fn set_kind_quota(&self, actor: &Actor, kind: &str, quota: i64) -> Result<()> {
        if !(0..=1000).contains(&quota) {
            return Err(AppError::invalid("quota", "range"));
        }
        let mut tx = self.begin().await?;
        let (_, tree) = load_tree(&mut tx.conn()).await?;
        if !(actor.system || actor.principal.may_administer_top(&tree)) {
            return Err(AppError::Forbidden);
        }
        let kind = UnitKind::from_code(kind).ok_or(AppError::NotFound)?;
        if !units::set_kind_quota(&mut tx.conn(), kind, quota).await? {
            return Err(AppError::NotFound);
        }
        tx.audit(
            AuditEntry::by(actor, AuditAction::QuotaChanged)
                .detail(json!({ "kind": kind, "quota": quota })),
        );
        tx.commit().await
    }

    /// The peer offices of a unit.
    pub async fn peers_of(&self, actor: &Actor, unit: i64) -> Result<Vec<i64>> {
        reads_org(actor)?;
        Ok(self
            .org()
            .await?
            .peers
            .get(&unit)
            .cloned()
            .unwrap_or_default())
    }

    /// Links two offices of the same level as peers (they may share items sideways).
    pub async fn link_peer_offices(&self, actor: &Actor, a: i64, b: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let (rows, tree) = load_tree(&mut tx.conn()).await?;
        let find = |id| rows.iter().find(|u| u.id == id).ok_or(AppError::NotFound);
        let (ua, ub) = (find(a)?, find(b)?);
        if a == b
            || ua.kind != UnitKind::Office
            || ub.kind != UnitKind::Office
            || ua.office_level != ub.office_level
        {
            return Err(AppError::invalid("peer_id", "not_peer_office"));
        }
        let may = |id| actor.system || actor.principal.may_administer(&tree, UnitId(id));
        if !may(a) || !may(b) {
            return Err(AppError::Forbidden);
        }
        units::link_peers(&mut tx.conn(), a, b).await?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::UnitUpdated)
                .target("unit", a)
                .detail(json!({ "peer_linked": b })),
        );
        tx.touched_org();
        tx.commit().await?;
        Ok(())
    }
}

fn dup_name(e: xinbao_store::StoreError) -> AppError {
    match e {
        xinbao_store::StoreError::Duplicate(_) => {
            AppError::Conflict(crate::Conflict::DuplicateUnitName)
        }
        other => other.into(),
    }
}

/// Depth-first order: each unit followed by its subordinates, siblings by id.
fn tree_order(rows: &[UnitRow]) -> Vec<i64> {
    let mut children: HashMap<Option<i64>, Vec<i64>> = HashMap::new();
    for u in rows {
        children.entry(u.parent_id).or_default().push(u.id);
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut stack: Vec<i64> = children.get(&None).cloned().unwrap_or_default();
    stack.reverse();
    while let Some(id) = stack.pop() {
        out.push(id);
        if let Some(c) = children.get(&Some(id)) {
            stack.extend(c.iter().rev());
        }
    }
    out
}
