use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn rule(id: &str, on: On, level: Option<Level>, periodical: Option<&str>, points: f64) -> Rule {
    Rule {
        id: id.into(),
        on,
        level,
        periodical: periodical.map(str::to_string),
        item_type: None,
        points,
        yearly_cap: None,
    }
}

fn scheme(rules: Vec<Rule>) -> Scheme {
    Scheme {
        name: "测试".into(),
        effective_from: "2026-01-01".into(),
        repeat: Repeat::Highest,
        combined: Combined::Equal,
        rules,
        paths: Vec::new(),
        quota: None,
        award_threshold: None,
        awards: Awards::default(),
        targets: Vec::new(),
        structure: Vec::new(),
    }
}

fn fact(event: i64, item: i64, kind: FactKind, units: &[i64]) -> Fact {
    Fact {
        event,
        item_id: Some(item),
        at: event * 1000,
        kind,
        units: units.to_vec(),
        item_type: "dynamic".into(),
        path: "relayed".into(),
    }
}

fn adopted(level: Level, periodical: Option<&str>) -> FactKind {
    FactKind::Adopted {
        level,
        periodical: periodical.map(str::to_string),
    }
}

fn total(entries: &[Entry], unit: i64) -> Centi {
    entries
        .iter()
        .filter(|e| e.unit_id == unit)
        .map(|e| e.points)
        .sum()
}

fn liuan() -> Scheme {
    scheme(vec![
        rule(
            "city-zwyq",
            On::Adopted,
            Some(Level::City),
            Some("政务要情"),
            10.0,
        ),
        rule(
            "city-zwkx",
            On::Adopted,
            Some(Level::City),
            Some("政务快讯"),
            5.0,
        ),
        rule(
            "prov-reported",
            On::Reported,
            Some(Level::Province),
            None,
            5.0,
        ),
        rule(
            "prov-adopted",
            On::Adopted,
            Some(Level::Province),
            None,
            40.0,
        ),
        rule(
            "centre-reported",
            On::Reported,
            Some(Level::Centre),
            None,
            30.0,
        ),
        rule(
            "centre-adopted",
            On::Adopted,
            Some(Level::Centre),
            None,
            80.0,
        ),
        rule(
            "city-instruction",
            On::Instructed,
            Some(Level::City),
            None,
            30.0,
        ),
    ])
}

#[test]
fn the_most_specific_rule_wins_and_reported_and_adopted_score_separately() {
    let mut s = liuan();
    s.repeat = Repeat::Cumulative;
    let facts = vec![
        fact(1, 7, adopted(Level::City, Some("政务要情")), &[100]),
        fact(
            2,
            7,
            FactKind::Reported {
                level: Level::Province,
            },
            &[100],
        ),
        fact(3, 7, adopted(Level::Province, Some("每日要情")), &[100]),
        fact(4, 7, FactKind::Instructed { level: Level::City }, &[100]),
    ];
    let e = item_entries(&s, &facts);
    let rules: Vec<&str> = e.iter().map(|e| e.rule.as_str()).collect();
    assert_eq!(
        rules,
        [
            "city-zwyq",
            "prov-reported",
            "prov-adopted",
            "city-instruction"
        ]
    );
    assert_eq!(total(&e, 100), centi(10.0 + 5.0 + 40.0 + 30.0));
}

#[test]
fn highest_only_counts_an_item_once_at_its_best_adoption_and_shows_the_rest_at_zero() {
    let s = liuan();
    let facts = vec![
        fact(1, 7, adopted(Level::City, Some("政务快讯")), &[100]),
        fact(2, 7, adopted(Level::Province, None), &[100]),
    ];
    let e = item_entries(&s, &facts);
    assert_eq!(total(&e, 100), centi(40.0));
    assert_eq!(e[0].note, Some("highest_only"));
    assert_eq!(e[0].points, 0);
}

#[test]
fn a_combined_items_points_are_split_equally_or_by_a_fixed_fraction() {
    let mut s = liuan();
    let facts = vec![fact(
        1,
        7,
        adopted(Level::City, Some("政务要情")),
        &[3, 1, 2],
    )];
    let e = item_entries(&s, &facts);
    let pts: Vec<Centi> = e.iter().map(|e| e.points).collect();
    assert_eq!(
        pts,
        [334, 333, 333],
        "1000 hundredths over three, remainder to the first"
    );
    assert!(e.iter().all(|e| e.note == Some("shared")));
    s.combined = Combined::Fraction(0.5);
    let e = item_entries(&s, &facts);
    assert!(e.iter().all(|e| e.points == 500));
    s.combined = Combined::Each(3.0);
    let e = item_entries(&s, &facts);
    assert!(e.iter().all(|e| e.points == 300));
}

#[test]
fn a_path_factor_multiplies_adoption_points() {
    let mut s = liuan();
    s.paths.push(PathFactor {
        path: "direct".into(),
        factor: 1.5,
    });
    let mut f = fact(1, 7, adopted(Level::Province, None), &[100]);
    f.path = "direct".into();
    assert_eq!(total(&item_entries(&s, &[f]), 100), centi(60.0));
}

#[test]
fn penalties_carry_their_reason_and_caps_stop_a_rule_at_its_yearly_limit() {
    let mut s = liuan();
    s.rules[0].yearly_cap = Some(25.0);
    s.quota = Some(QuotaPoints {
        points_per_month: 10.0,
        yearly_cap: Some(120.0),
    });
    let mut facts: Vec<Fact> = (1..=4)
        .map(|i| fact(i, i, adopted(Level::City, Some("政务要情")), &[100]))
        .collect();
    let mut p = fact(
        9,
        1,
        FactKind::Penalty {
            points: -10.0,
            reason: "约稿未报".into(),
        },
        &[100],
    );
    p.item_id = None;
    facts.push(p);
    let months: Vec<(i64, i64)> = (0..13).map(|m| (100, 10_000 + m)).collect();
    let e = evaluate(&s, &facts, &months, |_| 2026);
    let capped: Vec<Centi> = e
        .iter()
        .filter(|e| e.rule == "city-zwyq")
        .map(|e| e.points)
        .collect();
    assert_eq!(capped, [1000, 1000, 500, 0]);
    assert_eq!(e.iter().filter(|e| e.note == Some("capped")).count(), 3);
    let quota: Centi = e
        .iter()
        .filter(|e| e.rule == "quota")
        .map(|e| e.points)
        .sum();
    assert_eq!(quota, centi(120.0), "13 months met, capped at 120");
    let pen = e.iter().find(|e| e.rule == "penalty").unwrap();
    assert_eq!(
        (pen.points, pen.reason.as_deref()),
        (-1000, Some("约稿未报"))
    );
    assert_eq!(total(&e, 100), 2500 + 12_000 - 1000);
}

#[test]
fn a_scheme_that_cannot_be_evaluated_is_refused_naming_the_rule() {
    let mut s = liuan();
    s.rules
        .push(rule("city-any", On::Adopted, Some(Level::City), None, 2.0));
    assert_eq!(
        validate(&s, None),
        Ok(()),
        "more and less specific rules coexist"
    );
    s.rules
        .push(rule("clash", On::Adopted, None, Some("政务快讯"), 1.0));
    let e = validate(&s, None).unwrap_err();
    assert_eq!((e.rule.as_str(), e.reason), ("clash", "overlaps"));
    // A province adoption in 《政务快讯》 would match both.
    assert_eq!(e.other.as_deref(), Some("prov-adopted"));
    let mut s = liuan();
    let known = vec!["政务要情".to_string()];
    let e = validate(&s, Some(&known)).unwrap_err();
    assert_eq!(
        (e.rule.as_str(), e.reason),
        ("city-zwkx", "unknown_periodical")
    );
    s.effective_from = "2026-13-01".into();
    assert_eq!(validate(&s, None).unwrap_err().reason, "bad_date");
}

#[test]
fn ranks_are_shared_by_equal_points() {
    let e = |unit, points| Entry {
        unit_id: unit,
        item_id: None,
        event: 0,
        at: 0,
        rule: "x".into(),
        points,
        note: None,
        reason: None,
    };
    let r = ranking(&[e(1, 5), e(2, 9), e(3, 5), e(4, 1)]);
    assert_eq!(r, vec![(2, 9, 1), (1, 5, 2), (3, 5, 2), (4, 1, 4)]);
}

#[test]
fn a_chain_up_to_the_province_gives_its_reports_adoptions_and_instructions_to_its_units() {
    use crate::item::ItemStatus;
    let step = |item, level, status, periodical: Option<&str>| Step {
        item_id: item,
        level: Some(level),
        status,
        submitted_at: Some(item * 10),
        decided_at: Some(item * 10 + 5),
        periodical: periodical.map(str::to_string),
    };
    let steps = [
        step(1, Level::City, ItemStatus::Forwarded, Some("政务要情")),
        step(2, Level::Province, ItemStatus::Adopted, None),
    ];
    let ins = [Instruction {
        id: 7,
        item_id: 2,
        level: Level::Province,
        at: 99,
    }];
    let facts = chain_facts(&steps, &ins, &[5, 6], "research", "relayed");
    let kinds: Vec<&FactKind> = facts.iter().map(|f| &f.kind).collect();
    assert_eq!(
        kinds.len(),
        5,
        "two reports, two adoptions, one instruction: {kinds:?}"
    );
    assert!(
        facts
            .iter()
            .all(|f| f.item_id == Some(1) && f.units == [5, 6])
    );
    let mut s = liuan();
    s.repeat = Repeat::Cumulative;
    let e = evaluate(&s, &facts, &[], |_| 2026);
    // 政务要情 10 + reported to the province 5 + adopted there 40, split between two units.
    assert_eq!(total(&e, 5) + total(&e, 6), centi(55.0));
}

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

#[test]
fn a_kinds_own_quota_wins_over_the_one_for_every_kind_and_bad_targets_are_refused() {
    let text = "name = \"q\"\neffective_from = \"2026-01-01\"\n\n[[target]]\nitems = 5\n\n\
                [[target]]\nkind = \"township\"\nper = \"week\"\ncounting = \"adopted\"\nitems = 2\n\n\
                [[structure]]\ntypes = [\"problem\", \"special\", \"research\"]\nmin_percent = 80\n";
    let s: Scheme = toml::from_str(text).unwrap();
    assert_eq!(validate(&s, None), Ok(()));
    let t = s.target_for("township", "甲镇").unwrap();
    assert_eq!(
        (t.per, t.counting, t.items),
        (Per::Week, Counting::Adopted, 2)
    );
    let d = s.target_for("department", "县教育局").unwrap();
    assert_eq!(
        (d.per, d.counting, d.items),
        (Per::Month, Counting::Sent, 5)
    );
    assert_eq!(s.structure[0].level, Level::Province);
    let mut twice = s.clone();
    twice.targets.push(twice.targets[1].clone());
    assert_eq!(validate(&twice, None).unwrap_err().reason, "duplicate_id");
    let mut none = s.clone();
    none.targets[0].items = 0;
    assert_eq!(validate(&none, None).unwrap_err().reason, "bad_items");
    let mut over = s;
    over.structure[0].min_percent = 120.0;
    assert_eq!(validate(&over, None).unwrap_err().reason, "bad_percent");
}

#[test]
fn a_class_of_named_units_takes_its_own_quota_and_a_unit_in_two_classes_is_refused() {
    let text = "name = \"q\"\neffective_from = \"2026-01-01\"\n\n[[target]]\nkind = \"department\"\nitems = 3\n\n\
                [[target]]\nclass = \"一类部门\"\nunits = [\"县发改委\", \"县财政局\"]\nitems = 6\n";
    let s: Scheme = toml::from_str(text).unwrap();
    assert_eq!(validate(&s, None), Ok(()));
    assert_eq!(s.target_for("department", "县财政局").unwrap().items, 6);
    assert_eq!(s.target_for("department", "县教育局").unwrap().items, 3);
    assert!(s.target_for("township", "甲镇").is_none());
    let mut twice = s.clone();
    let mut again = twice.targets[1].clone();
    again.class = Some("二类部门".into());
    again.units = vec!["县财政局".into()];
    twice.targets.push(again);
    let e = validate(&twice, None).unwrap_err();
    assert_eq!(
        (e.reason, e.other.as_deref()),
        ("overlaps", Some("县财政局"))
    );
}
