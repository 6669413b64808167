//! Materialised scores: the entries each scored item earns are written to `score_entries` in
//! the transaction of every change to the item or its copies above (incremental), and can be
//! rebuilt from the items at any time (full recompute); both use the same computation, and
//! tests check they agree.

use super::graph::Graph;
use super::recompute::recompute_all;
use super::versions::{Versions, load_versions, load_versions_of, version_at};
use crate::org::OrgSnapshot;
use crate::{App, Result};
use std::collections::HashSet;
use xinbao_domain::scoring::{Fact, FactKind, Instruction, Level, Step, chain_facts};
use xinbao_store::Conn;
use xinbao_store::score_entries::{self as se, EntryRow, ScoreItem};
use xinbao_store::scoring;

/// The facts of one root: its chain's steps, the instructions on them, credited to its
/// source units.
pub(crate) fn facts_of(g: &Graph, org: &OrgSnapshot, root: &ScoreItem) -> Vec<Fact> {
    let level = |unit: Option<i64>| {
        unit.and_then(|u| org.rows.get(&u))
            .and_then(|r| r.office_level.code())
            .and_then(Level::from_code)
    };
    let chain = g.chain(root.id);
    let steps: Vec<Step> = chain
        .iter()
        .map(|i| Step {
            item_id: i.id,
            level: level(i.office_id),
            status: i.status,
            submitted_at: i.submitted_at,
            decided_at: i.decided_at,
            // An empty name is no periodical (and reads as none from PostgreSQL's CSV).
            periodical: i.periodical.clone().filter(|p| !p.is_empty()),
        })
        .collect();
    let given: Vec<Instruction> = chain
        .iter()
        .flat_map(|i| g.instructions_on(i.id))
        .map(|n| Instruction {
            id: n.0,
            item_id: n.1,
            level: n.2,
            at: n.3,
        })
        .collect();
    let units = g.units_of(root);
    let path = if root.direct_report {
        "direct"
    } else {
        "relayed"
    };
    chain_facts(&steps, &given, &units, root.item_type.code(), path)
}

pub(crate) fn kind_of(k: &FactKind) -> &'static str {
    match k {
        FactKind::Reported { .. } => "reported",
        FactKind::Adopted { .. } => "adopted",
        FactKind::Instructed { .. } => "instructed",
        FactKind::Consolation { .. } => "consolation",
        FactKind::Penalty { .. } => "penalty",
    }
}

/// Whether an item is scored by its office: submitted, not combined into another, and the
/// office has a scheme.
pub(crate) fn is_root(i: &ScoreItem, versions: &Versions) -> bool {
    i.submitted_at.is_some()
        && i.combined_into_id.is_none()
        && i.office_id.is_some_and(|o| versions.contains_key(&o))
}

/// The entries of `roots` (each a root in `g`), each fact under the version in force on its
/// day.
pub(crate) fn compute(
    g: &Graph,
    org: &OrgSnapshot,
    versions: &Versions,
    roots: &[i64],
) -> Vec<EntryRow> {
    // About two entries a root: sized once, not regrown (a province's are 200 MB).
    let mut out = Vec::with_capacity(roots.len() * 2);
    for id in roots {
        let Some(root) = g.get(*id).filter(|r| is_root(r, versions)) else {
            continue;
        };
        let (Some(office), Some(root_at)) = (root.office_id, root.submitted_at) else {
            continue;
        };
        let Some(vs) = versions.get(&office) else {
            continue;
        };
        let facts = facts_of(g, org, root);
        // Usually every fact falls under one version: no regrouping then.
        let first = facts.first().and_then(|f| version_at(vs, f.at));
        let groups: Vec<(usize, Vec<Fact>)> =
            if first.is_some() && facts.iter().all(|f| version_at(vs, f.at) == first) {
                first.map(|v| (v, facts)).into_iter().collect()
            } else {
                let mut by: Vec<(usize, Vec<Fact>)> = Vec::new();
                for f in facts {
                    let Some(v) = version_at(vs, f.at) else {
                        continue;
                    };
                    match by.iter_mut().find(|(x, _)| *x == v) {
                        Some((_, list)) => list.push(f),
                        None => by.push((v, vec![f])),
                    }
                }
                by
            };
        for (v, facts) in &groups {
            for e in xinbao_domain::scoring::item_entries(&vs[*v].1, facts) {
                let kind = facts
                    .iter()
                    .find(|f| f.event == e.event)
                    .map_or("reported", |f| kind_of(&f.kind));
                out.push(EntryRow {
                    root_id: root.id,
                    office_id: office,
                    root_at,
                    unit_id: e.unit_id,
                    event: e.event,
                    kind: kind.into(),
                    at: e.at,
                    rule: e.rule,
                    points: e.points,
                    note: e.note.map(std::borrow::Cow::Borrowed),
                });
            }
        }
    }
    out
}

/// Rewrites the entries of every root whose chain holds `item`: the item itself, the items
/// below it it was forwarded from, and the item it was combined into. Runs inside the
/// caller's transaction.
pub(crate) async fn rescore(c: &mut Conn<'_>, org: &OrgSnapshot, item: i64) -> Result<()> {
    rescore_many(c, org, vec![item]).await
}

/// Rewrites the entries of every root whose chain has a step at `office` (after its level
/// changed, `org` giving the new one): the office's items and every item below them.
pub(crate) async fn rescore_through(
    c: &mut Conn<'_>,
    org: &OrgSnapshot,
    office: i64,
) -> Result<()> {
    let items = se::ids_at(c, office).await?;
    rescore_many(c, org, items).await
}

/// [`rescore`] for several items at once: everything below them in one recursive query.
async fn rescore_many(c: &mut Conn<'_>, org: &OrgSnapshot, items: Vec<i64>) -> Result<()> {
    let affected = se::items_below(c, &items).await?;
    let offices: HashSet<i64> = affected.iter().filter_map(|r| r.office_id).collect();
    let offices: Vec<i64> = offices.into_iter().collect();
    let versions = load_versions_of(c, &offices).await?;
    let ids: Vec<i64> = affected.iter().map(|r| r.id).collect();
    let roots: Vec<ScoreItem> = affected
        .into_iter()
        .filter(|r| is_root(r, &versions))
        .collect();
    if roots.is_empty() {
        // Nothing scores here (no scheme, or combined away): clear what may be left.
        se::replace(c, &ids, &[]).await?;
        return Ok(());
    }
    let root_ids: Vec<i64> = roots.iter().map(|r| r.id).collect();
    let g = Graph::load_for(c, roots).await?;
    let rows = compute(&g, org, &versions, &root_ids);
    se::replace(c, &ids, &rows).await?;
    Ok(())
}

/// The entries of one office's items submitted since `from`, computed afresh.
pub(crate) async fn recompute_office(
    c: &mut Conn<'_>,
    org: &OrgSnapshot,
    office: i64,
    from: i64,
) -> Result<Vec<EntryRow>> {
    let versions = load_versions(c, Some(office)).await?;
    let roots = se::roots(c, office, from, i64::MAX).await?;
    let ids: Vec<i64> = roots.iter().map(|r| r.id).collect();
    let g = Graph::load_for(c, roots).await?;
    Ok(compute(&g, org, &versions, &ids))
}

/// Rewrites one office's entries from its items (after a new scheme version).
pub(crate) async fn rescore_office(c: &mut Conn<'_>, org: &OrgSnapshot, office: i64) -> Result<()> {
    let rows = recompute_office(c, org, office, 0).await?;
    se::clear(c, Some(office)).await?;
    se::insert(c, &rows).await?;
    Ok(())
}

impl App {
    /// Rebuilds every office's entries from the items (after an upgrade, or to check).
    /// Returns the number of entries written.
    pub async fn rebuild_scores(&self) -> Result<usize> {
        let org = self.org().await?;
        let mut tx = self.begin().await?;
        let rows = recompute_all(&self.store, Some(&mut tx.conn()), org).await?;
        se::clear(&mut tx.conn(), None).await?;
        se::insert(&mut tx.conn(), &rows).await?;
        tx.commit().await?;
        Ok(rows.len())
    }

    /// Rewrites the entries of the roots whose chain holds `item`, in a transaction of its own.
    /// Returns how long the rewrite took inside the transaction (before the commit).
    pub async fn rescore_item(&self, item: i64) -> Result<std::time::Duration> {
        let org = self.org().await?;
        let mut tx = self.begin().await?;
        let started = std::time::Instant::now();
        rescore(&mut tx.conn(), &org, item).await?;
        let took = started.elapsed();
        tx.commit().await?;
        Ok(took)
    }

    /// Builds the entries once for a database that has schemes but none yet (one written
    /// before entries were kept). Returns whether it did.
    pub async fn ensure_scores(&self) -> Result<bool> {
        let mut r = self.store.read().await?;
        let empty = !se::any(&mut r.conn()).await?
            && !scoring::all_versions(&mut r.conn()).await?.is_empty();
        drop(r);
        if empty {
            self.rebuild_scores().await?;
        }
        Ok(empty)
    }

    /// Every office's entries computed afresh, not written: what the stored entries must
    /// equal.
    pub async fn recomputed_scores(&self) -> Result<Vec<EntryRow>> {
        let org = self.org().await?;
        recompute_all(&self.store, None, org).await
    }

    /// Every stored entry.
    pub async fn stored_scores(&self) -> Result<Vec<EntryRow>> {
        let mut r = self.store.read().await?;
        Ok(se::of_all(&mut r.conn()).await?)
    }
}
