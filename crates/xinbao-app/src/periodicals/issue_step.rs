//! Taking a step on an issue: freeze, unfreeze, sign off or publish.

use super::{IssueView, facts};
use crate::{Actor, App, AppError, Result};
use chrono::Datelike;
use xinbao_domain::Timestamp;
use xinbao_domain::periodical::access as issue_rules;
use xinbao_domain::periodical::{IssueAction, Numbering, issue_transition};
use xinbao_store::periodicals;

impl App {
    /// Freeze, unfreeze (with a reason), sign off or publish an issue.
    pub async fn issue_step(
        &self,
        actor: &Actor,
        id: i64,
        action: IssueAction,
        reason: &str,
    ) -> Result<IssueView> {
        let now = self.now().0;
        // Read before the transaction: publishing rescores the issue's items with it.
        let org = self.org().await?;
        let mut tx = self.begin().await?;
        tx.scored_under(&org);
        let mut touched = Vec::new();
        let c = &mut tx.conn();
        let issue = periodicals::issue(c, id).await?.ok_or(AppError::NotFound)?;
        let p = periodicals::get(c, issue.periodical_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !issue_rules::may(&actor.principal, &facts(&issue, &p), action) {
            return Err(AppError::Forbidden);
        }
        let from = issue.status;
        let to = issue_transition(from, action)
            .ok_or(AppError::Conflict(crate::Conflict::WrongState))?;
        if action == IssueAction::Unfreeze
            && (reason.trim().is_empty() || reason.chars().count() > 500)
        {
            return Err(AppError::invalid("reason", "required"));
        }
        let me = actor.principal.person_id.0;
        let moved = match action {
            IssueAction::SignOff => periodicals::set_signed_off(c, id, (from, to), me, now).await?,
            IssueAction::Publish => {
                let year = i64::from(
                    Timestamp(now)
                        .to_datetime()
                        .with_timezone(&chrono_tz::Asia::Shanghai)
                        .year(),
                );
                let numbering = Numbering {
                    restart_yearly: p.restart_yearly,
                    running_total: p.running_total,
                };
                let kind = issue.kind;
                let (counter, counter_year) = numbering.counter_key(kind, year as i32);
                let number =
                    periodicals::next_number(c, p.id, counter, i64::from(counter_year)).await?;
                let total = if numbering.takes_total(kind) {
                    Some(periodicals::next_number(c, p.id, "total", 0).await?)
                } else {
                    None
                };
                let ok =
                    periodicals::set_published(c, id, (from, to), year, number, total, me, now)
                        .await?;
                if ok {
                    periodicals::mark_items_adopted(c, id, &p, now).await?;
                    for it in periodicals::items_of(c, id).await? {
                        touched.push(it.item_id);
                    }
                    let label = xinbao_domain::periodical::issue_label(
                        kind,
                        year as i32,
                        number,
                        total,
                        p.restart_yearly,
                    );
                    self.send_issue(c, &p, id, &label, now).await?;
                }
                ok
            }
            _ => periodicals::set_status(c, id, (from, to), now).await?,
        };
        if !moved {
            return Err(AppError::Conflict(crate::Conflict::WrongState));
        }
        periodicals::add_event(c, id, action.code(), reason.trim(), me, now).await?;
        for item in touched {
            tx.touched_item(item);
        }
        tx.commit().await?;
        self.issue(actor, id).await
    }
}
