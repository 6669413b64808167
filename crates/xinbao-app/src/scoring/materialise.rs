//! Materialised scores: the entries each scored item earns are written to `score_entries` in
//! the transaction of every change to the item or its copies above (incremental), and can be
//! rebuilt from the items at any time (full recompute); both use the same computation, and
//! tests check they agree.

use super::parse_scheme;
use crate::org::OrgSnapshot;
use crate::{App, AppError, Result};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use xinbao_domain::item::ItemStatus;
use xinbao_domain::scoring::{Fact, FactKind, Instruction, Level, Scheme, Step, chain_facts};
use xinbao_store::score_entries::{self as se, EntryRow, InstructionFact, Link, ScoreItem};
use xinbao_store::scoring;
use xinbao_store::{Conn, Store};

/// How far up a chain of copies is followed (county → city → province → centre, with room).
const MAX_STEPS: usize = 8;

/// Scheme versions per office: (first instant of its first day in Beijing, scheme), oldest
/// first.
pub(crate) type Versions = HashMap<i64, Vec<(i64, Scheme)>>;

pub(crate) async fn load_versions(c: &mut Conn<'_>, office: Option<i64>) -> Result<Versions> {
    let rows = match office {
        Some(o) => scoring::versions(c, o).await?,
        None => scoring::all_versions(c).await?,
    };
    let mut out: Versions = HashMap::new();
    for v in rows {
        let start = crate::i18n::local_day_start(&v.effective_from, false);
        if let (Ok(s), Some(start)) = (parse_scheme(&v.body), start) {
            out.entry(v.office_id).or_default().push((start, s));
        }
    }
    Ok(out)
}

/// The version in force at `at` (none before the first).
pub(crate) fn version_at(versions: &[(i64, Scheme)], at: i64) -> Option<usize> {
    versions.iter().rposition(|(from, _)| *from <= at)
}

/// What a computation reads: items by id, combined sources' units by target, instructions by
/// item.
/// A province's million items are looked up by id several times each: foldhash rather than
/// the DoS-resistant default (ids are ours, not an attacker's).
type Fast<V> = HashMap<i64, V, foldhash::fast::RandomState>;

#[derive(Default)]
pub(crate) struct Graph {
    items: Fast<ScoreItem>,
    sources: Fast<Vec<i64>>,
    instructions: Fast<Vec<InstructionFact>>,
}

impl Graph {
    /// Every item submitted since `from` (and every combined source) and every instruction
    /// since then, the item ranges read in parallel on the store's readers and unpacked off
    /// the async executor.
    async fn load_all(store: &Store, from: i64) -> Result<Graph> {
        let max = se::max_item_id(&mut store.read().await?.conn()).await?;
        let mut tasks = tokio::task::JoinSet::new();
        // As many ranges at a time as there are cores: more only switch between threads.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let gate = Arc::new(tokio::sync::Semaphore::new(cores));
        for (lo, hi) in se::ranges(max) {
            let (store, gate) = (store.clone(), gate.clone());
            tasks.spawn(async move {
                let _turn = gate
                    .acquire_owned()
                    .await
                    .map_err(|e| AppError::Internal(e.to_string()))?;
                let packed =
                    se::packed_items(&mut store.read().await?.conn(), lo, hi, from).await?;
                let rows = tokio::task::spawn_blocking(move || {
                    packed.map_or(Ok(Vec::new()), |p| se::unpack_items(&p))
                })
                .await
                .map_err(|e| AppError::Internal(e.to_string()))??;
                Ok::<_, AppError>(rows)
            });
        }
        let mut g = Graph {
            items: Fast::with_capacity_and_hasher(
                usize::try_from(max).unwrap_or(0),
                foldhash::fast::RandomState::default(),
            ),
            ..Graph::default()
        };
        while let Some(done) = tasks.join_next().await {
            g.add_items(done.map_err(|e| AppError::Internal(e.to_string()))??);
        }
        let mut r = store.read().await?;
        g.add_instructions(se::instructions_since(&mut r.conn(), from).await?);
        Ok(g)
    }

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
    pub(crate) fn chain(&self, root: i64) -> Vec<&ScoreItem> {
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

/// Every office's entries from the items, computed afresh (nothing written): read on `c`
/// (inside a transaction) or, without one, in parallel on the store's readers.
pub(crate) async fn recompute_all(
    store: &Store,
    mut c: Option<&mut Conn<'_>>,
    org: Arc<OrgSnapshot>,
) -> Result<Vec<EntryRow>> {
    let started = std::time::Instant::now();
    let versions = match c.as_deref_mut() {
        Some(c) => load_versions(c, None).await?,
        None => load_versions(&mut store.read().await?.conn(), None).await?,
    };
    if versions.is_empty() {
        return Ok(Vec::new());
    }
    // Every item: one submitted before a scheme began still earns what happens to it after.
    let g = match c {
        Some(c) => {
            let mut g = Graph::default();
            g.add_items(se::items_since(c, 0).await?);
            g.add_instructions(se::instructions_since(c, 0).await?);
            g
        }
        None => Graph::load_all(store, 0).await?,
    };
    tracing::debug!(graph = ?started.elapsed(), "scoring graph loaded");
    let roots: Vec<i64> = g
        .items
        .values()
        .filter(|r| is_root(r, &versions))
        .map(|r| r.id)
        .collect();
    let rows = tokio::task::spawn_blocking(move || {
        let rows = compute_parallel(&g, &org, &versions, &roots);
        // A million items take a while to free: not on the caller's time.
        std::thread::spawn(move || drop(g));
        rows
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))??;
    tracing::debug!(total = ?started.elapsed(), "scores recomputed");
    Ok(rows)
}

/// [`compute`] on every core: roots are independent.
fn compute_parallel(
    g: &Graph,
    org: &OrgSnapshot,
    versions: &Versions,
    roots: &[i64],
) -> Result<Vec<EntryRow>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores <= 1 || roots.len() < 10_000 {
        return Ok(compute(g, org, versions, roots));
    }
    std::thread::scope(|s| {
        let parts: Vec<_> = roots
            .chunks(roots.len().div_ceil(cores))
            .map(|part| s.spawn(move || compute(g, org, versions, part)))
            .collect();
        let mut out = Vec::new();
        for p in parts {
            out.extend(
                p.join()
                    .map_err(|_| AppError::Internal("scoring worker failed".into()))?,
            );
        }
        Ok(out)
    })
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
        let mut tx = self.store.write().await?;
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

impl Graph {
    /// The units a root credits: its combined sources' units, or its own unit.
    pub(crate) fn units_of(&self, root: &ScoreItem) -> Vec<i64> {
        match self.sources.get(&root.id) {
            Some(u) if !u.is_empty() => u.clone(),
            _ => vec![root.unit_id],
        }
    }
}
