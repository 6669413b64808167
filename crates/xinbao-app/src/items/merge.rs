//! Combining several items into one (综合) and sending an item up to the parent office
//! (报送上级), with the provenance chain that lets results above flow back down.

use super::ItemInput;
use super::access;
use super::flow::{content_of, forbidden_or_state};
use crate::{Actor, App, AppError, Result, notify};
use xinbao_domain::Role;
use xinbao_domain::UnitId;
use xinbao_domain::item::{Action, ItemStatus, Origin, first_state, transition};
use xinbao_domain::notice::NoticeKind;
use xinbao_store::Conn;
use xinbao_store::items::{self, Changes, ItemRow, NewItem};

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
        let mut loaded = Vec::new();
        for id in &ids {
            let l = self.load_item(actor, *id).await?;
            if !access::allowed(&actor.principal, &l.item, &l.rules, &l.org).contains(&"merge") {
                return Err(forbidden_or_state(actor, &l, Action::Merge));
            }
            loaded.push(l);
        }
        let office = loaded[0].item.office_id.ok_or(AppError::NotFound)?;
        if loaded.iter().any(|l| l.item.office_id != Some(office)) {
            return Err(AppError::invalid("item_ids", "same_office"));
        }
        let mut input = input.clone();
        input.item_type = "combined".into();
        let mut content = content_of(&input)?;
        content.importance = loaded
            .iter()
            .map(|l| l.item.importance)
            .max()
            .unwrap_or(content.importance);
        content.urgent_rank = loaded.iter().map(|l| l.item.urgent_rank).max().unwrap_or(0);
        let now = self.now().0;
        let me = actor.principal.person_id.0;
        let mut tx = self.begin().await?;
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
        items::add_event(
            &mut tx.conn(),
            cid,
            Some(me),
            "combine",
            None,
            Some(first),
            &list,
            now,
        )
        .await?;
        for l in &loaded {
            let to = transition(l.item.status, Action::Merge)
                .map_err(|_| AppError::Conflict(crate::Conflict::WrongState))?;
            let ch = Changes {
                combined_into_id: Some(cid),
                decided_at: Some(now),
                received_at: l.item.received_at.is_none().then_some(now),
                received_by: l.item.received_at.is_none().then_some(me),
                ..Default::default()
            };
            let from = Action::Merge.from_states();
            if !items::set_status(&mut tx.conn(), l.item.id, None, from, to, &ch, now).await? {
                return Err(AppError::Conflict(crate::Conflict::WrongState));
            }
            items::add_event(
                &mut tx.conn(),
                l.item.id,
                Some(me),
                Action::Merge.code(),
                Some(l.item.status),
                Some(to),
                &format!("#{cid}"),
                now,
            )
            .await?;
            notify::person(
                &mut tx.conn(),
                actor,
                l.item.author_id,
                l.item.id,
                NoticeKind::ItemMerged,
                &l.item.title,
                now,
            )
            .await?;
        }
        for l in &loaded {
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

    /// Sends an adopted item up as a new submission at the parent office, after the office's
    /// own sign-off by importance (at once if the actor may sign it off). `direct` is
    /// first-receiver direct report (首接直报): the top signer signs.
    pub async fn forward_item(&self, actor: &Actor, id: i64, direct: bool) -> Result<ItemRow> {
        let l = self.load_item(actor, id).await?;
        if !access::allowed(&actor.principal, &l.item, &l.rules, &l.org).contains(&"forward") {
            return Err(forbidden_or_state(actor, &l, Action::Forward));
        }
        let office = l.item.office_id.ok_or(AppError::NotFound)?;
        let parent = l
            .org
            .tree
            .reporting_office(UnitId(office))
            .map(|u| u.0)
            .ok_or(AppError::Conflict(crate::Conflict::NoOfficeAbove))?;
        let office_rules = super::flow::rules(&mut self.store.read().await?.conn(), office).await?;
        let mut copy = l.item.clone();
        copy.unit_id = office;
        copy.direct_report = direct;
        let signed = access::may_sign_off(&actor.principal, &copy, &office_rules, &l.org);
        let now = self.now().0;
        let me = actor.principal.person_id.0;
        let content = xinbao_store::items::Content::from(&l.item);
        let status = first_state(Origin::SentUp { signoff: !signed });
        let to = transition(l.item.status, Action::Forward)
            .map_err(|_| AppError::Conflict(crate::Conflict::WrongState))?;
        let mut tx = self.begin().await?;
        let new = NewItem {
            unit_id: office,
            office_id: Some(parent),
            author_id: me,
            content: content.clone(),
            status,
            source_item_id: Some(id),
            direct_report: direct,
            submitted_at: signed.then_some(now),
            signed_off_by: signed.then_some(me),
        };
        let nid = items::insert(&mut tx.conn(), &new, now).await?;
        items::add_revision(&mut tx.conn(), nid, 1, &content, me, now).await?;
        items::add_event(
            &mut tx.conn(),
            nid,
            Some(me),
            "forwarded_from",
            None,
            Some(status),
            &format!("#{id}"),
            now,
        )
        .await?;
        let ch = Changes {
            forwarded_item_id: Some(nid),
            ..Default::default()
        };
        if !items::set_status(
            &mut tx.conn(),
            id,
            None,
            Action::Forward.from_states(),
            to,
            &ch,
            now,
        )
        .await?
        {
            return Err(AppError::Conflict(crate::Conflict::WrongState));
        }
        items::add_event(
            &mut tx.conn(),
            id,
            Some(me),
            Action::Forward.code(),
            Some(l.item.status),
            Some(to),
            &format!("#{nid}"),
            now,
        )
        .await?;
        if signed {
            notify::roles(
                &mut tx.conn(),
                actor,
                parent,
                &[Role::Editor],
                nid,
                NoticeKind::ItemSubmitted,
                &l.item.title,
                now,
            )
            .await?;
        } else {
            notify::roles(
                &mut tx.conn(),
                actor,
                office,
                &[Role::Signer],
                nid,
                NoticeKind::ItemNeedsSignoff,
                &l.item.title,
                now,
            )
            .await?;
        }
        tx.scored_under(&l.org).touched_item(nid);
        let row = items::get(&mut tx.conn(), nid)
            .await?
            .ok_or(AppError::NotFound)?;
        tx.touched_office(Some(office)).touched_office(Some(parent));
        tx.commit().await?;
        Ok(row)
    }

    /// When an office above decides on a forwarded item, the writers of every original item
    /// below hear of it.
    pub(crate) async fn notify_upstream_result(
        &self,
        c: &mut Conn<'_>,
        actor: &Actor,
        item: &ItemRow,
        to: ItemStatus,
        now: i64,
    ) -> Result<()> {
        if item.source_item_id.is_none()
            || !matches!(to, ItemStatus::Adopted | ItemStatus::Declined)
        {
            return Ok(());
        }
        let kind = if to == ItemStatus::Adopted {
            NoticeKind::UpstreamAdopted
        } else {
            NoticeKind::UpstreamDeclined
        };
        for origin in origins(c, item).await? {
            if origin.id != item.id {
                notify::person(
                    c,
                    actor,
                    origin.author_id,
                    origin.id,
                    kind,
                    &origin.title,
                    now,
                )
                .await?;
            }
        }
        Ok(())
    }
}

/// The original items an item was made from, following forwards and merges downward.
pub(crate) async fn origins(c: &mut Conn<'_>, item: &ItemRow) -> Result<Vec<ItemRow>> {
    let mut out = Vec::new();
    let mut stack = vec![item.clone()];
    let mut guard = 0;
    while let Some(i) = stack.pop() {
        guard += 1;
        if guard > 10_000 {
            break;
        }
        let sources = items::sources_of(c, i.id).await?;
        if let Some(s) = i.source_item_id {
            if let Some(row) = items::get(c, s).await? {
                stack.push(row);
            }
        } else if !sources.is_empty() {
            stack.extend(sources);
        } else {
            out.push(i);
        }
    }
    Ok(out)
}
