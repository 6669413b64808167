//! Reading the organisation: every unit with what the tree derives for it (reporting office,
//! quota, vacancies), in tree order.

use super::*;

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

impl App {
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

    pub async fn unit_kinds(&self, actor: &Actor) -> Result<Vec<units::KindRow>> {
        reads_org(actor)?;
        let mut r = self.store.read().await?;
        Ok(units::list_kinds(&mut r.conn()).await?)
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
}
