//! A unit's progress this month against its quota, and its points and rank this year under
//! the office it reports to: what its home page shows.

use super::targets::{StructureView, current_schemes, period_start, quota_of};
use crate::{Actor, App, AppError, Result};
use chrono::{Datelike, TimeZone};
use serde::Serialize;
use xinbao_domain::scope;
use xinbao_domain::scoring::{Counting, Per};
use xinbao_domain::{Timestamp, UnitId};
use xinbao_store::items;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Progress {
    pub unit_id: i64,
    pub unit_name: String,
    /// The quota's period: `month` or `week`.
    #[schema(value_type = String)]
    pub period: Per,
    /// What the quota counts: `sent` or `adopted`.
    #[schema(value_type = String)]
    pub counting: Counting,
    /// Items sent in the period, and how many of them were adopted.
    pub sent: i64,
    pub adopted: i64,
    /// The quota in the period (0: none).
    pub quota: i64,
    /// This year's points and rank under the reporting office's scheme.
    pub year_points: f64,
    pub rank: Option<usize>,
    /// The period's items by type: (type code, sent).
    pub structure: Vec<(String, i64)>,
    /// The office's structure targets for items that went up, and where the unit stands.
    pub targets: Vec<StructureView>,
}

impl Progress {
    /// Adopted per sent in the period, in percent (none when nothing was sent).
    pub fn rate(&self) -> Option<i64> {
        (self.sent > 0).then(|| self.adopted * 100 / self.sent)
    }

    /// What counts toward the quota so far.
    pub fn done(&self) -> i64 {
        match self.counting {
            Counting::Adopted => self.adopted,
            Counting::Sent => self.sent,
        }
    }

    /// Does the quota count items sent (otherwise items adopted)?
    pub fn counts_sent(&self) -> bool {
        self.counting == Counting::Sent
    }

    /// The catalogue key of the progress heading: `home.progress.title_{month|week}`.
    pub fn title_key(&self) -> &'static str {
        match self.period {
            Per::Month => "home.progress.title_month",
            Per::Week => "home.progress.title_week",
        }
    }

    /// The catalogue key naming the quota: `home.progress.quota_{month|week}_{sent|adopted}`.
    pub fn quota_key(&self) -> &'static str {
        match (self.period, self.counting) {
            (Per::Month, Counting::Sent) => "home.progress.quota_month_sent",
            (Per::Month, Counting::Adopted) => "home.progress.quota_month_adopted",
            (Per::Week, Counting::Sent) => "home.progress.quota_week_sent",
            (Per::Week, Counting::Adopted) => "home.progress.quota_week_adopted",
        }
    }

    /// Quota met so far, in percent, at most 100.
    pub fn quota_percent(&self) -> i64 {
        if self.quota <= 0 {
            100
        } else {
            (self.done() * 100 / self.quota).min(100)
        }
    }
}

/// The first instants (ms UTC) of the current Beijing month and year.
fn month_and_year_start(now: i64) -> (i64, i64) {
    let tz = chrono_tz::Asia::Shanghai;
    let d = Timestamp(now).to_datetime().with_timezone(&tz);
    let at = |y: i32, m: u32| {
        tz.with_ymd_and_hms(y, m, 1, 0, 0, 0)
            .single()
            .map_or(now, |t| t.timestamp_millis())
    };
    (at(d.year(), d.month()), at(d.year(), 1))
}

impl App {
    /// The progress of a unit the caller belongs to.
    pub async fn unit_progress(&self, actor: &Actor, unit: i64) -> Result<Progress> {
        if !scope::belongs_to(&actor.principal, unit) {
            return Err(AppError::Forbidden);
        }
        let now = self.now().0;
        let (_, year) = month_and_year_start(now);
        let view = self.unit_view(unit).await?;
        let org = self.org().await?;
        let office = org.tree.reporting_office(UnitId(unit)).map(|o| o.0);
        let mut r = self.store.read().await?;
        let scheme = match office {
            Some(o) => current_schemes(&mut r.conn(), Some(o), now)
                .await?
                .remove(&o),
            None => None,
        };
        let quota = quota_of(scheme.as_ref(), &view);
        let per = quota.map_or(Per::Month, |q| q.per);
        let counts =
            items::type_counts(&mut r.conn(), unit, period_start(per, now), now + 1).await?;
        let targets = self
            .structure_of(&mut r.conn(), scheme.as_ref(), unit, year)
            .await?;
        drop(r);
        let mine = match office {
            Some(o) => self
                .scores(actor, Some(o), year, now + 1, Some(unit))
                .await?
                .into_iter()
                .find(|s| s.unit_id == unit),
            None => None,
        };
        Ok(Progress {
            unit_id: unit,
            unit_name: view.name,
            period: per,
            counting: quota.map(|q| q.counting).unwrap_or_default(),
            sent: counts.iter().map(|c| c.1).sum(),
            adopted: counts.iter().map(|c| c.2).sum(),
            quota: quota.map_or(0, |q| q.items),
            year_points: mine.as_ref().map_or(0.0, |s| s.points),
            rank: mine.map(|s| s.rank),
            structure: counts.into_iter().map(|(t, n, _)| (t, n)).collect(),
            targets,
        })
    }
}

/// An office's items in a period by month (sent, adopted) and by type: its charts.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct OfficeStats {
    /// `YYYY-MM`, Beijing.
    pub months: Vec<String>,
    pub sent: Vec<i64>,
    pub adopted: Vec<i64>,
    /// (type code, items).
    pub types: Vec<(String, i64)>,
}

impl App {
    /// The office's items submitted in `[from, to)`, month by month and by type.
    pub async fn office_stats(
        &self,
        actor: &Actor,
        office: i64,
        from: i64,
        to: i64,
    ) -> Result<OfficeStats> {
        if !scope::belongs_to(&actor.principal, office)
            && !actor.administers(&self.org().await?.tree, office)
        {
            return Err(AppError::Forbidden);
        }
        let chains = {
            let mut r = self.store.read().await?;
            self.office_chains(&mut r.conn(), office, from, to).await?
        };
        let mut months: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
        let mut types: std::collections::BTreeMap<String, i64> = Default::default();
        for ch in &chains {
            let at = ch.root.submitted_at.unwrap_or(from);
            let key = Timestamp(at)
                .to_datetime()
                .with_timezone(&chrono_tz::Asia::Shanghai)
                .format("%Y-%m")
                .to_string();
            let m = months.entry(key).or_default();
            m.0 += 1;
            m.1 += i64::from(ch.root.status.adopted_as_is());
            *types
                .entry(ch.root.item_type.code().to_string())
                .or_default() += 1;
        }
        Ok(OfficeStats {
            sent: months.values().map(|m| m.0).collect(),
            adopted: months.values().map(|m| m.1).collect(),
            months: months.into_keys().collect(),
            types: types.into_iter().collect(),
        })
    }
}
