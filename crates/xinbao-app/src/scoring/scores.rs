//! Points of the units an office scores, derived from the items submitted to it in a period
//! and what became of them above, under the scheme version in force at each fact's time.

use super::graph::Graph;
use super::materialise::facts_of;
use super::versions::{load_versions, version_at};
use crate::{Actor, App, AppError, Result};
use chrono::Datelike;
use serde::Serialize;
use std::collections::HashMap;
use xinbao_domain::Timestamp;
use xinbao_domain::scope;
use xinbao_domain::scoring::{Entry, Fact, apply_caps, item_entries, ranking};
use xinbao_store::score_entries::{self, ScoreItem};
use xinbao_store::{Conn, items, scoring};

/// One explained line.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EntryView {
    pub item_id: Option<i64>,
    /// What happened: `reported`, `adopted`, `instructed`, `consolation`, `penalty`, `quota`.
    pub event: String,
    pub event_id: i64,
    pub rule: String,
    pub points: f64,
    pub at: i64,
    pub note: Option<String>,
    pub reason: Option<String>,
}

impl EntryView {
    /// The number of the penalty line, for a correction to cite.
    pub fn penalty_no(&self) -> Option<i64> {
        (self.event == "penalty").then_some((-self.event_id - 1) / 4)
    }
}

/// A unit's points in the period, its rank among the office's units, and every entry.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitScore {
    pub unit_id: i64,
    pub unit_name: String,
    pub points: f64,
    pub rank: usize,
    pub entries: Vec<EntryView>,
}

/// An item the office scores, the units it credits, and its facts.
pub(crate) struct Chain {
    pub root: items::ItemRow,
    pub units: Vec<i64>,
    pub facts: Vec<Fact>,
}

pub(crate) fn year_of(at: i64) -> i32 {
    Timestamp(at)
        .to_datetime()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .year()
}

/// A stored note back to the engine's vocabulary.
fn note_of(n: Option<&str>) -> Option<&'static str> {
    match n? {
        "shared" => Some("shared"),
        "highest_only" => Some("highest_only"),
        "capped" => Some("capped"),
        _ => None,
    }
}

impl App {
    /// Each item submitted to `office` in `[from, to)` with the units it credits and its facts
    /// (the chains above loaded in bulk: one query per step up, not per item).
    pub(crate) async fn office_chains(
        &self,
        c: &mut Conn<'_>,
        office: i64,
        from: i64,
        to: i64,
    ) -> Result<Vec<Chain>> {
        let org = self.org().await?;
        let roots = items::scored_at(c, office, from, to).await?;
        let g = Graph::load_for(c, roots.iter().map(ScoreItem::of).collect()).await?;
        Ok(roots
            .into_iter()
            .map(|root| {
                let s = ScoreItem::of(&root);
                Chain {
                    units: g.units_of(&s),
                    facts: facts_of(&g, &org, &s),
                    root,
                }
            })
            .collect())
    }

    /// Every unit's points from the items submitted to `office` in `[from, to)`, ranked and
    /// explained. The office's people see every unit; a unit's people see their own unit.
    pub async fn scores(
        &self,
        actor: &Actor,
        office: Option<i64>,
        from: i64,
        to: i64,
        unit: Option<i64>,
    ) -> Result<Vec<UnitScore>> {
        let office = self.scoring_office(actor, office).await?;
        let tree = &self.org().await?.tree;
        let sees_all = actor.system || scope::reads_reports_at(&actor.principal, tree, office);
        let own = unit.filter(|u| scope::belongs_to(&actor.principal, *u));
        if !sees_all && own.is_none() {
            return Err(AppError::Forbidden);
        }
        if to <= from || to - from > 400 * 86_400_000 {
            return Err(AppError::invalid("to", "range"));
        }
        let mut r = self.store.read().await?;
        let versions = load_versions(&mut r.conn(), Some(office))
            .await?
            .remove(&office)
            .unwrap_or_default();
        // Without a scheme nothing scores (the home page asks on every visit).
        if versions.is_empty() {
            return Ok(Vec::new());
        }
        let rows = score_entries::of_office(&mut r.conn(), office, from, to).await?;
        let penalties = scoring::penalties(&mut r.conn(), office, from, to).await?;
        drop(r);
        let mut kinds: HashMap<i64, String> = HashMap::new();
        let mut by_version: Vec<Vec<Entry>> = vec![Vec::new(); versions.len()];
        for row in rows {
            let Some(v) = version_at(&versions, row.at) else {
                continue;
            };
            kinds.insert(row.event, row.kind.into_owned());
            by_version[v].push(Entry {
                unit_id: row.unit_id,
                item_id: Some(row.root_id),
                event: row.event,
                at: row.at,
                rule: row.rule,
                points: row.points,
                note: note_of(row.note.as_deref()),
                reason: None,
            });
        }
        for f in super::penalties::penalty_facts(&penalties) {
            kinds.insert(f.event, "penalty".into());
            if let Some(v) = version_at(&versions, f.at) {
                by_version[v].extend(item_entries(&versions[v].1, &[f]));
            }
        }
        let mut entries: Vec<Entry> = Vec::new();
        for (v, mut list) in by_version.into_iter().enumerate() {
            apply_caps(&versions[v].1, &mut list, year_of);
            entries.extend(list);
        }
        entries.sort_by_key(|e| (e.at, e.event, e.unit_id));
        let org = self.org().await?;
        let out = ranking(&entries)
            .into_iter()
            .filter(|(u, _, _)| sees_all && unit.is_none_or(|x| x == *u) || own == Some(*u))
            .map(|(u, points, rank)| UnitScore {
                unit_id: u,
                unit_name: org.name(u),
                points: points as f64 / 100.0,
                rank,
                entries: entries
                    .iter()
                    .filter(|e| e.unit_id == u)
                    .map(|e| EntryView {
                        item_id: e.item_id,
                        event: kinds
                            .get(&e.event)
                            .cloned()
                            .unwrap_or_else(|| "quota".into()),
                        event_id: e.event,
                        rule: e.rule.clone(),
                        points: e.points as f64 / 100.0,
                        at: e.at,
                        note: e.note.map(str::to_string),
                        reason: e.reason.clone(),
                    })
                    .collect(),
            })
            .collect();
        Ok(out)
    }
}
