//! Properties of any valid scheme: validation, incremental evaluation and exact shares.

use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn arb_kind() -> impl Strategy<Value = FactKind> {
    let level = prop::sample::select(Level::ALL.to_vec());
    let periodical = prop::option::of(prop::sample::select(vec![
        "甲刊".to_string(),
        "乙刊".into(),
    ]));
    prop_oneof![
        level.clone().prop_map(|level| FactKind::Reported { level }),
        (level.clone(), periodical)
            .prop_map(|(level, periodical)| FactKind::Adopted { level, periodical }),
        level
            .clone()
            .prop_map(|level| FactKind::Instructed { level }),
        level.prop_map(|level| FactKind::Consolation { level }),
        (-30i32..0).prop_map(|p| FactKind::Penalty {
            points: f64::from(p),
            reason: "r".into()
        }),
    ]
}

fn arb_scheme() -> impl Strategy<Value = Scheme> {
    // One rule per (on, level) and per (adopted, level, periodical): never overlapping.
    let pts = prop::collection::vec(0i32..100, 24);
    (pts, any::<bool>(), prop::option::of(1i32..50)).prop_map(|(p, cumulative, cap)| {
        let mut rules = Vec::new();
        let ons = [On::Reported, On::Adopted, On::Instructed, On::Consolation];
        for (i, on) in ons.iter().enumerate() {
            for (j, l) in Level::ALL.iter().enumerate() {
                rules.push(rule(
                    &format!("{}-{}", on.code(), l.code()),
                    *on,
                    Some(*l),
                    None,
                    f64::from(p[i * 4 + j]),
                ));
            }
        }
        for (j, l) in Level::ALL.iter().enumerate() {
            let mut r = rule(
                &format!("甲刊-{}", l.code()),
                On::Adopted,
                Some(*l),
                Some("甲刊"),
                f64::from(p[16 + j]),
            );
            r.yearly_cap = cap.map(f64::from);
            rules.push(r);
        }
        let mut s = scheme(rules);
        if cumulative {
            s.repeat = Repeat::Cumulative;
        }
        s
    })
}

proptest! {
    /// Keeping each item's entries up to date as its facts arrive, in any order, then applying
    /// the caps, gives exactly the full recompute.
    #[test]
    fn incremental_updates_equal_a_full_recompute(
        s in arb_scheme(),
        raw in prop::collection::vec((0i64..12, arb_kind(), prop::collection::vec(1i64..6, 1..4), 0i64..400), 1..60),
        order in any::<u64>(),
    ) {
        prop_assert!(validate(&s, None).is_ok());
        let facts: Vec<Fact> = raw.iter().enumerate().map(|(i, (item, kind, units, day))| Fact {
            event: i as i64 + 1,
            item_id: Some(*item),
            at: day * 86_400_000,
            kind: kind.clone(),
            units: units.clone(),
            item_type: "dynamic".into(),
            path: "relayed".into(),
        }).collect();
        let year = |at: i64| 2026 + i32::from(at >= 365 * 86_400_000);
        let mut full = evaluate(&s, &facts, &[], year);
        let mut shuffled = facts.clone();
        let mut seed = order;
        for i in (1..shuffled.len()).rev() {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (seed >> 33) as usize % (i + 1));
        }
        let mut known: BTreeMap<i64, Vec<Fact>> = BTreeMap::new();
        let mut stored: BTreeMap<i64, Vec<Entry>> = BTreeMap::new();
        for f in shuffled {
            let item = f.item_id.unwrap_or_default();
            known.entry(item).or_default().push(f);
            stored.insert(item, item_entries(&s, &known[&item]));
        }
        let mut incremental: Vec<Entry> = stored.into_values().flatten().collect();
        apply_caps(&s, &mut incremental, year);
        let key = |e: &Entry| (e.at, e.event, e.unit_id);
        full.sort_by_key(key);
        incremental.sort_by_key(key);
        prop_assert_eq!(full, incremental);
    }

    /// An equal split hands out exactly the points, no more and no less.
    #[test]
    fn an_equal_split_adds_up_to_the_points(points in -100_000i64..100_000, n in 1usize..12) {
        let units: Vec<i64> = (0..n as i64).collect();
        let got: Centi = shares(&scheme(vec![]), points, &units).iter().map(|(_, p, _)| p).sum();
        prop_assert_eq!(got, points);
    }
}
