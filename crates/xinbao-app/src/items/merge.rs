//! Combining several items into one (综合): every source stays linked and credited.

use super::ItemInput;
use super::access;
use super::flow::{Loaded, content_of, forbidden_or_state};
use crate::work::Work;
use crate::{Actor, App, AppError, Result, notify};
use xinbao_domain::item::{Action, Origin, first_state, transition};
use xinbao_domain::notice::NoticeKind;
use xinbao_store::items::{self, Changes, Content, ItemRow, NewItem};

impl App {
    /// Merges received items of one office into a combined item the editor writes; every
    /// source stays linked (and credited) and is marked merged.
    pub async fn merge_items(
        &self,
        actor: &Actor,
        ids: &[i64],
        input: &ItemInput,
    ) -> Result<ItemRow> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() < 2 {
            return Err(AppError::invalid("item_ids", "at_least_two"));
        }
        let loaded = self.load_sources(actor, &ids).await?;
        let office = loaded[0].item.office_id.ok_or(AppError::NotFound)?;
        if loaded.iter().any(|l| l.item.office_id != Some(office)) {
            return Err(AppError::invalid("item_ids", "same_office"));
        }
        let content = combined_content(input, &loaded)?;
        let (now, me) = (self.now().0, actor.principal.person_id.0);
        let mut tx = self.begin().await?;
        let cid = insert_combined(&mut tx, office, content, &ids, me, now).await?;
        for l in &loaded {
            mark_merged(&mut tx, actor, &l.item, cid, now).await?;
            // Each source stops scoring on its own; the combined item scores for them all.
            tx.scored_under(&l.org).touched_item(l.item.id);
        }
        let row = items::get(&mut tx.conn(), cid)
            .await?
            .ok_or(AppError::NotFound)?;
        tx.touched_office(Some(office));
        tx.commit().await?;
        Ok(row)
    }

    /// The items to merge, each one the actor may merge.
    async fn load_sources(&self, actor: &Actor, ids: &[i64]) -> Result<Vec<Loaded>> {
        let mut loaded = Vec::new();
        for id in ids {
            let l = self.load_item(actor, *id).await?;
            if !access::allowed(&actor.principal, &l.item, &l.rules, &l.org).contains(&"merge") {
                return Err(forbidden_or_state(actor, &l, Action::Merge));
            }
            loaded.push(l);
        }
        Ok(loaded)
    }
}

/// The combined item's content: the editor's text, of the highest importance and urgency
/// among its sources.
fn combined_content(input: &ItemInput, loaded: &[Loaded]) -> Result<Content> {
    let mut input = input.clone();
    input.item_type = "combined".into();
    let mut content = content_of(&input)?;
    content.importance = loaded
        .iter()
        .map(|l| l.item.importance)
        .max()
        .unwrap_or(content.importance);
    content.urgent_rank = loaded.iter().map(|l| l.item.urgent_rank).max().unwrap_or(0);
    Ok(content)
}

/// Inserts the combined item at the office, with its first revision and its first step
/// naming its sources.
async fn insert_combined(
    tx: &mut Work<'_>,
    office: i64,
    content: Content,
    ids: &[i64],
    me: i64,
    now: i64,
) -> Result<i64> {
    let first = first_state(Origin::Combined);
    let new = NewItem {
        unit_id: office,
        office_id: Some(office),
        author_id: me,
        content: content.clone(),
        status: first,
        source_item_id: None,
        direct_report: false,
        submitted_at: Some(now),
        signed_off_by: None,
    };
    let cid = items::insert(&mut tx.conn(), &new, now).await?;
    items::add_revision(&mut tx.conn(), cid, 1, &content, me, now).await?;
    let list = ids
        .iter()
        .map(|i| format!("#{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let c = &mut tx.conn();
    items::add_event(c, cid, Some(me), "combine", None, Some(first), &list, now).await?;
    Ok(cid)
}

/// Marks a source merged into `cid` (received now if it was not yet) and tells its writer.
async fn mark_merged(
    tx: &mut Work<'_>,
    actor: &Actor,
    item: &ItemRow,
    cid: i64,
    now: i64,
) -> Result<()> {
    let me = actor.principal.person_id.0;
    let to = transition(item.status, Action::Merge)
        .map_err(|_| AppError::Conflict(crate::Conflict::WrongState))?;
    let ch = Changes {
        combined_into_id: Some(cid),
        decided_at: Some(now),
        received_at: item.received_at.is_none().then_some(now),
        received_by: item.received_at.is_none().then_some(me),
        ..Default::default()
    };
    let from = Action::Merge.from_states();
    if !items::set_status(&mut tx.conn(), item.id, None, from, to, &ch, now).await? {
        return Err(AppError::Conflict(crate::Conflict::WrongState));
    }
    let (c, merge) = (&mut tx.conn(), Action::Merge.code());
    let note = format!("#{cid}");
    items::add_event(
        c,
        item.id,
        Some(me),
        merge,
        Some(item.status),
        Some(to),
        &note,
        now,
    )
    .await?;
    let kind = NoticeKind::ItemMerged;
    notify::person(c, actor, item.author_id, item.id, kind, &item.title, now).await
}
