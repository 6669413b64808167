//! The full recompute: every office's entries from every item, read in parallel id ranges
//! and evaluated on every core (the same computation as the incremental update, which tests
//! check it equals).

use super::graph::Graph;
use super::materialise::{compute, is_root};
use super::versions::{Versions, load_versions};
use crate::org::OrgSnapshot;
use crate::{AppError, Result};
use std::sync::Arc;
use xinbao_store::score_entries::EntryRow;
use xinbao_store::{Conn, Store};

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
        Some(c) => Graph::load_on(c, 0).await?,
        None => Graph::load_all(store, 0).await?,
    };
    tracing::debug!(graph = ?started.elapsed(), "scoring graph loaded");
    let roots: Vec<i64> = g
        .all()
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
        let mut done = Vec::with_capacity(parts.len());
        for p in parts {
            done.push(
                p.join()
                    .map_err(|_| AppError::Internal("scoring worker failed".into()))?,
            );
        }
        // The first part grows in place to hold the others.
        let mut parts = done.into_iter();
        let mut out = parts.next().unwrap_or_default();
        let rest: Vec<Vec<EntryRow>> = parts.collect();
        out.reserve_exact(rest.iter().map(Vec::len).sum());
        rest.into_iter().for_each(|p| out.extend(p));
        Ok(out)
    })
}
