use super::*;
use crate::roster::{Column, Problem, RawRow};

fn row(line: usize, cells: &[(Column, &str)]) -> RawRow {
    RawRow {
        line,
        cells: cells.iter().map(|(c, v)| (*c, v.to_string())).collect(),
    }
}

fn existing() -> ExistingOrg {
    ExistingOrg {
        units: vec![ExistingUnit {
            id: UnitId(1),
            name: "某市委办公室".into(),
            parent_id: None,
            kind: UnitKind::Office,
        }],
        people: [("admin".to_string(), "管理员".to_string())]
            .into_iter()
            .collect(),
    }
}

use Column::*;

#[test]
fn a_good_roster_plans_units_parents_first_people_and_roles() {
    let rows = vec![
        row(
            2,
            &[
                (Unit, "城关镇"),
                (Parent, "某县委办公室"),
                (Kind, "乡镇"),
                (Name, "李娜"),
                (Username, "lina"),
                (Roles, "信息员"),
            ],
        ),
        row(
            3,
            &[
                (Unit, "某县委办公室"),
                (Parent, "某市委办公室"),
                (Kind, "县委办"),
                (Name, "王强"),
                (Username, "wangqiang"),
                (Roles, "编辑、审签领导(科长)"),
            ],
        ),
        row(
            4,
            &[
                (Unit, "城关镇"),
                (Parent, "某县委办公室"),
                (Name, "赵敏"),
                (Username, "zhaomin"),
                (Roles, "分管领导"),
                (Phone, "13800138000"),
            ],
        ),
    ];
    let plan = plan_import(&rows, &existing()).expect("valid roster");
    assert_eq!(plan.new_units.len(), 2);
    assert_eq!(plan.new_units[0].name, "某县委办公室");
    assert_eq!(plan.new_units[0].parent, Some(UnitRef::Existing(UnitId(1))));
    assert_eq!(plan.new_units[1].parent, Some(UnitRef::New(0)));
    assert_eq!(plan.new_people.len(), 3);
    assert_eq!(plan.grants.len(), 4);
    let signer = plan
        .grants
        .iter()
        .find(|g| g.role == Role::Signer)
        .expect("signer");
    assert_eq!(signer.signer_level, Some(SignerLevel::Section));
    assert_eq!(signer.unit, UnitRef::New(0));
}

#[test]
fn every_bad_row_is_reported_with_its_line() {
    let rows = vec![
        row(2, &[(Unit, ""), (Kind, "乡镇")]),
        row(3, &[(Unit, "甲镇"), (Parent, "不存在的县"), (Kind, "乡镇")]),
        row(
            4,
            &[(Unit, "乙镇"), (Parent, "某市委办公室"), (Kind, "工厂")],
        ),
        row(
            5,
            &[
                (Unit, "丙镇"),
                (Parent, "某市委办公室"),
                (Kind, "乡镇"),
                (Name, "张三"),
                (Username, "张三"),
                (Roles, "信息员"),
            ],
        ),
        row(
            6,
            &[
                (Unit, "丁镇"),
                (Parent, "某市委办公室"),
                (Kind, "乡镇"),
                (Name, "李四"),
                (Username, "lisi"),
                (Roles, "编辑"),
            ],
        ),
        row(
            7,
            &[
                (Unit, "戊镇"),
                (Parent, "某市委办公室"),
                (Kind, "乡镇"),
                (Name, "王五"),
                (Username, "admin"),
                (Roles, "信息员"),
            ],
        ),
    ];
    let errs = plan_import(&rows, &existing()).expect_err("invalid roster");
    let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 3, 4, 5, 6, 7]);
    assert_eq!(
        errs[1].problem,
        Problem::ParentNotFound {
            value: "不存在的县".into()
        }
    );
    assert_eq!(
        errs[2].problem,
        Problem::BadKind {
            value: "工厂".into()
        }
    );
    assert!(matches!(errs[3].problem, Problem::BadUsername { .. }));
    assert!(matches!(errs[4].problem, Problem::RoleNeedsOffice { .. }));
    assert!(matches!(errs[5].problem, Problem::UsernameTaken { .. }));
}

#[test]
fn units_that_name_each_other_as_parents_are_a_cycle() {
    let rows = vec![
        row(2, &[(Unit, "甲"), (Parent, "乙"), (Kind, "乡镇")]),
        row(3, &[(Unit, "乙"), (Parent, "甲"), (Kind, "乡镇")]),
    ];
    let errs = plan_import(&rows, &ExistingOrg::default()).expect_err("cycle");
    assert_eq!(errs[0].problem, Problem::Cycle);
}

#[test]
fn an_existing_unit_is_reused_not_created_again() {
    let rows = vec![row(
        2,
        &[
            (Unit, "某市委办公室"),
            (Name, "钱七"),
            (Username, "qianqi"),
            (Roles, "编辑"),
        ],
    )];
    let plan = plan_import(&rows, &existing()).expect("valid");
    assert!(plan.new_units.is_empty());
    assert_eq!(plan.grants[0].unit, UnitRef::Existing(UnitId(1)));
}

#[test]
fn an_empty_roster_is_refused() {
    let errs = plan_import(&[], &ExistingOrg::default()).expect_err("empty");
    assert_eq!(errs[0].problem, Problem::Empty);
}

#[test]
fn a_signer_must_name_their_level() {
    let rows = vec![row(
        2,
        &[
            (Unit, "某市委办公室"),
            (Name, "孙八"),
            (Username, "sunba"),
            (Roles, "审签领导"),
        ],
    )];
    let errs = plan_import(&rows, &existing()).expect_err("no level");
    assert_eq!(errs[0].problem, Problem::SignerNeedsLevel);
}

use proptest::prelude::*;

proptest! {
    /// Whatever a roster holds, planning never panics, and a plan it returns is consistent:
    /// every new unit's parent comes before it, and every grant names a planned or known unit.
    #[test]
    fn planning_any_roster_never_panics_and_orders_parents_first(
        rows in proptest::collection::vec(proptest::collection::vec("[甲乙丙丁]{0,2}|某市委办公室|乡镇|办公室|信息员|编辑|[a-z]{3,5}", 8), 0..12)
    ) {
        let rows: Vec<RawRow> = rows.into_iter().enumerate().map(|(i, cells)| RawRow {
            line: i + 2,
            cells: [Unit, Parent, Kind, OfficeLevel, Section, Name, Username, Roles].into_iter().zip(cells).collect(),
        }).collect();
        if let Ok(plan) = plan_import(&rows, &existing()) {
            for (i, u) in plan.new_units.iter().enumerate() {
                if let Some(UnitRef::New(p)) = u.parent {
                    prop_assert!(p < i);
                }
            }
            for g in &plan.grants {
                if let UnitRef::New(i) = g.unit {
                    prop_assert!(i < plan.new_units.len());
                }
            }
        }
    }
}
