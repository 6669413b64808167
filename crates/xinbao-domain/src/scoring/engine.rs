//! The scoring engine: facts from an item's history and a scheme in, explained entries out.
//! An item's entries depend only on that item's facts, so an update after an event recomputes
//! one item; yearly caps and quota base points apply afterwards, per unit and year.

use super::scheme::{Centi, Combined, On, Repeat, Rule, Scheme, centi};
use super::{Entry, Fact, FactKind};
use std::collections::{BTreeMap, HashMap};

/// The most specific rule matching a fact (validation rules out ties).
pub fn rule_for<'a>(scheme: &'a Scheme, fact: &Fact) -> Option<&'a Rule> {
    let (on, level, periodical) = match &fact.kind {
        FactKind::Reported { level } => (On::Reported, *level, None),
        FactKind::Adopted { level, periodical } => (On::Adopted, *level, periodical.as_deref()),
        FactKind::Instructed { level } => (On::Instructed, *level, None),
        FactKind::Consolation { level } => (On::Consolation, *level, None),
        FactKind::Penalty { .. } => return None,
    };
    scheme
        .rules
        .iter()
        .filter(|r| r.on == on)
        .filter(|r| r.level.is_none_or(|l| l == level))
        .filter(|r| r.periodical.is_none() || r.periodical.as_deref() == periodical)
        .filter(|r| r.item_type.as_ref().is_none_or(|t| *t == fact.item_type))
        .max_by_key(|r| r.specificity())
}

/// Shares of `points` for `units` (sorted, deduplicated): equal split with the remainder
/// going one hundredth at a time to the first units, a fixed fraction each, or a fixed value
/// each.
pub fn shares(scheme: &Scheme, points: Centi, units: &[i64]) -> Vec<(i64, Centi, bool)> {
    let n = units.len() as Centi;
    if n <= 1 {
        return units.iter().map(|u| (*u, points, false)).collect();
    }
    match scheme.combined {
        Combined::Equal => {
            let (each, rem) = (points.div_euclid(n), points.rem_euclid(n));
            units
                .iter()
                .enumerate()
                .map(|(i, u)| (*u, each + Centi::from((i as Centi) < rem), true))
                .collect()
        }
        Combined::Fraction(f) => units
            .iter()
            .map(|u| (*u, (points as f64 * f).round() as Centi, true))
            .collect(),
        // A fixed value each, with the rule's sign (a penalty stays a penalty).
        Combined::Each(v) => units
            .iter()
            .map(|u| (*u, centi(v) * points.signum(), true))
            .collect(),
    }
}

/// The entries of one item's facts (in any order), before yearly caps.
pub fn item_entries(scheme: &Scheme, facts: &[Fact]) -> Vec<Entry> {
    let mut facts: Vec<&Fact> = facts.iter().collect();
    facts.sort_by_key(|f| (f.at, f.event));
    let factor = |path: &str| {
        scheme
            .paths
            .iter()
            .find(|p| p.path == path)
            .map_or(1.0, |p| p.factor)
    };
    let mut scored: Vec<(&Fact, &Rule, Centi)> = Vec::new();
    for f in &facts {
        if let Some(rule) = rule_for(scheme, f) {
            let mut base = centi(rule.points);
            if rule.on == On::Adopted {
                base = (base as f64 * factor(&f.path)).round() as Centi;
            }
            scored.push((f, rule, base));
        }
    }
    // Highest only: the item's best adoption counts; the others are shown at zero.
    let best = scored
        .iter()
        .filter(|(_, r, _)| r.on == On::Adopted)
        .max_by_key(|(f, _, p)| (*p, std::cmp::Reverse((f.at, f.event))))
        .map(|(f, _, _)| f.event);
    let mut out = Vec::new();
    for (f, rule, base) in scored {
        let superseded =
            scheme.repeat == Repeat::Highest && rule.on == On::Adopted && Some(f.event) != best;
        // Units are usually one, or already in order: sorted and deduplicated only if not.
        let units: std::borrow::Cow<[i64]> = if f.units.windows(2).all(|w| w[0] < w[1]) {
            (&f.units[..]).into()
        } else {
            let mut u = f.units.clone();
            u.sort_unstable();
            u.dedup();
            u.into()
        };
        for (unit, points, shared) in shares(scheme, base, &units) {
            out.push(Entry {
                unit_id: unit,
                item_id: f.item_id,
                event: f.event,
                at: f.at,
                rule: rule.id.clone(),
                points: if superseded { 0 } else { points },
                note: if superseded {
                    Some("highest_only")
                } else if shared {
                    Some("shared")
                } else {
                    None
                },
                reason: None,
            });
        }
    }
    for f in facts {
        if let FactKind::Penalty { points, reason } = &f.kind {
            for unit in &f.units {
                out.push(Entry {
                    unit_id: *unit,
                    item_id: f.item_id,
                    event: f.event,
                    at: f.at,
                    rule: "penalty".into(),
                    points: centi(*points),
                    note: None,
                    reason: Some(reason.clone()),
                });
            }
        }
    }
    out
}

/// Applies yearly caps per unit, rule and year (`year_of` maps a time to its Beijing year),
/// in time order; an entry over the cap keeps what fits and is marked `capped`.
pub fn apply_caps(scheme: &Scheme, entries: &mut [Entry], year_of: impl Fn(i64) -> i32) {
    let caps: HashMap<&str, Centi> = scheme
        .rules
        .iter()
        .filter_map(|r| r.yearly_cap.map(|c| (r.id.as_str(), centi(c))))
        .chain(
            scheme
                .quota
                .as_ref()
                .and_then(|q| q.yearly_cap)
                .map(|c| ("quota", centi(c))),
        )
        .collect();
    if caps.is_empty() {
        return;
    }
    entries.sort_by_key(|e| (e.at, e.event, e.unit_id));
    let mut used: HashMap<(i64, &str, i32), Centi> = HashMap::new();
    for e in entries.iter_mut() {
        let Some((rule, cap)) = caps.get_key_value(e.rule.as_str()) else {
            continue;
        };
        let key = (e.unit_id, *rule, year_of(e.at));
        let sum = used.entry(key).or_insert(0);
        let room = (cap - *sum).max(0);
        if e.points > room {
            e.points = room;
            e.note = Some("capped");
        }
        *sum += e.points;
    }
}

/// Base points for each month a unit met its quota: (unit, month's first instant).
pub fn quota_entries(scheme: &Scheme, months_met: &[(i64, i64)]) -> Vec<Entry> {
    let Some(q) = &scheme.quota else {
        return Vec::new();
    };
    months_met
        .iter()
        .map(|(unit, at)| Entry {
            unit_id: *unit,
            item_id: None,
            event: 0,
            at: *at,
            rule: "quota".into(),
            points: centi(q.points_per_month),
            note: None,
            reason: None,
        })
        .collect()
}

/// Every entry of every item, the quota's base points, caps applied: a full recompute.
pub fn evaluate(
    scheme: &Scheme,
    facts: &[Fact],
    months_met: &[(i64, i64)],
    year_of: impl Fn(i64) -> i32,
) -> Vec<Entry> {
    let mut by_item: BTreeMap<(Option<i64>, i64), Vec<Fact>> = BTreeMap::new();
    for f in facts {
        // Penalties without an item stand alone.
        let key = (f.item_id, if f.item_id.is_some() { 0 } else { f.event });
        by_item.entry(key).or_default().push(f.clone());
    }
    let mut out: Vec<Entry> = by_item
        .values()
        .flat_map(|fs| item_entries(scheme, fs))
        .collect();
    out.extend(quota_entries(scheme, months_met));
    apply_caps(scheme, &mut out, year_of);
    out
}

/// Points per unit, highest first, with ranks (equal points share a rank).
pub fn ranking(entries: &[Entry]) -> Vec<(i64, Centi, usize)> {
    let mut totals: BTreeMap<i64, Centi> = BTreeMap::new();
    for e in entries {
        *totals.entry(e.unit_id).or_default() += e.points;
    }
    let mut list: Vec<(i64, Centi)> = totals.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = Vec::with_capacity(list.len());
    for (i, (unit, points)) in list.iter().enumerate() {
        let rank = match out.last() {
            Some((_, p, r)) if p == points => *r,
            _ => i + 1,
        };
        out.push((*unit, *points, rank));
    }
    out
}
