//! A scoring scheme (采用计分办法) as data: what an administrator writes, exports and imports.
//! Points are written as decimal numbers and held as hundredths, so sums are exact.

use serde::{Deserialize, Serialize};

/// The level of an office that reports, adopts or instructs (centre: the State Council's or
/// the Central Committee's general office).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    County,
    City,
    Province,
    Centre,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::County, Level::City, Level::Province, Level::Centre];

    pub fn code(self) -> &'static str {
        match self {
            Level::County => "county",
            Level::City => "city",
            Level::Province => "province",
            Level::Centre => "centre",
        }
    }

    pub fn from_code(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == s)
    }
}

/// What a rule scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum On {
    /// The item reached an office of `level` (报送).
    Reported,
    /// An office of `level` adopted it, optionally in a named periodical (采用).
    Adopted,
    /// A leader of `level` gave an instruction on it (批示).
    Instructed,
    /// An office of `level` received it, found it compliant, but did not adopt it.
    Consolation,
}

impl On {
    pub fn code(self) -> &'static str {
        match self {
            On::Reported => "reported",
            On::Adopted => "adopted",
            On::Instructed => "instructed",
            On::Consolation => "consolation",
        }
    }
}

/// One rule: the points for one kind of fact, narrowed by level, periodical and item type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// A short name, unique in the scheme; explanations cite it.
    pub id: String,
    pub on: On,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The adopting periodical's name (without 《》).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periodical: Option<String>,
    /// The item's type code (e.g. `research`, `experience`, `problem`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<String>,
    pub points: f64,
    /// At most this many points a unit earns from this rule in a year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yearly_cap: Option<f64>,
}

/// When one item is adopted several times: count only its best adoption, or every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    #[default]
    Highest,
    Cumulative,
}

/// How a combined item's points reach its source units.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combined {
    /// Split equally among the source units.
    #[default]
    Equal,
    /// Each source unit gets this fraction of the points (e.g. 0.5).
    Fraction(f64),
    /// Each source unit gets this many points, whatever the rule gives the item.
    Each(f64),
}

/// A factor on adoption points by the path the item took upward (`relayed` level by level,
/// `direct` from a direct-report point, `special` as a special report to leaders).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathFactor {
    pub path: String,
    pub factor: f64,
}

/// Base points for each month a unit meets its quota, with a yearly cap (常山: 10, 120).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaPoints {
    pub points_per_month: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yearly_cap: Option<f64>,
}

/// The period a quota counts over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    #[default]
    Month,
    Week,
}

/// What a quota counts: items sent, or items adopted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    #[default]
    Sent,
    Adopted,
}

/// A quota for the units of a kind (seed 002: 30 / 10 / 5 a month by kind; elsewhere "at least
/// 2 a week"; some count adopted items). A unit's own quota, when an administrator set one,
/// replaces the number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The unit kind (`township`, `department`, `office`, …); none: every kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A class of units named in the scheme (e.g. 一类部门, with 6 a month), by the units'
    /// names; a unit's class wins over its kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
    #[serde(default)]
    pub per: Per,
    #[serde(default)]
    pub counting: Counting,
    pub items: u32,
}

/// A structure target for the items a unit sent that reached a level (seed 001: problem +
/// special + research at least 80 % of those sent to the province, problem alone 50 %).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StructureTarget {
    #[serde(default = "province")]
    pub level: Level,
    /// Item type codes counted together.
    pub types: Vec<String>,
    pub min_percent: f64,
}

fn province() -> Level {
    Level::Province
}

/// A whole scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    pub name: String,
    /// `YYYY-MM-DD` (Beijing): the scheme scores facts from this day on.
    pub effective_from: String,
    #[serde(default)]
    pub repeat: Repeat,
    #[serde(default)]
    pub combined: Combined,
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
    #[serde(default, rename = "path", skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<PathFactor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<QuotaPoints>,
    /// A unit below this many points a year is not an award candidate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub award_threshold: Option<f64>,
    /// How award candidates are chosen at the annual assessment.
    #[serde(default)]
    pub awards: Awards,
    /// Quotas by unit kind.
    #[serde(default, rename = "target", skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// Structure targets.
    #[serde(default, rename = "structure", skip_serializing_if = "Vec::is_empty")]
    pub structure: Vec<StructureTarget>,
}

impl Scheme {
    /// The quota for a unit: its class's (by the unit's name), else its kind's, else the one
    /// for every kind.
    pub fn target_for(&self, kind: &str, unit_name: &str) -> Option<&Target> {
        let general = |t: &&Target| t.class.is_none();
        self.targets
            .iter()
            .find(|t| t.units.iter().any(|u| u == unit_name))
            .or_else(|| {
                self.targets
                    .iter()
                    .filter(general)
                    .find(|t| t.kind.as_deref() == Some(kind))
            })
            .or_else(|| {
                self.targets
                    .iter()
                    .filter(general)
                    .find(|t| t.kind.is_none())
            })
    }
}

/// Award candidates at the annual assessment (年度考核).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Awards {
    /// 先进集体: this many units with the most points (at or above the threshold, and with no
    /// penalty of `disqualify_below` points or worse that year).
    pub collective: usize,
    /// 先进个人: this many authors whose items earned the most points.
    pub individual: usize,
    /// 优秀调研信息: research items adopted at this level or above.
    pub research_level: Level,
    /// 领导批示好信息: items instructed by a leader at this level or above.
    pub instruction_level: Level,
    /// A single penalty this large (e.g. −30 for an untrue item) bars the unit that year.
    pub disqualify_below: Option<f64>,
}

impl Default for Awards {
    fn default() -> Self {
        Awards {
            collective: 3,
            individual: 5,
            research_level: Level::City,
            instruction_level: Level::City,
            disqualify_below: None,
        }
    }
}

/// Points in hundredths.
pub type Centi = i64;

pub fn centi(points: f64) -> Centi {
    (points * 100.0).round() as Centi
}

impl Rule {
    /// How many of level, periodical and item type the rule names: the more, the more specific.
    pub fn specificity(&self) -> usize {
        usize::from(self.level.is_some())
            + usize::from(self.periodical.is_some())
            + usize::from(self.item_type.is_some())
    }

    /// Whether some fact could match both rules at the same specificity (then neither wins).
    pub fn overlaps(&self, other: &Rule) -> bool {
        fn meet<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
            match (a, b) {
                (Some(x), Some(y)) => x == y,
                _ => true,
            }
        }
        self.on == other.on
            && self.specificity() == other.specificity()
            && meet(&self.level, &other.level)
            && meet(&self.periodical, &other.periodical)
            && meet(&self.item_type, &other.item_type)
    }
}
