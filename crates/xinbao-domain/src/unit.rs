//! Units (单位): kinds, office levels and branches, and the validated unit name.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What kind of unit this is (DOMAIN.md §3). Offices receive items; all others report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 办公室: a Party committee / government general office that receives items.
    Office,
    /// 部门单位: a department at an office's own level (市直单位 / 县直单位).
    Department,
    /// 省驻单位: a higher-level unit stationed locally.
    Stationed,
    /// 乡镇(街道).
    Township,
    /// 信息直报点: enterprise, school, institute, people's organisation or vertical department.
    DirectPoint,
}

impl UnitKind {
    pub const ALL: [UnitKind; 5] = [
        UnitKind::Office,
        UnitKind::Department,
        UnitKind::Stationed,
        UnitKind::Township,
        UnitKind::DirectPoint,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Office => "office",
            UnitKind::Department => "department",
            UnitKind::Stationed => "stationed",
            UnitKind::Township => "township",
            UnitKind::DirectPoint => "direct_point",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Chinese name used in rosters and on screen.
    pub fn label_zh(self) -> &'static str {
        match self {
            UnitKind::Office => "办公室",
            UnitKind::Department => "部门单位",
            UnitKind::Stationed => "上级驻地单位",
            UnitKind::Township => "乡镇(街道)",
            UnitKind::DirectPoint => "信息直报点",
        }
    }

    /// Accepts the Chinese names offices write in their rosters, and the codes.
    pub fn parse_roster(text: &str) -> Option<Self> {
        let t = text.trim();
        Self::from_code(t).or(match t {
            "办公室" | "党委办公室" | "政府办公室" | "县(区)委办" | "县委办" | "区委办"
            | "县政府办" | "市委办" | "市政府办" | "省委办公厅" | "省政府办公厅" | "办公厅" => {
                Some(UnitKind::Office)
            }
            "部门单位" | "部门" | "市直单位" | "县直单位" | "区直单位" | "省直单位" => {
                Some(UnitKind::Department)
            }
            "上级驻地单位" | "省驻单位" | "驻地单位" | "中央驻地单位" => {
                Some(UnitKind::Stationed)
            }
            "乡镇(街道)" | "乡镇（街道）" | "乡镇" | "街道" => {
                Some(UnitKind::Township)
            }
            "信息直报点" | "直报点" => Some(UnitKind::DirectPoint),
            _ => None,
        })
    }

    /// Offices receive items; every other unit only reports.
    pub fn receives(self) -> bool {
        self == UnitKind::Office
    }

    /// Default minimum items a month (seed 002: 30 / 10 / 5; the rest configurable).
    /// `Office` here is the quota of a county-level office towards its city.
    pub fn default_monthly_quota(self) -> i64 {
        match self {
            UnitKind::Office => 30,
            UnitKind::Department => 10,
            UnitKind::Stationed => 5,
            UnitKind::Township => 4,
            UnitKind::DirectPoint => 2,
        }
    }
}

/// The administrative level of an office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeLevel {
    County,
    City,
    Province,
}

impl OfficeLevel {
    pub const ALL: [OfficeLevel; 3] = [
        OfficeLevel::County,
        OfficeLevel::City,
        OfficeLevel::Province,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OfficeLevel::County => "county",
            OfficeLevel::City => "city",
            OfficeLevel::Province => "province",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }
}

/// Which general office: Party committee, government, people's congress or CPPCC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeBranch {
    Party,
    Government,
    Congress,
    Cppcc,
}

impl OfficeBranch {
    pub const ALL: [OfficeBranch; 4] = [
        OfficeBranch::Party,
        OfficeBranch::Government,
        OfficeBranch::Congress,
        OfficeBranch::Cppcc,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OfficeBranch::Party => "party",
            OfficeBranch::Government => "government",
            OfficeBranch::Congress => "congress",
            OfficeBranch::Cppcc => "cppcc",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    #[error("name is empty")]
    Empty,
    #[error("name is longer than {0} characters")]
    TooLong(usize),
}

/// A unit's name: trimmed, 1–60 characters.
pub fn validate_unit_name(raw: &str) -> Result<String, NameError> {
    let name = raw.trim();
    let len = name.chars().count();
    if len == 0 {
        return Err(NameError::Empty);
    }
    if len > 60 {
        return Err(NameError::TooLong(60));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_code_and_its_chinese_label() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::from_code(k.code()), Some(k));
            assert_eq!(UnitKind::parse_roster(k.label_zh()), Some(k));
        }
    }

    #[test]
    fn roster_words_offices_use_are_understood() {
        assert_eq!(
            UnitKind::parse_roster("市直单位"),
            Some(UnitKind::Department)
        );
        assert_eq!(
            UnitKind::parse_roster(" 省驻单位 "),
            Some(UnitKind::Stationed)
        );
        assert_eq!(UnitKind::parse_roster("街道"), Some(UnitKind::Township));
        assert_eq!(UnitKind::parse_roster("工厂"), None);
    }

    #[test]
    fn only_offices_receive_and_quotas_follow_seed_002() {
        assert!(UnitKind::Office.receives());
        assert!(!UnitKind::Department.receives());
        assert_eq!(UnitKind::Office.default_monthly_quota(), 30);
        assert_eq!(UnitKind::Department.default_monthly_quota(), 10);
        assert_eq!(UnitKind::Stationed.default_monthly_quota(), 5);
    }

    #[test]
    fn unit_names_are_trimmed_and_bounded() {
        assert_eq!(validate_unit_name("  城关镇 ").as_deref(), Ok("城关镇"));
        assert_eq!(validate_unit_name("   "), Err(NameError::Empty));
        assert_eq!(
            validate_unit_name(&"县".repeat(61)),
            Err(NameError::TooLong(60))
        );
    }
}
