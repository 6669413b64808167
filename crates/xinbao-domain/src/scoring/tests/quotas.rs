//! Quotas by kind and by class of named units, and the targets that are refused.

use super::*;

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
