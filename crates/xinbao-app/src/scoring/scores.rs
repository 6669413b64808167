//! Points of the units an office scores, derived from the items submitted to it in a period
//! and what became of them above, under the scheme version in force at each fact's time.

use super::parse_scheme;
use crate::{Actor, App, AppError, Result};
use chrono::Datelike;
use serde::Serialize;
use xinbao_domain::item::ItemStatus;
use xinbao_domain::scoring::{
    Entry, Fact, Instruction, Level, Scheme, Step, chain_facts, evaluate, ranking,
};
use xinbao_domain::{Role, Timestamp};
use xinbao_store::{Conn, instructions, items, scoring};

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

fn day_of(at: i64) -> String {
    Timestamp(at)
        .to_datetime()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d")
        .to_string()
}

fn event_of(e: &Entry, facts: &[Fact]) -> String {
    use xinbao_domain::scoring::FactKind as K;
    match facts.iter().find(|f| f.event == e.event).map(|f| &f.kind) {
        Some(K::Reported { .. }) => "reported",
        Some(K::Adopted { .. }) => "adopted",
        Some(K::Instructed { .. }) => "instructed",
        Some(K::Consolation { .. }) => "consolation",
        Some(K::Penalty { .. }) => "penalty",
        None => "quota",
    }
    .to_string()
}

impl App {
    /// The facts of the items submitted to `office` in `[from, to)`.
    async fn office_facts(
        &self,
        c: &mut Conn<'_>,
        office: i64,
        from: i64,
        to: i64,
    ) -> Result<Vec<Fact>> {
        Ok(self
            .office_chains(c, office, from, to)
            .await?
            .into_iter()
            .flat_map(|ch| ch.facts)
            .collect())
    }

    /// Each item submitted to `office` in `[from, to)` with the units it credits and its facts.
    pub(crate) async fn office_chains(
        &self,
        c: &mut Conn<'_>,
        office: i64,
        from: i64,
        to: i64,
    ) -> Result<Vec<Chain>> {
        let org = self.org().await?;
        let level = |unit: Option<i64>| {
            unit.and_then(|u| org.rows.get(&u))
                .and_then(|r| r.office_level.as_deref())
                .and_then(Level::from_code)
        };
        let mut chains = Vec::new();
        for root in items::scored_at(c, office, from, to).await? {
            let mut chain = vec![root.clone()];
            while let Some(next) = chain.last().and_then(|i| i.forwarded_item_id) {
                match items::get(c, next).await? {
                    Some(up) if chain.len() < 8 => chain.push(up),
                    _ => break,
                }
            }
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
            let ids: Vec<i64> = chain.iter().map(|i| i.id).collect();
            let given: Vec<Instruction> = instructions::on_items(c, &ids)
                .await?
                .into_iter()
                .filter_map(|n| {
                    Some(Instruction {
                        id: n.id,
                        item_id: n.item_id,
                        level: Level::from_code(&n.leader_level)?,
                        at: n.created_at,
                    })
                })
                .collect();
            let mut units: Vec<i64> = items::sources_of(c, root.id)
                .await?
                .iter()
                .map(|s| s.unit_id)
                .collect();
            if units.is_empty() {
                units.push(root.unit_id);
            }
            let path = if root.direct_report {
                "direct"
            } else {
                "relayed"
            };
            let facts = chain_facts(&steps, &given, &units, &root.item_type, path);
            chains.push(Chain { root, units, facts });
        }
        Ok(chains)
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
        let sees_all = actor.is_admin()
            || actor
                .principal
                .roles_in(office)
                .iter()
                .any(|r| matches!(r, Role::Editor | Role::Admin | Role::Signer | Role::Reader));
        let own = unit.filter(|u| !actor.principal.roles_in(*u).is_empty());
        if !sees_all && own.is_none() {
            return Err(AppError::Forbidden);
        }
        if to <= from || to - from > 400 * 86_400_000 {
            return Err(AppError::invalid("to", "range"));
        }
        let mut r = self.store.read().await?;
        let versions: Vec<(String, Scheme)> = scoring::versions(&mut r.conn(), office)
            .await?
            .into_iter()
            .filter_map(|v| Some((v.effective_from.clone(), parse_scheme(&v.body).ok()?)))
            .collect();
        // Without a scheme nothing scores: skip walking the office's items (the home page
        // asks on every visit).
        if versions.is_empty() {
            return Ok(Vec::new());
        }
        let mut facts = self.office_facts(&mut r.conn(), office, from, to).await?;
        let penalties = scoring::penalties(&mut r.conn(), office, from, to).await?;
        facts.extend(super::penalties::penalty_facts(&penalties));
        drop(r);
        let mut entries: Vec<Entry> = Vec::new();
        for (i, (start, scheme)) in versions.iter().enumerate() {
            let end = versions.get(i + 1).map(|(d, _)| d.clone());
            let under: Vec<Fact> = facts
                .iter()
                .filter(|f| {
                    let d = day_of(f.at);
                    d >= *start && end.as_ref().is_none_or(|e| d < *e)
                })
                .cloned()
                .collect();
            entries.extend(evaluate(scheme, &under, &[], year_of));
        }
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
                        event: event_of(e, &facts),
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
