//! The shipped scoring schemes: each parses, validates, survives export and import unchanged,
//! and scores a worked example to totals checked by hand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use xinbao_app::scoring::{SHIPPED, export_scheme, parse_scheme};
use xinbao_domain::scoring::{Fact, FactKind, Level, Scheme, centi, evaluate, validate};

fn shipped(key: &str) -> Scheme {
    let (_, text) = SHIPPED.iter().find(|(k, _)| *k == key).unwrap();
    parse_scheme(text).unwrap()
}

fn fact(event: i64, item: i64, kind: FactKind, units: &[i64], item_type: &str) -> Fact {
    Fact {
        event,
        item_id: Some(item),
        at: 1_767_225_600_000 + event * 86_400_000,
        kind,
        units: units.to_vec(),
        item_type: item_type.into(),
        path: "relayed".into(),
    }
}

fn adopted(level: Level, periodical: Option<&str>) -> FactKind {
    FactKind::Adopted {
        level,
        periodical: periodical.map(str::to_string),
    }
}

fn total(s: &Scheme, facts: &[Fact], months: &[(i64, i64)], unit: i64) -> i64 {
    evaluate(s, facts, months, |_| 2026)
        .iter()
        .filter(|e| e.unit_id == unit)
        .map(|e| e.points)
        .sum()
}

#[test]
fn every_shipped_scheme_validates_and_round_trips_through_its_file() {
    for (key, text) in SHIPPED {
        let s = parse_scheme(text).unwrap();
        assert_eq!(validate(&s, None), Ok(()), "{key}");
        let again = parse_scheme(&export_scheme(&s).unwrap()).unwrap();
        assert_eq!(again, s, "{key} survives export and import");
    }
}

#[test]
fn seed_001_a_research_report_adopted_by_the_province_and_instructed_scores_80() {
    let s = shipped("seed001");
    let facts = [
        fact(
            1,
            1,
            adopted(Level::Province, Some("每日要情")),
            &[10],
            "research",
        ),
        fact(
            2,
            1,
            FactKind::Instructed {
                level: Level::Province,
            },
            &[10],
            "research",
        ),
        fact(3, 2, adopted(Level::Province, None), &[10], "experience"),
        fact(4, 3, adopted(Level::Province, None), &[10], "dynamic"),
        fact(5, 4, adopted(Level::City, None), &[10], "research"),
    ];
    // 50 + 30 (research, instruction) + 30 (experience) + 10 (other) + 0 (city: no rule).
    assert_eq!(total(&s, &facts, &[], 10), centi(120.0));
}

#[test]
fn liuan_2013_counts_reported_and_adopted_separately_and_cumulatively() {
    let s = shipped("liuan");
    let facts = [
        fact(
            1,
            1,
            adopted(Level::City, Some("政务要情")),
            &[20],
            "dynamic",
        ),
        fact(
            2,
            1,
            FactKind::Reported {
                level: Level::Province,
            },
            &[20],
            "dynamic",
        ),
        fact(3, 1, adopted(Level::Province, None), &[20], "dynamic"),
        fact(
            4,
            1,
            FactKind::Reported {
                level: Level::Centre,
            },
            &[20],
            "dynamic",
        ),
        fact(
            5,
            1,
            FactKind::Instructed { level: Level::City },
            &[20],
            "dynamic",
        ),
        fact(
            6,
            2,
            adopted(Level::City, Some("政务快讯")),
            &[20, 21],
            "combined",
        ),
    ];
    // Item 1: 10 + 5 + 40 + 30 + 30 = 115; item 2, combined: 5 split, 2.50 each.
    assert_eq!(total(&s, &facts, &[], 20), centi(117.5));
    assert_eq!(total(&s, &facts, &[], 21), centi(2.5));
}

#[test]
fn guangdong_counts_an_item_once_at_its_highest_and_gives_consolation_points() {
    let s = shipped("guangdong");
    let facts = [
        fact(1, 1, adopted(Level::Province, None), &[30], "dynamic"),
        fact(
            2,
            1,
            adopted(Level::Province, Some("联合信息")),
            &[30],
            "dynamic",
        ),
        fact(
            3,
            2,
            FactKind::Reported {
                level: Level::Province,
            },
            &[30],
            "special",
        ),
        fact(
            6,
            5,
            FactKind::Reported {
                level: Level::Province,
            },
            &[30],
            "dynamic",
        ),
        fact(
            4,
            3,
            FactKind::Consolation {
                level: Level::Province,
            },
            &[30],
            "dynamic",
        ),
        fact(
            5,
            4,
            FactKind::Penalty {
                points: -10.0,
                reason: "约稿未报".into(),
            },
            &[30],
            "dynamic",
        ),
    ];
    // 40 (highest of 30 and 40) + 20 (a special report to the provincial leaders; an
    // ordinary report scores nothing) + 5 (consolation) − 10 (penalty).
    assert_eq!(total(&s, &facts, &[], 30), centi(55.0));
}

#[test]
fn changshan_2014_gives_base_points_per_month_met_up_to_120_and_a_direct_path_bonus() {
    let s = shipped("changshan");
    let months: Vec<(i64, i64)> = (0..12).map(|m| (40, 1_767_225_600_000 + m)).collect();
    let mut direct = fact(1, 1, adopted(Level::City, None), &[40], "dynamic");
    direct.path = "direct".into();
    let facts = [
        direct,
        fact(2, 2, adopted(Level::County, None), &[40, 41], "combined"),
    ];
    // 12 × 10 = 120 (the cap); 10 × 1.5 = 15; a combined item gives each source 2.
    assert_eq!(total(&s, &facts, &months, 40), centi(120.0 + 15.0 + 2.0));
    assert_eq!(total(&s, &facts, &months, 41), centi(2.0));
}
