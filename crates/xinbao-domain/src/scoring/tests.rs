//! Tests of scoring: helpers that build rules, schemes and facts, with the tests by topic.

mod properties;
mod quotas;
mod rules;

use super::*;

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
