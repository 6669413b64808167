//! Transitions: each checks permission, applies the domain state machine, then writes the new
//! state (guarded by the states it may start from), an event and notifications in one
//! transaction.

use super::access::{self, Rules};
use super::{ItemInput, body};
use crate::org::OrgSnapshot;
use crate::{Actor, App, AppError, Result, notify};
use std::sync::Arc;
use xinbao_domain::item::access as item_rules;
use xinbao_domain::item::{
    Action, Importance, ItemStatus, ItemType, OfficeSignoffRule, Sensitivity, UnitSignoffRule,
    Urgency, transition, validate_body_text, validate_title,
};
use xinbao_domain::notice::NoticeKind;
use xinbao_domain::{Role, SignerLevel, UnitId};
use xinbao_store::items::{self, Changes, Content, ItemRow, NewItem};
use xinbao_store::{Conn, units};

mod signoff;
mod writing;

pub use signoff::SignoffRuleView;
pub(crate) use signoff::{rules, rules_of};
pub(crate) use writing::content_of;

/// How long an editor's claim on an item lasts without being renewed.
pub const CLAIM_SECONDS: i64 = 30 * 60;

/// An item loaded for an action: the row, the organisation and the unit's sign-off rules.
pub(crate) struct Loaded {
    pub item: ItemRow,
    pub org: Arc<OrgSnapshot>,
    pub rules: Rules,
    /// Peer offices it was shared with.
    pub shared: Vec<i64>,
}

impl App {
    pub(crate) async fn load_item(&self, actor: &Actor, id: i64) -> Result<Loaded> {
        let org = self.org().await?;
        let mut r = self.store.read().await?;
        load_on(&mut r.conn(), actor, id, org).await
    }
}

/// Loads and checks an item on a connection the caller goes on using.
pub(crate) async fn load_on(
    c: &mut Conn<'_>,
    actor: &Actor,
    id: i64,
    org: Arc<OrgSnapshot>,
) -> Result<Loaded> {
    {
        let (item, shared, stored_rule) = items::get_with_context(c, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !access::may_view(&actor.principal, &item, &shared, &org) {
            // Whoever may not open an item learns nothing of it, not even that it exists (an
            // office's editor asking for a unit's draft included).
            return Err(AppError::NotFound);
        }
        let rules = rules_of(stored_rule);
        Ok(Loaded {
            item,
            org,
            rules,
            shared,
        })
    }
}

impl App {
    /// Moves the item by `action` if `actor` may, writing the event; returns the new row.
    pub(crate) async fn step(
        &self,
        actor: &Actor,
        l: &Loaded,
        action: Action,
        ch: Changes,
        comment: &str,
        version: Option<i64>,
    ) -> Result<ItemRow> {
        let allowed = access::allowed(&actor.principal, &l.item, &l.rules, &l.org);
        if !allowed.contains(&action.code()) {
            return Err(forbidden_or_state(actor, l, action));
        }
        let from = l.item.status;
        let to = transition(from, action)
            .map_err(|_| AppError::Conflict(crate::Conflict::WrongState))?;
        let now = self.now().0;
        let mut tx = self.begin().await?;
        if !items::set_status(
            &mut tx.conn(),
            l.item.id,
            version,
            action.from_states(),
            to,
            &ch,
            now,
        )
        .await?
        {
            return Err(AppError::Conflict(if version.is_some() {
                crate::Conflict::StaleVersion
            } else {
                crate::Conflict::WrongState
            }));
        }
        items::add_event(
            &mut tx.conn(),
            l.item.id,
            Some(actor.principal.person_id.0),
            action.code(),
            Some(from),
            Some(to),
            comment,
            now,
        )
        .await?;
        self.notify_step(&mut tx.conn(), actor, &l.item, to, now)
            .await?;
        tx.scored_under(&l.org).touched_item(l.item.id);
        let row = items::get(&mut tx.conn(), l.item.id)
            .await?
            .ok_or(AppError::NotFound)?;
        tx.touched_office(l.item.office_id);
        tx.commit().await?;
        Ok(row)
    }

    async fn notify_step(
        &self,
        c: &mut Conn<'_>,
        actor: &Actor,
        item: &ItemRow,
        to: ItemStatus,
        now: i64,
    ) -> Result<()> {
        let t = &item.title;
        match to {
            ItemStatus::Submitted => {
                if let Some(o) = item.office_id {
                    notify::roles(
                        c,
                        actor,
                        o,
                        &[Role::Editor],
                        item.id,
                        NoticeKind::ItemSubmitted,
                        t,
                        now,
                    )
                    .await?;
                }
                notify::person(
                    c,
                    actor,
                    item.author_id,
                    item.id,
                    NoticeKind::ItemSignedOff,
                    t,
                    now,
                )
                .await?;
            }
            ItemStatus::AwaitingSignoff => {
                notify::roles(
                    c,
                    actor,
                    item.unit_id,
                    &[Role::UnitLeader, Role::PrincipalLeader, Role::Signer],
                    item.id,
                    NoticeKind::ItemNeedsSignoff,
                    t,
                    now,
                )
                .await?;
            }
            _ => {
                if let Some(kind) = NoticeKind::item_moved_to(to) {
                    notify::person(c, actor, item.author_id, item.id, kind, t, now).await?;
                    self.notify_upstream_result(c, actor, item, to, now).await?;
                }
            }
        }
        Ok(())
    }

    /// Sends the item to its office, or to the unit's leader first when the rule asks for it.
    pub async fn submit_item(&self, actor: &Actor, id: i64) -> Result<ItemRow> {
        let l = self.load_item(actor, id).await?;
        if l.item.office_id.is_none() {
            return Err(AppError::Conflict(crate::Conflict::NoOfficeAbove));
        }
        let signoff = access::needs_signoff(&actor.principal, &l.item, &l.rules, &l.org);
        let now = self.now().0;
        let mut ch = Changes {
            submitted_at: Some(now),
            ..Default::default()
        };
        if !signoff && access::may_sign_off(&actor.principal, &l.item, &l.rules, &l.org) {
            ch.signed_off_by = Some(actor.principal.person_id.0);
            ch.signed_off_at = Some(now);
        }
        self.step(actor, &l, Action::Submit { signoff }, ch, "", None)
            .await
    }

    /// The unit's leader (or the office's signer) approves: the item leaves for the office.
    pub async fn approve_item(&self, actor: &Actor, id: i64, comment: &str) -> Result<ItemRow> {
        let l = self.load_item(actor, id).await?;
        let now = self.now().0;
        let ch = Changes {
            signed_off_by: Some(actor.principal.person_id.0),
            signed_off_at: Some(now),
            submitted_at: Some(now),
            ..Default::default()
        };
        self.step(actor, &l, Action::Approve, ch, comment, None)
            .await
    }

    /// The sign-off is refused: the item goes back to draft with the comment.
    pub async fn reject_item(&self, actor: &Actor, id: i64, comment: &str) -> Result<ItemRow> {
        let comment = required(comment)?;
        let l = self.load_item(actor, id).await?;
        let ch = Changes {
            last_comment: Some(comment.clone()),
            ..Default::default()
        };
        self.step(actor, &l, Action::Reject, ch, &comment, None)
            .await
    }

    /// The writer withdraws the item; it stays visible as withdrawn.
    pub async fn withdraw_item(&self, actor: &Actor, id: i64) -> Result<ItemRow> {
        let l = self.load_item(actor, id).await?;
        self.step(actor, &l, Action::Withdraw, Changes::default(), "", None)
            .await
    }
}

pub(crate) fn required(comment: &str) -> Result<String> {
    let c = comment.trim();
    if c.is_empty() || c.chars().count() > 2000 {
        return Err(AppError::invalid("comment", "required"));
    }
    Ok(c.to_string())
}

/// Not allowed: 403 when the actor has no part in the item, 409 when the state is wrong.
pub(crate) fn forbidden_or_state(actor: &Actor, l: &Loaded, action: Action) -> AppError {
    let p = &actor.principal;
    let involved = access::is_writer(p, l.item.unit_id, &l.org)
        || access::is_editor(p, l.item.office_id)
        || access::may_sign_off(p, &l.item, &l.rules, &l.org);
    if involved && !action.from_states().contains(&l.item.status) {
        AppError::Conflict(crate::Conflict::WrongState)
    } else {
        AppError::Forbidden
    }
}

impl App {}
