//! From what happened to an item to the facts scoring counts. An item scored by an office
//! travels up as a chain of copies (the item at the office, the copy sent to the office
//! above, …); each step may have been reported, adopted or kept in reserve, and leaders may
//! have instructed any of them. The credit goes to the units the item came from.

use super::{Fact, FactKind, Level};
use crate::item::ItemStatus;

/// One step of an item's way up: the item as it stands at one office.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub item_id: i64,
    /// The level of the office the step is at (none for an office outside the scale).
    pub level: Option<Level>,
    pub status: ItemStatus,
    pub submitted_at: Option<i64>,
    pub decided_at: Option<i64>,
    /// The periodical that adopted it, if any.
    pub periodical: Option<String>,
}

/// An instruction on one of the chain's items.
#[derive(Debug, Clone, PartialEq)]
pub struct Instruction {
    pub id: i64,
    pub item_id: i64,
    pub level: Level,
    pub at: i64,
}

/// Event ids are unique per kind: an item's step gives `item_id * 4 + k` (k = 0 reported,
/// 1 adopted, 2 consolation) and an instruction `-(id * 4 + 3)`.
fn event_id(item: i64, k: i64) -> i64 {
    item * 4 + k
}

/// The facts of one chain, credited to `units` (the source units of the item at the scoring
/// office; several when it was combined there).
pub fn chain_facts(
    steps: &[Step],
    instructions: &[Instruction],
    units: &[i64],
    item_type: &str,
    path: &str,
) -> Vec<Fact> {
    let fact = |event: i64, item: i64, at: i64, kind: FactKind| Fact {
        event,
        item_id: Some(steps.first().map_or(item, |s| s.item_id)),
        at,
        kind,
        units: units.to_vec(),
        item_type: item_type.to_string(),
        path: path.to_string(),
    };
    let mut out = Vec::new();
    for s in steps {
        let Some(level) = s.level else {
            continue;
        };
        if let Some(at) = s.submitted_at {
            out.push(fact(
                event_id(s.item_id, 0),
                s.item_id,
                at,
                FactKind::Reported { level },
            ));
        }
        let at = s.decided_at.or(s.submitted_at).unwrap_or(0);
        match s.status {
            ItemStatus::Adopted | ItemStatus::Forwarded => out.push(fact(
                event_id(s.item_id, 1),
                s.item_id,
                at,
                FactKind::Adopted {
                    level,
                    periodical: s.periodical.clone(),
                },
            )),
            ItemStatus::Reserve => out.push(fact(
                event_id(s.item_id, 2),
                s.item_id,
                at,
                FactKind::Consolation { level },
            )),
            _ => {}
        }
    }
    for i in instructions {
        if steps.iter().any(|s| s.item_id == i.item_id) {
            out.push(fact(
                -event_id(i.id, 3),
                i.item_id,
                i.at,
                FactKind::Instructed { level: i.level },
            ));
        }
    }
    out
}
