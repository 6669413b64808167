//! Scoring (DOMAIN.md §6): points derived from what happened to items under a scheme the
//! office writes, every point explained by its item, event and rule.

mod engine;
mod facts;
mod scheme;
mod validate;

pub use engine::{apply_caps, evaluate, item_entries, quota_entries, ranking, rule_for, shares};
pub use facts::{Instruction, Step, chain_facts};
pub use scheme::{
    Awards, Centi, Combined, Counting, Level, On, PathFactor, Per, QuotaPoints, Repeat, Rule,
    Scheme, StructureTarget, Target, centi,
};
pub use validate::{SchemeError, effective_day, validate};

/// Something that happened, as scoring sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The row that records it (the item event, the instruction, the penalty).
    pub event: i64,
    pub item_id: Option<i64>,
    /// When, in milliseconds UTC.
    pub at: i64,
    pub kind: FactKind,
    /// The units credited: the item's source units (several for a combined item), or the
    /// unit penalised.
    pub units: Vec<i64>,
    /// The item's type code.
    pub item_type: String,
    /// How the item went up: `relayed`, `direct` or `special`.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FactKind {
    Reported {
        level: Level,
    },
    Adopted {
        level: Level,
        periodical: Option<String>,
    },
    Instructed {
        level: Level,
    },
    Consolation {
        level: Level,
    },
    /// Entered by the office with a reason (missed request, untrue item); points are negative.
    Penalty {
        points: f64,
        reason: String,
    },
}

/// One explained line of a unit's points.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub unit_id: i64,
    pub item_id: Option<i64>,
    pub event: i64,
    pub at: i64,
    /// The rule's id, `penalty` or `quota`.
    pub rule: String,
    /// Hundredths of a point.
    pub points: Centi,
    /// `shared` (a combined item's share), `highest_only` (not counted: the item's better
    /// adoption counts), `capped` (the rule's yearly cap reached).
    pub note: Option<&'static str>,
    /// A penalty's reason.
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests;
