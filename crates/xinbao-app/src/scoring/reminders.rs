//! Quota reminders (seed 000), run once a day from the scheduler: from the 15th, a unit that
//! has sent less than half its monthly quota is reminded (its officers and leaders); a unit
//! that sent nothing, or had nothing adopted, in the last two full months gets a message to
//! its principal leader. Each reminder goes once per unit and period, across instances.

use super::targets::{current_schemes, quota_of};
use crate::i18n::trf;
use crate::{App, Result};
use chrono::{Datelike, TimeZone};
use serde_json::json;
use xinbao_domain::Timestamp;
use xinbao_domain::notice::NoticeKind;
use xinbao_domain::scoring::{Counting, Per};
use xinbao_domain::{Role, UnitKind};
use xinbao_store::{notifications, people, quota};

const WRITERS: [Role; 3] = [Role::Officer, Role::UnitLeader, Role::PrincipalLeader];

/// The first instant (ms) of a Beijing month, `back` months before the given one.
fn month_start(year: i32, month: u32, back: u32) -> i64 {
    let total = year * 12 + month as i32 - 1 - back as i32;
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(
            total.div_euclid(12),
            total.rem_euclid(12) as u32 + 1,
            1,
            0,
            0,
            0,
        )
        .single()
        .map_or(0, |t| t.timestamp_millis())
}

impl App {
    /// The daily quota check; the number of reminders sent.
    pub(crate) async fn quota_check(&self, now: i64) -> Result<usize> {
        let d = Timestamp(now)
            .to_datetime()
            .with_timezone(&chrono_tz::Asia::Shanghai);
        let day = d.format("%Y-%m-%d").to_string();
        if let Ok(mut last) = self.quota_day.lock() {
            if *last == day {
                return Ok(0);
            }
            last.clone_from(&day);
        }
        let mut w = self.begin().await?;
        if !quota::claim_day(&mut w.conn(), &day, now).await? {
            return Ok(0);
        }
        w.commit().await?;
        let (y, m) = (d.year(), d.month());
        let this_month = month_start(y, m, 0);
        let two_back = month_start(y, m, 2);
        let (month_key, two_key) = (format!("{y}-{m:02}"), format!("{y}-{m:02}/2"));
        let monday = super::week_start(now);
        let week_key = d.format("%G-W%V").to_string();
        let mut r = self.store.read().await?;
        let this = quota::sent_and_adopted(&mut r.conn(), this_month, now + 1).await?;
        let week = quota::sent_and_adopted(&mut r.conn(), monday, now + 1).await?;
        let past = quota::sent_and_adopted(&mut r.conn(), two_back, this_month).await?;
        let schemes = current_schemes(&mut r.conn(), None, now).await?;
        drop(r);
        let units = self.units_all().await?;
        let mut sent = 0;
        let mut w = self.begin().await?;
        let c = &mut w.conn();
        for u in units.iter().filter(|u| u.kind != UnitKind::Office) {
            let scheme = u.reporting_office_id.and_then(|o| schemes.get(&o));
            let Some(q) = quota_of(scheme, u) else {
                continue;
            };
            // Behind pace: under half the quota from mid-month (the 15th) or mid-week
            // (Thursday).
            let (counts, key, midway) = match q.per {
                Per::Month => (&this, &month_key, d.day() >= 15),
                Per::Week => (&week, &week_key, d.weekday().num_days_from_monday() >= 3),
            };
            let row = counts.iter().find(|x| x.0 == u.id);
            let done = match q.counting {
                Counting::Sent => row.map_or(0, |x| x.1),
                Counting::Adopted => row.map_or(0, |x| x.2),
            };
            let now_sent = done;
            let before = past.iter().find(|x| x.0 == u.id).copied();
            let mut due: Vec<(NoticeKind, &[Role], &str)> = Vec::new();
            if midway && done * 2 < q.items {
                due.push((NoticeKind::QuotaBehind, &WRITERS, key));
            }
            // Only once the installation has two months of history, or every unit is told.
            if !past.is_empty() {
                match before {
                    None => due.push((
                        NoticeKind::QuotaNoneSent,
                        &[Role::PrincipalLeader],
                        &two_key,
                    )),
                    Some((_, _, 0)) => due.push((
                        NoticeKind::QuotaNoneAdopted,
                        &[Role::PrincipalLeader],
                        &two_key,
                    )),
                    _ => {}
                }
            }
            for (kind, roles, period) in due {
                if !quota::claim_reminder(c, u.id, kind.code(), period, now).await? {
                    continue;
                }
                let args =
                    json!({ "title": u.name, "sent": now_sent, "quota": q.items }).to_string();
                let subject = trf("zh-CN", &format!("notify.{kind}"), &[]);
                let body = format!("{subject}：{}", u.name);
                for p in people::holders(c, u.id, roles).await? {
                    notifications::add(c, p, None, kind, &args, now).await?;
                    self.queue_for_person(c, p, &subject, &body, now).await?;
                }
                sent += 1;
            }
        }
        w.commit().await?;
        Ok(sent)
    }
}
