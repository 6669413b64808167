//! Time: an instant in UTC milliseconds and an injectable clock, so tests never sleep.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicI64, Ordering};

/// An instant, stored as milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_datetime(dt: DateTime<Utc>) -> Self {
        Timestamp(dt.timestamp_millis())
    }

    pub fn to_datetime(self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0).unwrap_or_default()
    }

    pub fn plus_seconds(self, seconds: i64) -> Self {
        Timestamp(self.0.saturating_add(seconds.saturating_mul(1000)))
    }

    /// The earliest and latest instants a person may enter (2000-01-01 and 2100-01-01 UTC):
    /// anything outside is a typing slip or an attack, and arithmetic on it must not wrap.
    pub const EARLIEST: Timestamp = Timestamp(946_684_800_000);
    pub const LATEST: Timestamp = Timestamp(4_102_444_800_000);

    /// Does the instant lie between `EARLIEST` and `LATEST`?
    pub fn is_plausible(self) -> bool {
        (Self::EARLIEST..=Self::LATEST).contains(&self)
    }

    /// Whole seconds from `self` until `later` (negative when `later` is earlier).
    pub fn seconds_until(self, later: Timestamp) -> i64 {
        later.0.saturating_sub(self.0) / 1000
    }
}

/// Where "now" comes from.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Timestamp;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_datetime(Utc::now())
    }
}

/// A clock that only moves when told: for tests and benchmarks.
#[derive(Debug)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(start: Timestamp) -> Self {
        ManualClock(AtomicI64::new(start.0))
    }

    pub fn advance_seconds(&self, seconds: i64) {
        self.0.fetch_add(seconds * 1000, Ordering::SeqCst);
    }

    pub fn set(&self, t: Timestamp) {
        self.0.store(t.0, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(Ordering::SeqCst))
    }
}

/// The real clock moved forward by an offset: for browser journeys that must see a limit
/// pass without waiting for it (`xinbao serve --test-clock`). Never used otherwise.
#[derive(Debug, Default)]
pub struct OffsetClock(AtomicI64);

impl OffsetClock {
    pub fn advance_seconds(&self, seconds: i64) {
        self.0
            .fetch_add(seconds.saturating_mul(1000), Ordering::SeqCst);
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> Timestamp {
        SystemClock
            .now()
            .plus_seconds(self.0.load(Ordering::SeqCst) / 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_advanced() {
        let c = ManualClock::new(Timestamp(1_000));
        assert_eq!(c.now(), Timestamp(1_000));
        c.advance_seconds(90);
        assert_eq!(c.now(), Timestamp(91_000));
    }

    #[test]
    fn timestamps_round_trip_through_datetime() {
        let t = Timestamp(1_763_800_000_123);
        assert_eq!(Timestamp::from_datetime(t.to_datetime()), t);
        assert_eq!(t.seconds_until(t.plus_seconds(42)), 42);
    }
}
