//! Credit: which units an item's adoption counts for. An original item credits its unit; a
//! combined item shares its credit equally among its sources; a forwarded item carries the
//! credit of the item it was forwarded from. Shares always sum to one.

use crate::ids::UnitId;

/// An item as credit sees it: the unit that wrote it, and the items it was made from
/// (sources of a combined item, or the one item a forwarded copy came from).
#[derive(Debug, Clone, PartialEq)]
pub struct CreditNode {
    pub unit: UnitId,
    pub sources: Vec<CreditNode>,
}

/// Each contributing unit's share of the item's credit, merged by unit, in unit order.
pub fn credit_shares(node: &CreditNode) -> Vec<(UnitId, f64)> {
    let mut acc: Vec<(UnitId, f64)> = Vec::new();
    collect(node, 1.0, &mut acc);
    acc.sort_by_key(|(u, _)| *u);
    acc
}

fn collect(node: &CreditNode, weight: f64, acc: &mut Vec<(UnitId, f64)>) {
    if node.sources.is_empty() {
        match acc.iter_mut().find(|(u, _)| *u == node.unit) {
            Some((_, w)) => *w += weight,
            None => acc.push((node.unit, weight)),
        }
        return;
    }
    let each = weight / node.sources.len() as f64;
    for s in &node.sources {
        collect(s, each, acc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn leaf(u: i64) -> CreditNode {
        CreditNode {
            unit: UnitId(u),
            sources: Vec::new(),
        }
    }

    #[test]
    fn a_combined_item_splits_credit_equally_and_forwarding_keeps_it() {
        let combined = CreditNode {
            unit: UnitId(9),
            sources: vec![leaf(1), leaf(2)],
        };
        let forwarded = CreditNode {
            unit: UnitId(9),
            sources: vec![combined],
        };
        assert_eq!(
            credit_shares(&forwarded),
            vec![(UnitId(1), 0.5), (UnitId(2), 0.5)]
        );
    }

    fn tree() -> impl Strategy<Value = CreditNode> {
        let leaf = (1i64..6).prop_map(leaf);
        leaf.prop_recursive(4, 40, 5, |inner| {
            ((1i64..6), proptest::collection::vec(inner, 1..5)).prop_map(|(u, sources)| {
                CreditNode {
                    unit: UnitId(u),
                    sources,
                }
            })
        })
    }

    proptest! {
        /// Credit always sums to one through any nesting of merges and forwards, and only
        /// units that wrote an original item get any.
        #[test]
        fn credit_always_sums_to_one(node in tree()) {
            let shares = credit_shares(&node);
            let total: f64 = shares.iter().map(|(_, w)| w).sum();
            prop_assert!((total - 1.0).abs() < 1e-9, "total {total}");
            prop_assert!(shares.iter().all(|(_, w)| *w > 0.0));
        }
    }
}
