//! What a scoring computation reads: items (each with the copy it was forwarded as), the
//! source units of combined items, and instructions by item. A full load keeps a province's
//! million items in dense per-range slots, each range filled by its own reader in parallel;
//! an incremental load keeps the few items of some chains by id.

use crate::{AppError, Result};
use std::collections::HashMap;
use std::sync::Arc;
use xinbao_store::score_entries::{self as se, InstructionFact, ScoreItem};
use xinbao_store::score_ranges::{self as sr, Packed};
use xinbao_store::{Conn, Store};

/// How far up a chain of copies is followed (county → city → province → centre, with room).
pub(crate) const MAX_STEPS: usize = 8;

/// Maps keyed by our own ids, looked up millions of times in a full recompute: foldhash
/// rather than the DoS-resistant default (the keys are ours, not an attacker's).
pub(crate) type Fast<V> = HashMap<i64, V, foldhash::fast::RandomState>;

/// One range of a full load: the slot of id `k * RANGE + 1 + i` is `i`.
type Slots = Vec<Option<ScoreItem>>;

#[derive(Default)]
pub(crate) struct Graph {
    /// Ranges of a full load, by range number (empty for an incremental load).
    dense: Vec<Slots>,
    /// Items of an incremental load.
    items: Fast<ScoreItem>,
    sources: Fast<Vec<i64>>,
    instructions: Fast<Vec<InstructionFact>>,
}

/// What one range's reader hands back: its slots and the combined items' (target, unit).
type RangeLoad = (usize, Slots, Vec<(i64, i64)>);

impl Graph {
    /// Every item submitted since `from` (and every combined source) and every instruction
    /// since then: the id ranges read on the store's readers, as many at a time as there are
    /// cores, each unpacked into its slots off the async executor.
    pub(crate) async fn load_all(store: &Store, from: i64) -> Result<Graph> {
        let max = sr::max_item_id(&mut store.read().await?.conn()).await?;
        let mut tasks = tokio::task::JoinSet::new();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let gate = Arc::new(tokio::sync::Semaphore::new(cores));
        let ranges = sr::ranges(max);
        let count = ranges.len();
        for (k, (lo, hi)) in ranges.into_iter().enumerate() {
            let (store, gate) = (store.clone(), gate.clone());
            tasks.spawn(async move {
                let _turn = gate.acquire_owned().await.map_err(internal)?;
                let packed =
                    sr::packed_items(&mut store.read().await?.conn(), lo, hi, from).await?;
                tokio::task::spawn_blocking(move || fill(k, lo, packed))
                    .await
                    .map_err(internal)?
            });
        }
        let mut g = Graph {
            dense: vec![Vec::new(); count],
            ..Graph::default()
        };
        while let Some(done) = tasks.join_next().await {
            let (k, slots, combined) = done.map_err(internal)??;
            g.dense[k] = slots;
            for (target, unit) in combined {
                g.sources.entry(target).or_default().push(unit);
            }
        }
        let mut r = store.read().await?;
        g.add_instructions(se::instructions_since(&mut r.conn(), from).await?);
        Ok(g)
    }

    /// Every item submitted since `from` (and every combined source) and every instruction
    /// since then, read on `c` (inside a transaction).
    pub(crate) async fn load_on(c: &mut Conn<'_>, from: i64) -> Result<Graph> {
        let mut g = Graph::default();
        g.add_items(sr::items_since(c, from).await?);
        g.add_instructions(se::instructions_since(c, from).await?);
        Ok(g)
    }

    /// Loads the chains above `roots` and what they need: one query per step up, one for
    /// combined sources, one for instructions (none when the chains have none).
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
        g.add_items(se::combined_into(c, &root_ids).await?);
        // Most chains have no instructions: no query for them then.
        let ids: Vec<i64> = g
            .items
            .values()
            .filter(|i| i.instruction_count > 0)
            .map(|i| i.id)
            .collect();
        g.add_instructions(se::instructions_on(c, &ids).await?);
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

    /// The item with this id, if loaded.
    pub(crate) fn get(&self, id: i64) -> Option<&ScoreItem> {
        let at = |n: i64| usize::try_from(n).ok();
        let (k, i) = (
            at((id - 1).div_euclid(sr::RANGE)),
            at((id - 1).rem_euclid(sr::RANGE)),
        );
        match k.zip(i).and_then(|(k, i)| self.dense.get(k)?.get(i)) {
            Some(slot) => slot.as_ref(),
            None => self.items.get(&id),
        }
    }

    /// Every loaded item.
    pub(crate) fn all(&self) -> impl Iterator<Item = &ScoreItem> {
        let dense = self.dense.iter().flatten().flatten();
        dense.chain(self.items.values())
    }

    /// The root and its copies above, in order.
    pub(crate) fn chain(&self, root: i64) -> Vec<&ScoreItem> {
        let mut out: Vec<&ScoreItem> = Vec::with_capacity(4);
        let mut next = Some(root);
        while let Some(id) = next {
            match self.get(id) {
                Some(i) if out.len() < MAX_STEPS => {
                    out.push(i);
                    next = i.forwarded_item_id;
                }
                _ => break,
            }
        }
        out
    }

    /// The instructions given on an item.
    pub(crate) fn instructions_on(&self, item: i64) -> &[InstructionFact] {
        self.instructions.get(&item).map_or(&[], Vec::as_slice)
    }

    /// The units a root credits: its combined sources' units, or its own unit.
    pub(crate) fn units_of(&self, root: &ScoreItem) -> Vec<i64> {
        match self.sources.get(&root.id) {
            Some(u) if !u.is_empty() => u.clone(),
            _ => vec![root.unit_id],
        }
    }
}

/// One range's rows unpacked into its slots.
fn fill(k: usize, lo: i64, packed: Option<Packed>) -> Result<RangeLoad> {
    let rows = match packed {
        Some(p) => p.into_items()?,
        None => Vec::new(),
    };
    if rows.is_empty() {
        return Ok((k, Vec::new(), Vec::new()));
    }
    let mut slots: Slots = std::iter::repeat_with(|| None)
        .take(usize::try_from(sr::RANGE).unwrap_or(0))
        .collect();
    let mut combined = Vec::new();
    for row in rows {
        if let Some(t) = row.combined_into_id {
            combined.push((t, row.unit_id));
        }
        let slot = usize::try_from(row.id - lo - 1)
            .ok()
            .and_then(|i| slots.get_mut(i));
        if let Some(slot) = slot {
            *slot = Some(row);
        }
    }
    Ok((k, slots, combined))
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, forwarded: Option<i64>) -> String {
        let up = forwarded.map_or("null".into(), |f| f.to_string());
        format!(r#"[{id},1,2,"forwarded","dynamic",10,20,{up},null,0,null,0]"#)
    }

    #[test]
    fn a_full_load_finds_items_on_both_sides_of_a_range_boundary_and_follows_chains_across_it() {
        let r = sr::RANGE;
        let first = format!("[{},{}]", row(1, None), row(r, Some(r + 1)));
        let second = format!("[{}]", row(r + 1, None));
        let mut g = Graph {
            dense: vec![Vec::new(); 3],
            ..Graph::default()
        };
        for (k, lo, packed) in [(0, 0, first), (1, r, second)] {
            let (k, slots, _) = fill(k, lo, Some(Packed::Json(packed))).unwrap();
            g.dense[k] = slots;
        }
        let id = |i: Option<&ScoreItem>| i.map(|i| i.id);
        assert_eq!(id(g.get(1)), Some(1));
        assert_eq!(id(g.get(r)), Some(r));
        assert_eq!(id(g.get(r + 1)), Some(r + 1));
        assert_eq!(id(g.get(2)), None);
        assert_eq!(id(g.get(2 * r + 5)), None, "a range with no rows");
        assert_eq!(id(g.get(9 * r)), None, "beyond the last range");
        assert_eq!(id(g.get(0)), None);
        let chain: Vec<i64> = g.chain(r).iter().map(|i| i.id).collect();
        assert_eq!(chain, vec![r, r + 1]);
        assert_eq!(g.all().count(), 3);
    }

    #[test]
    fn a_range_the_database_packs_badly_is_an_error_not_a_panic() {
        let json = |s: &str| Some(Packed::Json(s.into()));
        assert!(fill(0, 0, json("[[1,2]]")).is_err());
        assert!(fill(0, 0, json("not json")).is_err());
        for empty in [None, json("[]")] {
            let (_, slots, _) = fill(0, 0, empty).unwrap();
            assert!(slots.is_empty());
        }
    }
}
