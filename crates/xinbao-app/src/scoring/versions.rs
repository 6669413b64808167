//! Scoring scheme versions per office, as computations read them: each office's versions in
//! effective order, each file parsed once per process (a saved version never changes).

use super::graph::Fast;
use super::parse_scheme;
use crate::Result;
use std::collections::HashMap;
use std::sync::Arc;
use xinbao_domain::scoring::Scheme;
use xinbao_store::Conn;
use xinbao_store::scoring;

/// Scheme versions per office: (first instant of its first day in Beijing, scheme), oldest
/// first.
pub(crate) type Versions = Fast<Vec<(i64, Arc<Scheme>)>>;

pub(crate) async fn load_versions(c: &mut Conn<'_>, office: Option<i64>) -> Result<Versions> {
    let rows = match office {
        Some(o) => scoring::versions(c, o).await?,
        None => scoring::all_versions(c).await?,
    };
    Ok(versions_of_rows(rows))
}

/// The versions of several offices, in one query.
pub(crate) async fn load_versions_of(c: &mut Conn<'_>, offices: &[i64]) -> Result<Versions> {
    Ok(versions_of_rows(scoring::versions_of(c, offices).await?))
}

fn versions_of_rows(rows: Vec<scoring::SchemeRow>) -> Versions {
    let mut out = Versions::default();
    for v in rows {
        let start = crate::i18n::local_day_start(&v.effective_from, false);
        if let (Some(s), Some(start)) = (parsed(&v.body), start) {
            out.entry(v.office_id).or_default().push((start, s));
        }
    }
    out
}

/// A scheme file parsed, remembered by its text: a saved version never changes, and every
/// change to an item reads the versions of the offices on its way up.
fn parsed(body: &str) -> Option<Arc<Scheme>> {
    type Cache = std::sync::Mutex<HashMap<String, Arc<Scheme>>>;
    static CACHE: std::sync::LazyLock<Cache> = std::sync::LazyLock::new(Cache::default);
    let Ok(mut cache) = CACHE.lock() else {
        return parse_scheme(body).ok().map(Arc::new);
    };
    if let Some(s) = cache.get(body) {
        return Some(s.clone());
    }
    let s = Arc::new(parse_scheme(body).ok()?);
    // A bound, for an installation whose administrators save many versions.
    if cache.len() >= 256 {
        cache.clear();
    }
    cache.insert(body.to_string(), s.clone());
    Some(s)
}

/// The version in force at `at` (none before the first).
pub(crate) fn version_at(versions: &[(i64, Arc<Scheme>)], at: i64) -> Option<usize> {
    versions.iter().rposition(|(from, _)| *from <= at)
}
