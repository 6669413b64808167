//! In-app notifications to the people concerned at every step.

use crate::{Actor, App, Result};
use serde_json::json;
use xinbao_store::notifications::{self, NotificationRow};
use xinbao_store::{Conn, people};

/// Notifies everyone holding one of `roles` in `unit`, except the actor.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn roles(
    c: &mut Conn<'_>,
    actor: &Actor,
    unit: i64,
    roles: &[&str],
    item: i64,
    kind: &str,
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
    kind: &str,
    title: &str,
    now: i64,
) -> Result<()> {
    if person != actor.principal.person_id.0 {
        let args = json!({ "title": title }).to_string();
        notifications::add(c, person, Some(item), kind, &args, now).await?;
    }
    Ok(())
}

impl App {
    pub async fn notifications(&self, actor: &Actor, limit: i64) -> Result<Vec<NotificationRow>> {
        let mut r = self.store.read().await?;
        Ok(notifications::list(
            &mut r.conn(),
            actor.principal.person_id.0,
            limit.clamp(1, 500),
        )
        .await?)
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
