//! The working-day calendar: weekends, public holidays and adjusted working days (调休), held
//! as data the administrator maintains. Non-urgent deadlines count working days with it.

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeMap;

/// A day that differs from the weekday/weekend default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// A public holiday or a day off moved by adjustment.
    Holiday,
    /// A weekend day worked in exchange (调休上班).
    Workday,
}

impl DayKind {
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    pub fn from_code(s: &str) -> Option<DayKind> {
        match s {
            "holiday" => Some(DayKind::Holiday),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    days: BTreeMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> WorkCalendar {
        WorkCalendar {
            days: days.into_iter().collect(),
        }
    }

    pub fn is_working(&self, d: NaiveDate) -> bool {
        match self.days.get(&d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`-th working day after `from` (`from` itself never counts; `n = 0` is `from`).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        // A year holds at least 200 working days, so this ends; the bound guards bad data.
        let mut guard = 0u32;
        while left > 0 && guard < n.saturating_mul(4) + 400 {
            d = d.succ_opt().unwrap_or(d);
            guard += 1;
            if self.is_working(d) {
                left -= 1;
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    /// National Day 2026 as the State Council set it: 1–7 Oct off, Sun 20 Sep and Sat 10 Oct
    /// worked.
    fn cal() -> WorkCalendar {
        let mut days: Vec<(NaiveDate, DayKind)> =
            (1..=7).map(|d| (day(10, d), DayKind::Holiday)).collect();
        days.push((day(9, 20), DayKind::Workday));
        days.push((day(10, 10), DayKind::Workday));
        WorkCalendar::new(days)
    }

    #[test]
    fn three_working_days_before_national_day_skip_the_whole_golden_week() {
        // Tue 29 Sep + 3 working days: Wed 30 Sep, then 1–7 Oct off, Thu 8 Oct, Fri 9 Oct.
        assert_eq!(cal().add_working_days(day(9, 29), 3), day(10, 9));
    }

    #[test]
    fn an_adjusted_saturday_counts_and_a_weekday_holiday_does_not() {
        let c = cal();
        assert!(c.is_working(day(10, 10)));
        assert!(!c.is_working(day(10, 1)));
        assert!(!c.is_working(day(11, 22)));
        assert!(c.is_working(day(11, 23)));
        // Fri 9 Oct + 1 working day is the adjusted Saturday 10 Oct.
        assert_eq!(c.add_working_days(day(10, 9), 1), day(10, 10));
    }

    #[test]
    fn without_holidays_a_week_has_five_working_days() {
        let c = WorkCalendar::default();
        assert_eq!(c.add_working_days(day(11, 20), 5), day(11, 27));
        assert_eq!(c.add_working_days(day(11, 20), 0), day(11, 20));
    }
}
