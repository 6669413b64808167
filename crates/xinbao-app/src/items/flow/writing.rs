//! Writing items: the checked content, a new item (through the group writer, answered with the
//! rows as written) and a save of a draft or returned item.

use super::*;

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
pub(crate) fn pick<T: xinbao_domain::Coded>(
    v: &Option<String>,
    field: &'static str,
    default: T,
) -> Result<T> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => T::of_code(s).ok_or(AppError::invalid(field, "unknown")),
    }
}

impl App {
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
        // Everything the item needs is read before the write transaction, in one round
        // trip, so the writer only inserts; the reply is built from what was read and written.
        let signers = [Role::UnitLeader, Role::PrincipalLeader, Role::Signer];
        let before = {
            let mut r = self.store.read().await?;
            xinbao_store::item_group::before_write(
                &mut r.conn(),
                unit,
                office,
                me,
                &signers,
                &[Role::Editor],
            )
            .await?
        };
        let rules = super::rules_of(before.signoff_rule);
        let author_name = before.author_name;
        let mut notify_to = (Vec::new(), NoticeKind::ItemSubmitted);
        let mut score = None;
        if submit {
            office.ok_or(AppError::Conflict(crate::Conflict::NoOfficeAbove))?;
            if before.office_scored {
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
                (before.unit_signers, NoticeKind::ItemNeedsSignoff)
            } else {
                (before.office_receivers, NoticeKind::ItemSubmitted)
            };
        }
        let job = crate::items::batch::NewItemJob {
            new,
            content,
            author: me,
            author_name: author_name.clone(),
            now,
            notify: notify_to,
            score,
        };
        let written = self.batcher().write(job).await?;
        let fresh = crate::items::batch::Fresh {
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
}
