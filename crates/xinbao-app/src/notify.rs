//! In-app notifications to the people concerned at every step.

use crate::{Actor, App, Result};
use serde_json::json;
use xinbao_domain::Role;
use xinbao_domain::event::access;
use xinbao_domain::notice::NoticeKind;
use xinbao_store::notifications::{self, NotificationRow};
use xinbao_store::{Conn, items, people};

/// The page a notice opens: its item or its event when the recipient may open it, its issue, or
/// the list an instruction notice belongs to.
fn link(
    row: &NotificationRow,
    item: Option<i64>,
    event: Option<i64>,
    issue: Option<i64>,
) -> Option<String> {
    if let Some(i) = item {
        return Some(format!("/items/{i}"));
    }
    if let Some(e) = event {
        return Some(format!("/events/{e}"));
    }
    if let Some(i) = issue {
        return Some(format!("/issues/{i}/read"));
    }
    row.kind
        .is_instruction()
        .then(|| "/instructions".to_string())
}

/// Notifies everyone holding one of `roles` in `unit`, except the actor.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn roles(
    c: &mut Conn<'_>,
    actor: &Actor,
    unit: i64,
    roles: &[Role],
    item: i64,
    kind: NoticeKind,
    title: &str,
    now: i64,
) -> Result<()> {
    let args = json!({ "title": title }).to_string();
    for person in people::holders(c, unit, roles).await? {
        if person != actor.principal.person_id.0 {
            notifications::add(c, person, Some(item), kind, &args, now).await?;
        }
    }
    Ok(())
}

/// Notifies one person (unless it is the actor).
pub(crate) async fn person(
    c: &mut Conn<'_>,
    actor: &Actor,
    person: i64,
    item: i64,
    kind: NoticeKind,
    title: &str,
    now: i64,
) -> Result<()> {
    if person != actor.principal.person_id.0 {
        let args = json!({ "title": title }).to_string();
        notifications::add(c, person, Some(item), kind, &args, now).await?;
    }
    Ok(())
}

/// A notification as its recipient sees it: what it says and the one page it opens, which
/// the recipient may always open (an item they may not see is not linked).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Notice {
    #[serde(flatten)]
    pub row: NotificationRow,
    /// The item, event, issue or list the notice is about, when the recipient may open it.
    pub href: Option<String>,
    /// The title it names.
    pub title: String,
}

impl App {
    pub async fn notifications(&self, actor: &Actor, limit: i64) -> Result<Vec<Notice>> {
        let org = self.org().await?;
        let mut r = self.store.read().await?;
        let c = &mut r.conn();
        let rows = notifications::list(c, actor.principal.person_id.0, limit.clamp(1, 500)).await?;
        let mut viewable = std::collections::HashMap::new();
        for id in rows.iter().filter_map(|n| n.item_id) {
            if let std::collections::hash_map::Entry::Vacant(e) = viewable.entry(id) {
                let may = match items::get_with_context(c, id).await? {
                    Some((item, shared, _)) => {
                        crate::items::access::may_view(&actor.principal, &item, &shared, &org)
                    }
                    None => false,
                };
                e.insert(may);
            }
        }
        let mut events_seen = std::collections::HashMap::new();
        for id in rows.iter().filter_map(|n| n.event_id) {
            if let std::collections::hash_map::Entry::Vacant(e) = events_seen.entry(id) {
                e.insert(self.sees_event(c, actor, &org, id).await?);
            }
        }
        Ok(rows
            .into_iter()
            .map(|row| {
                let args: serde_json::Value = serde_json::from_str(&row.args).unwrap_or_default();
                let title = args["title"].as_str().unwrap_or_default().to_string();
                let item = row.item_id.filter(|i| viewable.get(i) == Some(&true));
                let event = row.event_id.filter(|e| events_seen.get(e) == Some(&true));
                let href = link(&row, item, event, args["issue_id"].as_i64());
                Notice { row, href, title }
            })
            .collect())
    }

    pub async fn unread_notifications(&self, actor: &Actor) -> Result<i64> {
        let mut r = self.store.read().await?;
        Ok(notifications::unread(&mut r.conn(), actor.principal.person_id.0).await?)
    }

    /// Unread urgent notices (sudden events, urgent items): how many, and the newest id.
    pub async fn unread_urgent(&self, actor: &Actor) -> Result<(i64, Option<i64>)> {
        let mut r = self.store.read().await?;
        Ok(notifications::unread_urgent(&mut r.conn(), actor.principal.person_id.0).await?)
    }

    /// Marks one notification (or all, with `None`) read.
    pub async fn mark_notifications_read(&self, actor: &Actor, id: Option<i64>) -> Result<()> {
        let now = self.now().0;
        let mut tx = self.begin().await?;
        notifications::mark_read(&mut tx.conn(), actor.principal.person_id.0, id, now).await?;
        tx.commit().await
    }
}

impl App {
    /// Whether the actor may open event `id` (some unit's part of it is theirs to see).
    async fn sees_event(
        &self,
        c: &mut Conn<'_>,
        actor: &Actor,
        org: &crate::OrgSnapshot,
        id: i64,
    ) -> Result<bool> {
        let Some(event) = xinbao_store::events::get(c, id).await? else {
            return Ok(false);
        };
        let asked: Vec<i64> = xinbao_store::events::units_of(c, id)
            .await?
            .into_iter()
            .map(|u| u.0)
            .collect();
        let p = &actor.principal;
        Ok(
            actor.system
                || !access::visible_units(p, &org.tree, event.office_id, &asked).is_empty(),
        )
    }
}
