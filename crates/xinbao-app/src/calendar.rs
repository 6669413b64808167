//! The working-day calendar as data: the administrator keeps holidays and adjusted working
//! days; non-urgent deadlines count working days with it and fall at the end of the day.

use crate::{Actor, App, AppError, AuditEntry, Result};
use chrono::{NaiveDate, TimeZone};
use serde_json::json;
use xinbao_domain::Timestamp;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::calendar::{DayKind, WorkCalendar};
use xinbao_store::calendar::{self, DayRow};

/// Working days end at 18:00 Beijing time.
const END_OF_DAY: (u32, u32) = (18, 0);

impl App {
    pub(crate) async fn calendar_days(&self) -> Result<Vec<DayRow>> {
        let mut r = self.store.read().await?;
        Ok(calendar::all(&mut r.conn()).await?)
    }

    pub async fn work_calendar(&self) -> Result<WorkCalendar> {
        let days = self.calendar_days().await?;
        Ok(WorkCalendar::new(days.iter().filter_map(|d| {
            Some((NaiveDate::parse_from_str(&d.day, "%Y-%m-%d").ok()?, d.kind))
        })))
    }

    /// The end of the `n`-th working day after `from` (Beijing).
    pub async fn working_days_due(&self, from: Timestamp, n: u32) -> Result<Timestamp> {
        let cal = self.work_calendar().await?;
        let tz = chrono_tz::Asia::Shanghai;
        let day = from.to_datetime().with_timezone(&tz).date_naive();
        let due = cal.add_working_days(day, n);
        let end = due
            .and_hms_opt(END_OF_DAY.0, END_OF_DAY.1, 0)
            .and_then(|t| tz.from_local_datetime(&t).single())
            .ok_or(AppError::Internal("calendar".into()))?;
        Ok(Timestamp(end.timestamp_millis()))
    }

    /// Sets a day: `holiday` or `workday`, or `default` to clear it. The calendar holds for
    /// the whole installation, so only the top office's administrators keep it.
    pub async fn set_calendar_day(
        &self,
        actor: &Actor,
        day: &str,
        kind: &str,
        name: &str,
    ) -> Result<()> {
        let org = self.org().await?;
        if !(actor.system || actor.principal.may_administer_top(&org.tree)) {
            return Err(AppError::Forbidden);
        }
        let date = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("day", "format"))?;
        let name = name.trim();
        if name.chars().count() > 40 {
            return Err(AppError::invalid("name", "length"));
        }
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        let day = date.format("%Y-%m-%d").to_string();
        match kind {
            "default" => {
                calendar::clear(c, &day).await?;
            }
            k if let Some(kind) = DayKind::from_code(k) => {
                let row = DayRow {
                    day: day.clone(),
                    kind,
                    name: name.into(),
                };
                calendar::set(c, &row, now).await?;
            }
            _ => return Err(AppError::invalid("day_kind", "unknown")),
        }
        tx.audit(
            AuditEntry::by(actor, AuditAction::CalendarChanged)
                .detail(json!({ "day": day, "kind": kind })),
        );
        tx.commit().await?;
        Ok(())
    }
}
