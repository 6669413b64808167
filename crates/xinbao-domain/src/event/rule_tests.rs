use super::*;
use proptest::prelude::*;

fn beijing(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Timestamp {
    let tz = FixedOffset::east_opt(SHANGHAI_SECONDS).unwrap();
    Timestamp(
        tz.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .unwrap()
            .timestamp_millis(),
    )
}

#[test]
fn the_national_rule_asks_a_phone_report_in_30_minutes_and_a_written_one_in_an_hour() {
    let r = TimeLimitRule::national_default(Severity::II);
    let t0 = beijing(2026, 11, 22, 9, 0);
    let plan = r.plan(t0, t0);
    assert_eq!(plan[0].kind, ReportKind::Phone);
    assert_eq!(plan[0].due_at, beijing(2026, 11, 22, 9, 30));
    assert_eq!(plan[0].warn_at, Some(beijing(2026, 11, 22, 9, 20)));
    assert_eq!(plan[1].kind, ReportKind::Written);
    assert_eq!(plan[1].due_at, beijing(2026, 11, 22, 10, 0));
    assert_eq!(plan[2].kind, ReportKind::Followup);
    assert_eq!(plan[2].due_at, beijing(2026, 11, 23, 10, 0));
    for s in Severity::ALL {
        assert_eq!(TimeLimitRule::national_default(s).validate(), Ok(()));
    }
}

#[test]
fn an_event_learned_of_late_has_no_warning_for_limits_already_near() {
    let r = TimeLimitRule::national_default(Severity::I);
    let t0 = beijing(2026, 11, 22, 9, 0);
    let plan = r.plan(t0, beijing(2026, 11, 22, 9, 45));
    assert_eq!(plan[0].warn_at, None);
    assert_eq!(plan[1].warn_at, Some(beijing(2026, 11, 22, 9, 50)));
}

#[test]
fn fixed_clock_follow_ups_fall_on_the_next_listed_beijing_time() {
    let f = Followup::DailyAt(vec![8 * 60, 17 * 60]);
    let after = beijing(2026, 11, 22, 10, 0);
    assert_eq!(next_followup(&f, after), Some(beijing(2026, 11, 22, 17, 0)));
    let evening = beijing(2026, 11, 22, 17, 0);
    assert_eq!(
        next_followup(&f, evening),
        Some(beijing(2026, 11, 23, 8, 0))
    );
    assert_eq!(next_followup(&Followup::None, after), None);
}

#[test]
fn rules_that_cannot_work_are_refused_with_the_reason() {
    let mut r = TimeLimitRule::national_default(Severity::I);
    r.phone_minutes = Some(90);
    assert_eq!(r.validate(), Err(RuleError::PhoneAfterWritten));
    r.phone_minutes = Some(5);
    assert_eq!(r.validate(), Err(RuleError::WarnTooLong));
    r.phone_minutes = None;
    r.written_minutes = 0;
    assert_eq!(r.validate(), Err(RuleError::LimitRange));
    r.written_minutes = 60;
    r.followup = Followup::DailyAt(vec![]);
    assert_eq!(r.validate(), Err(RuleError::Followup));
    r.followup = Followup::EveryHours(0);
    assert_eq!(r.validate(), Err(RuleError::Followup));
}

proptest! {
    #[test]
    fn planned_deadlines_are_ordered_and_warnings_precede_them(
        phone in proptest::option::of(11u32..600),
        extra in 0u32..600,
        warn in 0u32..11,
        hours in 1u32..48,
        start in 1_700_000_000_000i64..1_900_000_000_000,
        late in 0i64..10_000_000,
    ) {
        let written = phone.unwrap_or(11) + extra;
        let r = TimeLimitRule {
            severity: Severity::III,
            phone_minutes: phone,
            written_minutes: written,
            followup: Followup::EveryHours(hours),
            warn_minutes: warn,
        };
        prop_assert_eq!(r.validate(), Ok(()));
        let t0 = Timestamp(start);
        let now = Timestamp(start + late);
        let plan = r.plan(t0, now);
        for w in plan.windows(2) {
            prop_assert!(w[0].due_at <= w[1].due_at);
        }
        for d in &plan {
            prop_assert!(d.due_at > t0);
            if let Some(w) = d.warn_at {
                prop_assert!(w < d.due_at && w > now);
            }
        }
    }

    #[test]
    fn a_daily_follow_up_is_always_within_a_day_and_after_the_limit(
        times in proptest::collection::vec(0u32..1440, 1..4),
        after in 1_700_000_000_000i64..1_900_000_000_000,
    ) {
        let next = next_followup(&Followup::DailyAt(times), Timestamp(after)).unwrap();
        prop_assert!(next.0 > after && next.0 - after <= 24 * 3600 * 1000);
    }
}
