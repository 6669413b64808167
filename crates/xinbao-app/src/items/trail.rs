//! What became of an item above (its trail), and the units credited for it through its
//! sources or the item it came from.

use super::read::{Credit, SourceRef, TrailStep};
use crate::Result;
use xinbao_domain::UnitId;
use xinbao_domain::item::{CreditNode, ItemStatus, credit_shares};
use xinbao_store::Conn;
use xinbao_store::items::{self, ItemRow};

/// This item at its office, then what became of it above: through merges and forwards.
pub(super) async fn trail(
    c: &mut Conn<'_>,
    item: &ItemRow,
    org: &crate::org::OrgSnapshot,
) -> Result<Vec<TrailStep>> {
    let mut out = Vec::new();
    let mut cur = Some(item.clone());
    while let Some(i) = cur.take() {
        out.push(TrailStep {
            item_id: i.id,
            office_id: i.office_id,
            office_name: i.office_id.map(|o| org.name(o)).unwrap_or_default(),
            status: i.status,
            at: i.decided_at.or(i.submitted_at),
            periodical: i.periodical.clone(),
            comment: if i.status == ItemStatus::Declined {
                i.decline_reason.clone()
            } else {
                i.last_comment.clone()
            },
            instruction_count: i.instruction_count,
        });
        let next = i.combined_into_id.or(i.forwarded_item_id);
        if out.len() > 50 {
            break;
        }
        cur = match next {
            Some(n) => items::get(c, n).await?,
            None => None,
        };
    }
    Ok(out)
}

/// The credit tree of an item: itself if original, else its sources or the item it came from.
fn credit_tree<'a>(
    c: &'a mut Conn<'_>,
    item: &'a ItemRow,
    depth: u32,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<CreditNode>> + Send + 'a>> {
    Box::pin(async move {
        let mut node = CreditNode {
            unit: UnitId(item.unit_id),
            sources: Vec::new(),
        };
        if depth > 20 {
            return Ok(node);
        }
        if let Some(s) = item.source_item_id {
            if let Some(row) = items::get(c, s).await? {
                node.sources.push(credit_tree(c, &row, depth + 1).await?);
            }
        } else {
            for s in items::sources_of(c, item.id).await? {
                node.sources.push(credit_tree(c, &s, depth + 1).await?);
            }
        }
        Ok(node)
    })
}

/// The sources of an item (read only when it was combined) and the units credited for it.
pub(super) async fn sources_and_credit(
    c: &mut Conn<'_>,
    l: &super::flow::Loaded,
    combined: bool,
) -> Result<(Vec<SourceRef>, Vec<Credit>)> {
    let id = l.item.id;
    let source_rows = if combined {
        items::sources_of(c, id).await?
    } else {
        Vec::new()
    };
    let mut credit_tree = CreditNode {
        unit: UnitId(l.item.unit_id),
        sources: Vec::new(),
    };
    if l.item.source_item_id.is_some() {
        credit_tree = self::credit_tree(c, &l.item, 0).await?;
    } else {
        for s in &source_rows {
            credit_tree.sources.push(self::credit_tree(c, s, 1).await?);
        }
    }
    let sources: Vec<SourceRef> = source_rows
        .into_iter()
        .map(|s| SourceRef {
            id: s.id,
            title: s.title,
            unit_name: l.org.name(s.unit_id),
        })
        .collect();
    let credit = credit_shares(&credit_tree)
        .into_iter()
        .map(|(u, share)| Credit {
            unit_id: u.0,
            unit_name: l.org.name(u.0),
            share,
        })
        .collect();
    Ok((sources, credit))
}
