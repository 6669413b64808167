//! Examples of rule matching, combined items, paths, penalties, caps, ranks and chains up to the province.

use super::*;

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
