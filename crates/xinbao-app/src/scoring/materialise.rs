//! Materialised scores: the entries each scored item earns are written to `score_entries` in
//! the transaction of every change to the item or its copies above (incremental), and can be
//! rebuilt from the items at any time (full recompute); both use the same computation, and
//! tests check they agree.

use super::parse_scheme;
use crate::org::OrgSnapshot;
use crate::{App, Result};
use std::collections::{HashMap, HashSet};
use xinbao_domain::Timestamp;
use xinbao_domain::item::ItemStatus;
use xinbao_domain::scoring::{Fact, FactKind, Instruction, Level, Scheme, Step, chain_facts};
use xinbao_store::Conn;
use xinbao_store::score_entries::{self as se, EntryRow, InstructionFact, Link, ScoreItem};
use xinbao_store::scoring;

/// How far up a chain of copies is followed (county → city → province → centre, with room).
const MAX_STEPS: usize = 8;

/// Scheme versions per office: (first day `YYYY-MM-DD`, scheme), oldest first.
pub(crate) type Versions = HashMap<i64, Vec<(String, Scheme)>>;

pub(crate) async fn load_versions(c: &mut Conn<'_>, office: Option<i64>) -> Result<Versions> {
    let rows = match office {
        Some(o) => scoring::versions(c, o).await?,
        None => scoring::all_versions(c).await?,
    };
    let mut out: Versions = HashMap::new();
    for v in rows {
        if let Ok(s) = parse_scheme(&v.body) {
            out.entry(v.office_id)
                .or_default()
                .push((v.effective_from, s));
        }
    }
    Ok(out)
}

/// The Beijing day of an instant, as `YYYY-MM-DD`.
pub(crate) fn day_of(at: i64) -> String {
    Timestamp(at)
        .to_datetime()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d")
        .to_string()
}

/// The version in force at `at` (none before the first).
pub(crate) fn version_at(versions: &[(String, Scheme)], at: i64) -> Option<usize> {
    if versions.len() == 1 {
        let first = &versions[0].0;
        return (day_of(at) >= *first).then_some(0);
    }
    let day = day_of(at);
    versions.iter().rposition(|(from, _)| *from <= day)
}

/// What a computation reads: items by id, combined sources' units by target, instructions by
/// item.
#[derive(Default)]
pub(crate) struct Graph {
    items: HashMap<i64, ScoreItem>,
    sources: HashMap<i64, Vec<i64>>,
    instructions: HashMap<i64, Vec<InstructionFact>>,
}

impl Graph {
    fn add_items(&mut self, rows: Vec<ScoreItem>) {
        for r in rows {
            if let Some(t) = r.combined_into_id {
                self.sources.entry(t).or_default().push(r.unit_id);
            }
            self.items.insert(r.id, r);
        }
    }

    fn add_instructions(&mut self, rows: Vec<InstructionFact>) {
        for n in rows {
            self.instructions.entry(n.1).or_default().push(n);
        }
    }

    /// The root and its copies above, in order.
    fn chain(&self, root: i64) -> Vec<&ScoreItem> {
        let mut out: Vec<&ScoreItem> = Vec::new();
        let mut next = Some(root);
        while let Some(id) = next {
            match self.items.get(&id) {
                Some(i) if out.len() < MAX_STEPS => {
                    out.push(i);
                    next = i.forwarded_item_id;
                }
                _ => break,
            }
        }
        out
    }

    /// Loads the chains above `roots` and what they need: one query per step up, one for
    /// combined sources, one for instructions (each in chunks).
    pub(crate) async fn load_for(c: &mut Conn<'_>, roots: Vec<ScoreItem>) -> Result<Graph> {
        let mut g = Graph::default();
        let root_ids: Vec<i64> = roots.iter().map(|r| r.id).collect();
        let mut tips: Vec<i64> = roots.iter().filter_map(|r| r.forwarded_item_id).collect();
        g.add_items(roots);
        for _ in 1..MAX_STEPS {
            tips.retain(|id| !g.items.contains_key(id));
            if tips.is_empty() {
                break;
            }
            let up = se::items(c, &tips).await?;
            tips = up.iter().filter_map(|r| r.forwarded_item_id).collect();
            g.add_items(up);
        }
        g.add_items(se::items_by(c, Link::Combined, &root_ids).await?);
        let ids: Vec<i64> = g.items.keys().copied().collect();
        g.add_instructions(se::instructions_on(c, &ids).await?);
        Ok(g)
    }
}

/// The facts of one root: its chain's steps, the instructions on them, credited to its
/// source units.
pub(crate) fn facts_of(g: &Graph, org: &OrgSnapshot, root: &ScoreItem) -> Vec<Fact> {
    let level = |unit: Option<i64>| {
        unit.and_then(|u| org.rows.get(&u))
            .and_then(|r| r.office_level.as_deref())
            .and_then(Level::from_code)
    };
    let chain = g.chain(root.id);
    let steps: Vec<Step> = chain
        .iter()
        .map(|i| Step {
            item_id: i.id,
            level: level(i.office_id),
            status: ItemStatus::from_code(&i.status).unwrap_or(ItemStatus::Received),
            submitted_at: i.submitted_at,
            decided_at: i.decided_at,
            periodical: i.periodical.clone(),
        })
        .collect();
    let given: Vec<Instruction> = chain
        .iter()
        .flat_map(|i| g.instructions.get(&i.id).into_iter().flatten())
        .filter_map(|n| {
            Some(Instruction {
                id: n.0,
                item_id: n.1,
                level: Level::from_code(&n.2)?,
                at: n.3,
            })
        })
        .collect();
    let units = g.units_of(root);
    let path = if root.direct_report {
        "direct"
    } else {
        "relayed"
    };
    chain_facts(&steps, &given, &units, &root.item_type, path)
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
fn is_root(i: &ScoreItem, versions: &Versions) -> bool {
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
    let mut out = Vec::new();
    for id in roots {
        let Some(root) = g.items.get(id).filter(|r| is_root(r, versions)) else {
            continue;
        };
        let (Some(office), Some(root_at)) = (root.office_id, root.submitted_at) else {
            continue;
        };
        let Some(vs) = versions.get(&office) else {
            continue;
        };
        let facts = facts_of(g, org, root);
        let mut by_version: Vec<Vec<Fact>> = vec![Vec::new(); vs.len()];
        for f in facts {
            if let Some(v) = version_at(vs, f.at) {
                by_version[v].push(f);
            }
        }
        for (v, facts) in by_version.iter().enumerate() {
            if facts.is_empty() {
                continue;
            }
            let kinds: HashMap<i64, &'static str> =
                facts.iter().map(|f| (f.event, kind_of(&f.kind))).collect();
            for e in xinbao_domain::scoring::item_entries(&vs[v].1, facts) {
                out.push(EntryRow {
                    root_id: root.id,
                    office_id: office,
                    root_at,
                    unit_id: e.unit_id,
                    event: e.event,
                    kind: kinds.get(&e.event).copied().unwrap_or("reported").into(),
                    at: e.at,
                    rule: e.rule,
                    points: e.points,
                    note: e.note.map(str::to_string),
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
    let mut affected: Vec<ScoreItem> = Vec::new();
    let mut next = vec![item];
    let mut seen = HashSet::new();
    while !next.is_empty() && seen.len() < 4 * MAX_STEPS {
        next.retain(|id| seen.insert(*id));
        let rows = se::items(c, &next).await?;
        next = rows
            .iter()
            .flat_map(|r| r.source_item_id.into_iter().chain(r.combined_into_id))
            .collect();
        affected.extend(rows);
    }
    let offices: HashSet<i64> = affected.iter().filter_map(|r| r.office_id).collect();
    let mut versions = Versions::new();
    for o in offices {
        versions.extend(load_versions(c, Some(o)).await?);
    }
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

/// Every office's entries from the items, computed afresh (nothing written).
pub(crate) async fn recompute_all(c: &mut Conn<'_>, org: &OrgSnapshot) -> Result<Vec<EntryRow>> {
    let versions = load_versions(c, None).await?;
    let Some(first) = versions
        .values()
        .filter_map(|v| v.first())
        .map(|(d, _)| d.clone())
        .min()
    else {
        return Ok(Vec::new());
    };
    let from = crate::i18n::local_day_start(&first, false).unwrap_or(0);
    let mut g = Graph::default();
    g.add_items(se::items_since(c, from).await?);
    g.add_instructions(se::instructions_since(c, from).await?);
    let roots: Vec<i64> = g
        .items
        .values()
        .filter(|r| r.submitted_at.is_some_and(|t| t >= from) && is_root(r, &versions))
        .map(|r| r.id)
        .collect();
    Ok(compute(&g, org, &versions, &roots))
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
        let mut tx = self.store.write().await?;
        let rows = recompute_all(&mut tx.conn(), &org).await?;
        se::clear(&mut tx.conn(), None).await?;
        se::insert(&mut tx.conn(), &rows).await?;
        tx.commit().await?;
        Ok(rows.len())
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
        let mut r = self.store.read().await?;
        recompute_all(&mut r.conn(), &org).await
    }

    /// Every stored entry.
    pub async fn stored_scores(&self) -> Result<Vec<EntryRow>> {
        let mut r = self.store.read().await?;
        Ok(se::of_all(&mut r.conn()).await?)
    }
}

impl Graph {
    /// The units a root credits: its combined sources' units, or its own unit.
    pub(crate) fn units_of(&self, root: &ScoreItem) -> Vec<i64> {
        match self.sources.get(&root.id) {
            Some(u) if !u.is_empty() => u.clone(),
            _ => vec![root.unit_id],
        }
    }
}
