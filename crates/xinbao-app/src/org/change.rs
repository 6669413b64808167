//! Changing the organisation: creating, editing and (de)activating units, kinds' quotas and peer
//! offices, each checked against the tree and audited.

use super::*;

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

fn dup_name(e: xinbao_store::StoreError) -> AppError {
    match e {
        xinbao_store::StoreError::Duplicate(_) => {
            AppError::Conflict(crate::Conflict::DuplicateUnitName)
        }
        other => other.into(),
    }
}

impl App {
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
