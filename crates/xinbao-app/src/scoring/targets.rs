//! Quotas and structure targets: which quota a unit works to (its office's scheme by unit
//! kind, per month or week, counting sent or adopted items; else its kind's monthly default),
//! and how the items it sent that reached a level split by type.

use super::graph::Graph;
use super::versions::{load_versions, version_at};
use crate::org::{OrgSnapshot, UnitView};
use crate::{App, Result};
use chrono::{Datelike, TimeZone};
use serde::Serialize;
use std::collections::BTreeMap;
use xinbao_domain::Timestamp;
use xinbao_domain::scoring::{Counting, Level, Per, Scheme};
use xinbao_store::Conn;
use xinbao_store::score_entries::{self as se};

/// The quota a unit works to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub per: Per,
    pub counting: Counting,
    pub items: i64,
}

/// The office's scheme's target for the unit's kind, its number replaced by the unit's own
/// quota when one is set; else the kind's monthly default of sent items (none when 0).
pub fn quota_of(scheme: Option<&Scheme>, unit: &UnitView) -> Option<Quota> {
    match scheme.and_then(|s| s.target_for(unit.kind.code(), &unit.name)) {
        Some(t) => Some(Quota {
            per: t.per,
            counting: t.counting,
            items: unit.quota_override.unwrap_or(i64::from(t.items)),
        }),
        None => (unit.quota > 0).then_some(Quota {
            per: Per::Month,
            counting: Counting::Sent,
            items: unit.quota,
        }),
    }
    .filter(|q| q.items > 0)
}

/// The first instant of the period holding `now`.
pub fn period_start(per: Per, now: i64) -> i64 {
    match per {
        Per::Week => super::week_start(now),
        Per::Month => {
            let tz = chrono_tz::Asia::Shanghai;
            let d = Timestamp(now).to_datetime().with_timezone(&tz);
            let first = d.date_naive().with_day0(0).unwrap_or(d.date_naive());
            first
                .and_hms_opt(0, 0, 0)
                .and_then(|t| tz.from_local_datetime(&t).single())
                .map_or(now, |t| t.timestamp_millis())
        }
    }
}

/// A structure target and where the unit stands.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StructureView {
    pub level: String,
    pub types: Vec<String>,
    pub min_percent: f64,
    /// Items that reached the level this year, and how many of them are of the types.
    pub reached: i64,
    pub of_types: i64,
    pub met: bool,
}

impl StructureView {
    pub fn percent(&self) -> i64 {
        if self.reached == 0 {
            0
        } else {
            self.of_types * 100 / self.reached
        }
    }
}

/// The scheme in force at `now` at each office, parsed.
pub(crate) async fn current_schemes(
    c: &mut Conn<'_>,
    office: Option<i64>,
    now: i64,
) -> Result<BTreeMap<i64, Scheme>> {
    let mut out = BTreeMap::new();
    for (o, vs) in load_versions(c, office).await? {
        if let Some(v) = version_at(&vs, now) {
            out.insert(o, Scheme::clone(&vs[v].1));
        }
    }
    Ok(out)
}

/// Per type, the unit's items sent up since `from` whose way reached `level`.
async fn reached(
    c: &mut Conn<'_>,
    org: &OrgSnapshot,
    unit: i64,
    from: i64,
    level: Level,
) -> Result<BTreeMap<String, i64>> {
    let roots = se::forwarded_of(c, unit, from).await?;
    let ids: Vec<i64> = roots.iter().map(|r| r.id).collect();
    let g = Graph::load_for(c, roots).await?;
    let mut out = BTreeMap::new();
    for id in ids {
        let chain = g.chain(id);
        let got = chain.iter().skip(1).any(|i| {
            i.office_id
                .and_then(|o| org.rows.get(&o))
                .and_then(|r| r.office_level.code())
                .and_then(Level::from_code)
                == Some(level)
        });
        if let (true, Some(first)) = (got, chain.first()) {
            *out.entry(first.item_type.code().to_string()).or_default() += 1;
        }
    }
    Ok(out)
}

impl App {
    /// Where a unit stands against its office's structure targets this year.
    pub(crate) async fn structure_of(
        &self,
        c: &mut Conn<'_>,
        scheme: Option<&Scheme>,
        unit: i64,
        year_start: i64,
    ) -> Result<Vec<StructureView>> {
        let Some(s) = scheme.filter(|s| !s.structure.is_empty()) else {
            return Ok(Vec::new());
        };
        let org = self.org().await?;
        let mut out = Vec::new();
        let mut by_level: BTreeMap<&str, BTreeMap<String, i64>> = BTreeMap::new();
        for t in &s.structure {
            let counts = match by_level.get(t.level.code()) {
                Some(c) => c.clone(),
                None => {
                    let got = reached(c, &org, unit, year_start, t.level).await?;
                    by_level.insert(t.level.code(), got.clone());
                    got
                }
            };
            let total: i64 = counts.values().sum();
            let of_types: i64 = t.types.iter().filter_map(|x| counts.get(x)).sum();
            out.push(StructureView {
                level: t.level.code().to_string(),
                types: t.types.clone(),
                min_percent: t.min_percent,
                reached: total,
                of_types,
                met: total > 0 && (of_types as f64) * 100.0 >= t.min_percent * total as f64,
            });
        }
        Ok(out)
    }
}
