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

/// How long an editor's claim on an item lasts without being renewed.
pub const CLAIM_SECONDS: i64 = 30 * 60;

/// Checks an input into stored content.
pub(crate) fn content_of(input: &ItemInput) -> Result<Content> {
    let title = validate_title(&input.title).ok_or(AppError::invalid("item_title", "length"))?;
    let item_type =
        ItemType::from_code(&input.item_type).ok_or(AppError::invalid("item_type", "unknown"))?;
    let importance = pick(&input.importance, "importance", Importance::General)?;
    let urgency = pick(&input.urgency, "urgency", Urgency::Normal)?;
    let sensitivity = pick(&input.sensitivity, "sensitivity", Sensitivity::None)?;
    let html = body::clean(&input.body);
    let text = body::text_of(&html);
    if !validate_body_text(&text) {
        return Err(AppError::invalid("item_body", "length"));
    }
    let phone = xinbao_domain::person::validate_phone(input.contact_phone.as_deref().unwrap_or(""))
        .map_err(|_| AppError::invalid("phone", "format"))?;
    let list = |v: &Option<String>| {
        v.as_deref()
            .unwrap_or("")
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(",")
    };
    let urgent_rank = match urgency {
        Urgency::Immediate => 2,
        Urgency::Urgent => 1,
        Urgency::Normal => i64::from(item_type == ItemType::Urgent),
    };
    Ok(Content {
        title,
        body: html,
        body_text: text,
        item_type,
        importance,
        urgency,
        urgent_rank,
        sensitivity,
        topics: list(&input.topics),
        authors: list(&input.authors),
        contact_phone: phone,
    })
}

/// A coded field of the input: its default when absent or blank, an error when unknown.
fn pick<T: xinbao_domain::Coded>(v: &Option<String>, field: &'static str, default: T) -> Result<T> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => T::of_code(s).ok_or(AppError::invalid(field, "unknown")),
    }
}

pub(crate) async fn rules(c: &mut Conn<'_>, unit: i64) -> Result<Rules> {
    Ok(rules_of(units::signoff_rule(c, unit).await?))
}

/// The rules from a unit's stored sign-off rule (general, important, critical), if any.
fn rules_of(stored: Option<(String, String, String)>) -> Rules {
    let mut r = Rules {
        unit: UnitSignoffRule::default(),
        office: OfficeSignoffRule::default(),
    };
    if let Some((g, i, k)) = stored {
        let role = |s: &str| Role::from_code(s);
        r.unit = UnitSignoffRule {
            general: role(&g),
            important: role(&i),
            critical: role(&k),
        };
        let level = |s: &str, d| SignerLevel::from_code(s).unwrap_or(d);
        r.office = OfficeSignoffRule {
            general: level(&g, r.office.general),
            important: level(&i, r.office.important),
            critical: level(&k, r.office.critical),
        };
    }
    r
}

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

    /// Creates a draft for the actor's unit (`unit` when they write for several).
    pub async fn create_item(
        &self,
        actor: &Actor,
        input: &ItemInput,
        unit: Option<i64>,
    ) -> Result<ItemRow> {
        self.create(actor, input, unit, false).await
    }

    /// Creates and submits in one transaction (保存并报送): one durable submission.
    pub async fn create_and_submit(
        &self,
        actor: &Actor,
        input: &ItemInput,
        unit: Option<i64>,
    ) -> Result<ItemRow> {
        self.create(actor, input, unit, true).await
    }

    async fn create(
        &self,
        actor: &Actor,
        input: &ItemInput,
        unit: Option<i64>,
        submit: bool,
    ) -> Result<ItemRow> {
        let org = self.org().await?;
        let p = &actor.principal;
        let writer_units: Vec<i64> = p
            .grants
            .iter()
            .map(|g| g.unit_id.0)
            .filter(|u| access::is_writer(p, *u, &org))
            .collect();
        let unit = match unit {
            Some(u) if writer_units.contains(&u) => u,
            Some(_) => return Err(AppError::Forbidden),
            None => *writer_units.first().ok_or(AppError::Forbidden)?,
        };
        let content = content_of(input)?;
        let office = org.tree.reporting_office(UnitId(unit)).map(|o| o.0);
        let now = self.now().0;
        let me = p.person_id.0;
        let mut new = NewItem {
            unit_id: unit,
            office_id: office,
            author_id: me,
            content: content.clone(),
            status: ItemStatus::Draft,
            source_item_id: None,
            direct_report: false,
            submitted_at: None,
            signed_off_by: None,
        };
        // Everything the item needs is read before the write transaction, on one
        // connection, which then only inserts: the single writer is held as briefly as
        // possible, and the reply is built from what was read and written.
        let mut notify_to = (Vec::new(), NoticeKind::ItemSubmitted);
        let mut score = None;
        let mut r = self.store.read().await?;
        let rules = rules(&mut r.conn(), unit).await?;
        let author_name = xinbao_store::people::get(&mut r.conn(), me)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        if submit {
            let office = office.ok_or(AppError::Conflict(crate::Conflict::NoOfficeAbove))?;
            if xinbao_store::scoring::has_scheme(&mut r.conn(), office).await? {
                score = Some(org.clone());
            }
            let signoff =
                item_rules::needs_signoff(p, unit, content.importance, false, &rules, &org.tree);
            let to = transition(ItemStatus::Draft, Action::Submit { signoff })
                .map_err(|_| AppError::Conflict(crate::Conflict::WrongState))?;
            new.status = to;
            new.submitted_at = Some(now);
            if !signoff
                && item_rules::may_sign_off(p, unit, content.importance, false, &rules, &org.tree)
            {
                new.signed_off_by = Some(me);
            }
            notify_to = if signoff {
                (
                    xinbao_store::people::holders(
                        &mut r.conn(),
                        unit,
                        &[Role::UnitLeader, Role::PrincipalLeader, Role::Signer],
                    )
                    .await?,
                    NoticeKind::ItemNeedsSignoff,
                )
            } else {
                (
                    xinbao_store::people::holders(&mut r.conn(), office, &[Role::Editor]).await?,
                    NoticeKind::ItemSubmitted,
                )
            };
        }
        drop(r);
        let job = super::batch::NewItemJob {
            new,
            content,
            author: me,
            author_name: author_name.clone(),
            now,
            notify: notify_to,
            score,
        };
        let written = self.batcher().write(job).await?;
        self.forget_counts(office);
        let fresh = super::batch::Fresh {
            history: written.history,
            rules,
            author_name,
        };
        self.batcher().keep_fresh(written.item.id, fresh);
        Ok(written.item)
    }

    /// Saves a new revision: the writer revising a draft or returned item, or the office's
    /// editor editing. A stale `version` is a conflict; nothing is overwritten.
    pub async fn save_item(&self, actor: &Actor, id: i64, input: &ItemInput) -> Result<ItemRow> {
        let l = self.load_item(actor, id).await?;
        let allowed = access::allowed(&actor.principal, &l.item, &l.rules, &l.org);
        let action = if allowed.contains(&"revise") {
            Action::Revise
        } else if allowed.contains(&"edit") {
            Action::Edit
        } else {
            return Err(forbidden_or_state(actor, &l, Action::Edit));
        };
        let content = content_of(input)?;
        let version = input.version.unwrap_or(l.item.version);
        let now = self.now().0;
        let me = actor.principal.person_id.0;
        let mut tx = self.begin().await?;
        if !items::update_content(
            &mut tx.conn(),
            id,
            version,
            action.from_states(),
            &content,
            now,
        )
        .await?
        {
            return Err(AppError::Conflict(crate::Conflict::StaleVersion));
        }
        items::add_revision(&mut tx.conn(), id, l.item.revision + 1, &content, me, now).await?;
        items::add_event(
            &mut tx.conn(),
            id,
            Some(me),
            action.code(),
            Some(l.item.status),
            Some(l.item.status),
            "",
            now,
        )
        .await?;
        if content.item_type != l.item.item_type {
            tx.scored_under(&l.org).touched_item(id);
        }
        let row = items::get(&mut tx.conn(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(row)
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

/// A unit's sign-off rule as shown and edited: per importance, a role (ordinary units:
/// `unit_leader`, `principal_leader` or empty for none) or a signer level (offices:
/// `section`, `deputy`, `chief`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct SignoffRuleView {
    pub general: String,
    pub important: String,
    pub critical: String,
}

impl App {
    pub async fn signoff_rule(&self, actor: &Actor, unit: i64) -> Result<SignoffRuleView> {
        crate::org::reads_org(actor)?;
        let org = self.org().await?;
        let r = rules(&mut self.store.read().await?.conn(), unit).await?;
        let role = |x: Option<Role>| x.map(|r| r.code().to_string()).unwrap_or_default();
        Ok(if org.is_office(unit) {
            SignoffRuleView {
                general: r.office.general.code().into(),
                important: r.office.important.code().into(),
                critical: r.office.critical.code().into(),
            }
        } else {
            SignoffRuleView {
                general: role(r.unit.general),
                important: role(r.unit.important),
                critical: role(r.unit.critical),
            }
        })
    }

    /// Sets a unit's sign-off rule (administrators of the unit).
    pub async fn set_signoff_rule(
        &self,
        actor: &Actor,
        unit: i64,
        v: &SignoffRuleView,
    ) -> Result<()> {
        let org = self.org().await?;
        if !org.rows.contains_key(&unit) {
            return Err(AppError::NotFound);
        }
        if !(actor.system || actor.principal.may_administer(&org.tree, UnitId(unit))) {
            return Err(AppError::Forbidden);
        }
        let office = org.is_office(unit);
        let ok = |s: &str| {
            if office {
                SignerLevel::from_code(s).is_some()
            } else {
                s.is_empty()
                    || matches!(
                        Role::from_code(s),
                        Some(Role::UnitLeader | Role::PrincipalLeader)
                    )
            }
        };
        if ![&v.general, &v.important, &v.critical]
            .iter()
            .all(|s| ok(s.trim()))
        {
            return Err(AppError::invalid("signoff_rule", "unknown"));
        }
        let mut tx = self.begin().await?;
        units::set_signoff_rule(
            &mut tx.conn(),
            unit,
            (v.general.trim(), v.important.trim(), v.critical.trim()),
        )
        .await?;
        tx.audit(
            crate::audit::AuditEntry::by(actor, xinbao_domain::audit::AuditAction::UnitUpdated)
                .target("unit", unit)
                .detail(serde_json::json!({ "signoff_rule": v })),
        );
        tx.commit().await
    }
}
