//! Time-limit rules: per office and severity, how soon a phone report, the first written
//! report and follow-ups are due, and how long before each limit the unit is warned.
//! Deadlines are planned once, when the event is registered: a rule changed later does not
//! move the deadlines of open events.

use super::{ReportKind, Severity};
use crate::Timestamp;
use chrono::{Duration, FixedOffset, NaiveTime, TimeZone};

/// Asia/Shanghai keeps UTC+8 all year (no daylight saving since 1991).
const SHANGHAI_SECONDS: i32 = 8 * 3600;

/// How follow-up reports (续报) recur until the unit's final report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Followup {
    None,
    /// Every so many hours after the previous limit.
    EveryHours(u32),
    /// At fixed Beijing clock times each day, as minutes after midnight (e.g. 08:00, 17:00).
    DailyAt(Vec<u32>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeLimitRule {
    pub severity: Severity,
    /// Minutes for a phone report, if one is asked for first.
    pub phone_minutes: Option<u32>,
    /// Minutes for the first written report (初报).
    pub written_minutes: u32,
    pub followup: Followup,
    /// Minutes before each limit when the unit is warned.
    pub warn_minutes: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("a time limit must be between 1 minute and 30 days")]
    LimitRange,
    #[error("the phone limit must not be later than the written one")]
    PhoneAfterWritten,
    #[error("the warning must come before the shortest limit")]
    WarnTooLong,
    #[error("follow-ups need an interval of 1 to 168 hours or at least one valid clock time")]
    Followup,
}

/// One deadline a new event puts on a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedDeadline {
    pub kind: ReportKind,
    pub due_at: Timestamp,
    /// When to warn; `None` when that moment has already passed at registration.
    pub warn_at: Option<Timestamp>,
}

const MAX_MINUTES: u32 = 30 * 24 * 60;

impl TimeLimitRule {
    /// The national rule (State Council emergency office, 2015) for serious events — phone
    /// within 30 minutes, written within 1 hour — with daily follow-ups; lighter limits for
    /// 较大 and 一般 events, as city plans set them. Offices enter their own.
    pub fn national_default(severity: Severity) -> TimeLimitRule {
        let (phone, written, followup) = match severity {
            Severity::I | Severity::II => (Some(30), 60, Followup::EveryHours(24)),
            Severity::III => (Some(30), 60, Followup::None),
            Severity::IV => (None, 120, Followup::None),
        };
        TimeLimitRule {
            severity,
            phone_minutes: phone,
            written_minutes: written,
            followup,
            warn_minutes: 10,
        }
    }

    pub fn validate(&self) -> Result<(), RuleError> {
        let range = |m: u32| (1..=MAX_MINUTES).contains(&m);
        if !range(self.written_minutes) || self.phone_minutes.is_some_and(|m| !range(m)) {
            return Err(RuleError::LimitRange);
        }
        if self.phone_minutes.is_some_and(|p| p > self.written_minutes) {
            return Err(RuleError::PhoneAfterWritten);
        }
        let shortest = self.phone_minutes.unwrap_or(self.written_minutes);
        if self.warn_minutes >= shortest {
            return Err(RuleError::WarnTooLong);
        }
        match &self.followup {
            Followup::None => Ok(()),
            Followup::EveryHours(h) if (1..=168).contains(h) => Ok(()),
            Followup::DailyAt(t) if !t.is_empty() && t.iter().all(|m| *m < 24 * 60) => Ok(()),
            _ => Err(RuleError::Followup),
        }
    }

    /// The deadlines of a unit asked at `received_at`, as seen at `now`.
    pub fn plan(&self, received_at: Timestamp, now: Timestamp) -> Vec<PlannedDeadline> {
        let at = |minutes: u32| received_at.plus_seconds(i64::from(minutes) * 60);
        let mut out = Vec::new();
        if let Some(p) = self.phone_minutes {
            out.push(self.deadline(ReportKind::Phone, at(p), now));
        }
        let written = at(self.written_minutes);
        out.push(self.deadline(ReportKind::Written, written, now));
        if let Some(f) = next_followup(&self.followup, written) {
            out.push(self.deadline(ReportKind::Followup, f, now));
        }
        out
    }

    /// A deadline of `kind` due at `due_at`, with its warning if still ahead of `now`.
    pub fn deadline(&self, kind: ReportKind, due_at: Timestamp, now: Timestamp) -> PlannedDeadline {
        let warn = due_at.plus_seconds(-i64::from(self.warn_minutes) * 60);
        PlannedDeadline {
            kind,
            due_at,
            warn_at: (self.warn_minutes > 0 && warn > now).then_some(warn),
        }
    }
}

/// The follow-up due after a limit at `after`, if follow-ups recur.
pub fn next_followup(f: &Followup, after: Timestamp) -> Option<Timestamp> {
    match f {
        Followup::None => None,
        Followup::EveryHours(h) => Some(after.plus_seconds(i64::from(*h) * 3600)),
        Followup::DailyAt(times) => {
            let tz = FixedOffset::east_opt(SHANGHAI_SECONDS)?;
            let local = after.to_datetime().with_timezone(&tz);
            (0..=1)
                .flat_map(|d| times.iter().map(move |m| (d, *m)))
                .filter_map(|(d, m)| {
                    let time = NaiveTime::from_num_seconds_from_midnight_opt(m * 60, 0)?;
                    let day = local.date_naive() + Duration::days(d);
                    let t = tz.from_local_datetime(&day.and_time(time)).single()?;
                    Some(Timestamp(t.timestamp_millis()))
                })
                .filter(|t| *t > after)
                .min()
        }
    }
}

#[cfg(test)]
#[path = "rule_tests.rs"]
mod tests;
