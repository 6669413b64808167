//! The office's side of the cycle: receipt, claims, hold and reserve, return, decline, adopt,
//! sharing sideways.

use super::access;
use super::flow::{CLAIM_SECONDS, forbidden_or_state, required};
use crate::{Actor, App, AppError, Result};
use xinbao_domain::Role;
use xinbao_domain::item::Action;
use xinbao_domain::notice::NoticeKind;
use xinbao_store::items::{self, Changes, ItemRow};

/// Reasons an office gives for not adopting an item, with free text besides.
pub const DECLINE_REASONS: [&str; 6] = [
    "duplicate",
    "outdated",
    "low_value",
    "inaccurate",
    "unsuitable",
    "other",
];

impl App {
    /// Records receipt (签收).
    pub async fn receive_item(&self, actor: &Actor, id: i64) -> Result<ItemRow> {
        let l = self.load_item(actor, id).await?;
        let now = self.now().0;
        let ch = Changes {
            received_by: Some(actor.principal.person_id.0),
            received_at: Some(now),
            ..Default::default()
        };
        self.step(actor, &l, Action::Receive, ch, "", None).await
    }

    /// Claims the item for editing; others see who holds it until the claim expires.
    pub async fn claim_item(&self, actor: &Actor, id: i64) -> Result<ItemRow> {
        let l = self.load_item(actor, id).await?;
        if !access::allowed(&actor.principal, &l.item, &l.rules, &l.org).contains(&"edit") {
            return Err(forbidden_or_state(actor, &l, Action::Edit));
        }
        let now = self.now();
        let mut tx = self.begin().await?;
        if !items::claim(
            &mut tx.conn(),
            id,
            actor.principal.person_id.0,
            now.plus_seconds(CLAIM_SECONDS).0,
            now.0,
        )
        .await?
        {
            return Err(AppError::Conflict(crate::Conflict::ClaimedByOther));
        }
        let row = items::get(&mut tx.conn(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(row)
    }

    pub async fn release_item(&self, actor: &Actor, id: i64) -> Result<()> {
        self.load_item(actor, id).await?;
        let mut tx = self.begin().await?;
        items::release(&mut tx.conn(), id, actor.principal.person_id.0).await?;
        tx.commit().await
    }

    /// 待核实: on hold until facts are checked.
    pub async fn hold_item(&self, actor: &Actor, id: i64, comment: &str) -> Result<ItemRow> {
        let l = self.load_item(actor, id).await?;
        self.step(
            actor,
            &l,
            Action::Hold,
            received(actor, &l.item, self.now().0, comment),
            comment,
            None,
        )
        .await
    }

    /// 备用: kept in reserve.
    pub async fn reserve_item(&self, actor: &Actor, id: i64, comment: &str) -> Result<ItemRow> {
        let l = self.load_item(actor, id).await?;
        self.step(
            actor,
            &l,
            Action::Reserve,
            received(actor, &l.item, self.now().0, comment),
            comment,
            None,
        )
        .await
    }

    /// 退回修改, with the editor's comments.
    pub async fn return_item(&self, actor: &Actor, id: i64, comment: &str) -> Result<ItemRow> {
        let comment = required(comment)?;
        let l = self.load_item(actor, id).await?;
        self.step(
            actor,
            &l,
            Action::Return,
            received(actor, &l.item, self.now().0, &comment),
            &comment,
            None,
        )
        .await
    }

    /// 不采用, with a reason from the list (or free text) and optional details.
    pub async fn decline_item(
        &self,
        actor: &Actor,
        id: i64,
        reason: &str,
        details: &str,
    ) -> Result<ItemRow> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(AppError::invalid("reason", "required"));
        }
        let l = self.load_item(actor, id).await?;
        let now = self.now().0;
        let text = if details.trim().is_empty() {
            reason.to_string()
        } else {
            format!("{reason}：{}", details.trim())
        };
        let mut ch = received(actor, &l.item, now, &text);
        ch.decline_reason = Some(text.clone());
        ch.decided_at = Some(now);
        self.step(actor, &l, Action::Decline, ch, &text, None).await
    }

    /// 采用 at this office, optionally naming the periodical it is meant for.
    pub async fn adopt_item(
        &self,
        actor: &Actor,
        id: i64,
        periodical: Option<&str>,
    ) -> Result<ItemRow> {
        let l = self.load_item(actor, id).await?;
        let now = self.now().0;
        let periodical = periodical
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        let mut ch = received(actor, &l.item, now, "");
        ch.decided_at = Some(now);
        ch.periodical = periodical.clone();
        self.step(
            actor,
            &l,
            Action::Adopt,
            ch,
            periodical.as_deref().unwrap_or(""),
            None,
        )
        .await
    }

    /// Shares the item sideways with a peer office: it can read it; it does not enter that
    /// office's inbox or scoring.
    pub async fn share_item(&self, actor: &Actor, id: i64, office: i64) -> Result<()> {
        let l = self.load_item(actor, id).await?;
        if !access::allowed(&actor.principal, &l.item, &l.rules, &l.org).contains(&"share") {
            return Err(forbidden_or_state(actor, &l, Action::Adopt));
        }
        let from = l.item.office_id.ok_or(AppError::NotFound)?;
        let now = self.now().0;
        let mut tx = self.begin().await?;
        if !xinbao_store::units::peers(&mut tx.conn(), from)
            .await?
            .contains(&office)
        {
            return Err(AppError::invalid("office_id", "not_peer_office"));
        }
        items::share(&mut tx.conn(), id, office, actor.principal.person_id.0, now).await?;
        items::add_event(
            &mut tx.conn(),
            id,
            Some(actor.principal.person_id.0),
            "share",
            None,
            None,
            &l.org.name(office),
            now,
        )
        .await?;
        crate::notify::roles(
            &mut tx.conn(),
            actor,
            office,
            &[Role::Editor, Role::Reader],
            id,
            NoticeKind::ItemShared,
            &l.item.title,
            now,
        )
        .await?;
        tx.commit().await
    }
}

/// Any decision also records receipt if it was not recorded yet.
fn received(actor: &Actor, item: &ItemRow, now: i64, comment: &str) -> Changes {
    Changes {
        received_by: item
            .received_at
            .is_none()
            .then_some(actor.principal.person_id.0),
        received_at: item.received_at.is_none().then_some(now),
        last_comment: Some(comment.to_string()).filter(|c| !c.is_empty()),
        ..Default::default()
    }
}
