//! Telling people about an event: in-app at once, and on every external channel they have
//! (email, SMS, the unit's WeCom and DingTalk group robots) through the outbox, so a channel
//! that is down never holds the workflow.

use crate::i18n::{local_time, trf};
use crate::{App, Result};
use serde_json::json;
use xinbao_domain::Timestamp;
use xinbao_domain::notice::NoticeKind;
use xinbao_store::outbox::{self, NewDelivery};
use xinbao_store::{Conn, notifications, people};

/// The unit a notice is about: named in it, and told through its group robots too
/// (`Unit`), only named (`Named`: an escalation to the office names the late unit), or none.
#[derive(Debug, Clone, Copy)]
pub(crate) enum About {
    Unit(i64),
    Named(i64),
    Nothing,
}

impl App {
    /// Tells the people of `unit` holding the roles for `kind` about event `event`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn tell_unit(
        &self,
        c: &mut Conn<'_>,
        unit: i64,
        event: i64,
        kind: NoticeKind,
        title: &str,
        due: Timestamp,
        now: i64,
    ) -> Result<()> {
        let people = people::holders(c, unit, kind.unit_roles()).await?;
        self.tell(c, &people, About::Unit(unit), event, kind, title, due, now)
            .await
    }

    /// Tells `people` (and the robots of the unit the notice is about, where it says so).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn tell(
        &self,
        c: &mut Conn<'_>,
        people: &[i64],
        about: About,
        event: i64,
        kind: NoticeKind,
        title: &str,
        due: Timestamp,
        now: i64,
    ) -> Result<()> {
        let org = self.org().await?;
        let (named, robots_unit) = match about {
            About::Unit(u) => (Some(u), Some(u)),
            About::Named(u) => (Some(u), None),
            About::Nothing => (None, None),
        };
        let unit_name = named.map(|u| org.name(u)).unwrap_or_default();
        let due_text = local_time(due);
        let args = json!({ "title": title, "due": due_text, "unit": unit_name }).to_string();
        let subject = trf("zh-CN", &format!("notify.{kind}"), &[]);
        let body = trf(
            "zh-CN",
            "channel.message",
            &[
                ("subject", &subject),
                ("title", title),
                ("unit", &unit_name),
                ("due", &due_text),
            ],
        );
        for p in people {
            notifications::add_for_event(c, *p, event, kind, &args, now).await?;
            self.queue_for_person(c, *p, &subject, &body, now).await?;
        }
        if let Some(u) = robots_unit {
            for r in outbox::robots_of(c, u).await? {
                let d = NewDelivery {
                    channel: r.channel.clone(),
                    unit_id: Some(u),
                    address: r.url.clone(),
                    subject: subject.clone(),
                    body: body.clone(),
                    ..Default::default()
                };
                outbox::enqueue(c, &d, now).await?;
            }
        }
        Ok(())
    }

    /// Queues the message on each channel the person has chosen (or the defaults) and has
    /// an address for.
    pub(crate) async fn queue_for_person(
        &self,
        c: &mut Conn<'_>,
        person: i64,
        subject: &str,
        body: &str,
        now: i64,
    ) -> Result<()> {
        let chosen = self.channels_of(c, person).await?;
        let Some(p) = people::get(c, person).await? else {
            return Ok(());
        };
        let addresses = [("email", p.email), ("sms", p.phone)];
        for (channel, address) in addresses {
            let Some(address) = address.filter(|a| !a.trim().is_empty()) else {
                continue;
            };
            // A channel the installation has not configured is not queued at all.
            if chosen.iter().any(|c| c == channel) && self.channels.configured(channel) {
                let d = NewDelivery {
                    channel: channel.into(),
                    person_id: Some(person),
                    address,
                    subject: subject.into(),
                    body: body.into(),
                    ..Default::default()
                };
                outbox::enqueue(c, &d, now).await?;
            }
        }
        Ok(())
    }

    /// The external channels a person receives on: their own choices over the defaults.
    pub(crate) async fn channels_of(&self, c: &mut Conn<'_>, person: i64) -> Result<Vec<String>> {
        let own = outbox::person_channels(c, person).await?;
        let mut out: Vec<String> = self
            .cfg
            .default_channels
            .iter()
            .filter(|d| !own.iter().any(|(c, _)| c == *d))
            .cloned()
            .collect();
        out.extend(own.into_iter().filter(|(_, on)| *on).map(|(c, _)| c));
        Ok(out)
    }
}
