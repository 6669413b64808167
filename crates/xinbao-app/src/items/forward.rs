//! Sending an item up to the parent office (报送上级): a copy submitted there, linked to the
//! original, and the provenance chain that lets results above flow back down.

use super::access;
use super::flow::forbidden_or_state;
use crate::work::Work;
use crate::{Actor, App, AppError, Result, notify};
use xinbao_domain::Role;
use xinbao_domain::UnitId;
use xinbao_domain::item::{Action, ItemStatus, Origin, first_state, transition};
use xinbao_domain::notice::NoticeKind;
use xinbao_store::Conn;
use xinbao_store::items::{self, Changes, ItemRow, NewItem};

/// A forward decided: the original, where the copy goes, and whether it leaves signed.
struct Forward<'r> {
    item: &'r ItemRow,
    office: i64,
    parent: i64,
    direct: bool,
    /// Signed off at once (the actor may sign it off); otherwise the office's signers must.
    signed: bool,
    /// The original's state after the forward.
    to: ItemStatus,
    me: i64,
    now: i64,
}

impl App {
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
        let f = Forward {
            item: &l.item,
            office,
            parent,
            direct,
            signed: access::may_sign_off(&actor.principal, &copy, &office_rules, &l.org),
            to: transition(l.item.status, Action::Forward)
                .map_err(|_| AppError::Conflict(crate::Conflict::WrongState))?,
            me: actor.principal.person_id.0,
            now: self.now().0,
        };
        let mut tx = self.begin().await?;
        let nid = insert_copy(&mut tx, &f).await?;
        mark_forwarded(&mut tx, &f, nid).await?;
        notify_forward(&mut tx, actor, &f, nid).await?;
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

/// Inserts the copy at the parent office, with its first revision and its first step.
async fn insert_copy(tx: &mut Work<'_>, f: &Forward<'_>) -> Result<i64> {
    let content = xinbao_store::items::Content::from(f.item);
    let status = first_state(Origin::SentUp { signoff: !f.signed });
    let new = NewItem {
        unit_id: f.office,
        office_id: Some(f.parent),
        author_id: f.me,
        content: content.clone(),
        status,
        source_item_id: Some(f.item.id),
        direct_report: f.direct,
        submitted_at: f.signed.then_some(f.now),
        signed_off_by: f.signed.then_some(f.me),
    };
    let nid = items::insert(&mut tx.conn(), &new, f.now).await?;
    items::add_revision(&mut tx.conn(), nid, 1, &content, f.me, f.now).await?;
    items::add_event(
        &mut tx.conn(),
        nid,
        Some(f.me),
        "forwarded_from",
        None,
        Some(status),
        &format!("#{}", f.item.id),
        f.now,
    )
    .await?;
    Ok(nid)
}

/// Moves the original to its forwarded state, linked to the copy `nid`.
async fn mark_forwarded(tx: &mut Work<'_>, f: &Forward<'_>, nid: i64) -> Result<()> {
    let ch = Changes {
        forwarded_item_id: Some(nid),
        ..Default::default()
    };
    let from = Action::Forward.from_states();
    if !items::set_status(&mut tx.conn(), f.item.id, None, from, f.to, &ch, f.now).await? {
        return Err(AppError::Conflict(crate::Conflict::WrongState));
    }
    items::add_event(
        &mut tx.conn(),
        f.item.id,
        Some(f.me),
        Action::Forward.code(),
        Some(f.item.status),
        Some(f.to),
        &format!("#{nid}"),
        f.now,
    )
    .await?;
    Ok(())
}

/// Tells the parent office's editors of a signed copy, or the office's signers of one to sign.
async fn notify_forward(tx: &mut Work<'_>, actor: &Actor, f: &Forward<'_>, nid: i64) -> Result<()> {
    let (unit, role, kind) = if f.signed {
        (f.parent, Role::Editor, NoticeKind::ItemSubmitted)
    } else {
        (f.office, Role::Signer, NoticeKind::ItemNeedsSignoff)
    };
    notify::roles(
        &mut tx.conn(),
        actor,
        unit,
        &[role],
        nid,
        kind,
        &f.item.title,
        f.now,
    )
    .await
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
