//! Rate limits (等保 身份鉴别: 限制非法登录次数): sign-in attempts per source address and per
//! account name from one address, and requests per signed-in person (or per address before
//! sign-in). Each is a GCRA limiter from `governor`, kept in this instance's memory: with
//! several instances behind a balancer each allows its share. A limit hit is a 429 with the
//! seconds to wait. Zero in the configuration turns a limit off.

use crate::{AppError, Result};
use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

/// How many requests each limit allows; 0 turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitConfig {
    /// Sign-in attempts from one address per minute (a burst of as many is allowed).
    pub sign_in_per_minute: u32,
    /// Sign-in attempts for one account name from one address per 15 minutes.
    pub sign_in_per_account_per_15_minutes: u32,
    /// Requests per second of one person (or one address before sign-in), sustained.
    pub requests_per_second: u32,
    /// Requests one caller may send at once above the sustained rate.
    pub request_burst: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig {
            sign_in_per_minute: 60,
            sign_in_per_account_per_15_minutes: 10,
            requests_per_second: 30,
            request_burst: 300,
        }
    }
}

impl RateLimitConfig {
    /// No limits at all (benchmarks that load the server from one address).
    pub fn off() -> Self {
        RateLimitConfig {
            sign_in_per_minute: 0,
            sign_in_per_account_per_15_minutes: 0,
            requests_per_second: 0,
            request_burst: 0,
        }
    }
}

/// Who a request limit counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Caller {
    Person(i64),
    Address(IpAddr),
}

type Keyed<K> = RateLimiter<K, HashMapStateStore<K>, DefaultClock>;

/// The limiters of one instance.
pub struct Limits {
    sign_in_address: Option<Keyed<IpAddr>>,
    sign_in_account: Option<Keyed<(String, IpAddr)>>,
    requests: Option<Keyed<Caller>>,
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Limits")
    }
}

fn limiter<K: std::hash::Hash + Eq + Clone>(
    count: u32,
    period: Duration,
    burst: u32,
) -> Option<Keyed<K>> {
    let n = NonZeroU32::new(count)?;
    let quota =
        Quota::with_period(period / n.get())?.allow_burst(NonZeroU32::new(burst).unwrap_or(n));
    Some(RateLimiter::hashmap(quota))
}

fn check<K: std::hash::Hash + Eq + Clone>(l: &Option<Keyed<K>>, key: &K) -> Result<()> {
    let Some(l) = l else {
        return Ok(());
    };
    l.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        AppError::TooManyRequests(wait.as_secs() + 1)
    })
}

impl Limits {
    pub fn new(cfg: &RateLimitConfig) -> Limits {
        let minute = Duration::from_secs(60);
        Limits {
            sign_in_address: limiter(cfg.sign_in_per_minute, minute, cfg.sign_in_per_minute),
            sign_in_account: limiter(
                cfg.sign_in_per_account_per_15_minutes,
                15 * minute,
                cfg.sign_in_per_account_per_15_minutes,
            ),
            requests: limiter(
                cfg.requests_per_second,
                Duration::from_secs(1),
                cfg.request_burst.max(cfg.requests_per_second),
            ),
        }
    }

    /// Counts a sign-in attempt for `username` from `ip` (names compared case-blind). Known
    /// and unknown names count alike, so a refusal tells nothing about which accounts exist.
    pub fn sign_in(&self, username: &str, ip: Option<&str>) -> Result<()> {
        let Some(ip) = ip.and_then(|i| i.parse::<IpAddr>().ok()) else {
            return Ok(());
        };
        check(&self.sign_in_address, &ip)?;
        check(&self.sign_in_account, &(username.to_lowercase(), ip))
    }

    /// Counts one request of a caller.
    pub fn request(&self, caller: &Caller) -> Result<()> {
        check(&self.requests, caller)
    }

    /// Drops the state of callers whose limits have fully recovered (run periodically, so
    /// memory stays bounded by the callers of the last minutes).
    pub fn forget_idle(&self) {
        for l in self.sign_in_address.iter() {
            l.retain_recent();
            l.shrink_to_fit();
        }
        for l in self.sign_in_account.iter() {
            l.retain_recent();
            l.shrink_to_fit();
        }
        for l in self.requests.iter() {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Limits {
        Limits::new(&RateLimitConfig {
            sign_in_per_minute: 5,
            sign_in_per_account_per_15_minutes: 3,
            requests_per_second: 2,
            request_burst: 4,
        })
    }

    #[test]
    fn sign_ins_for_one_name_from_one_address_are_limited_whether_or_not_the_name_exists() {
        let l = small();
        for _ in 0..3 {
            l.sign_in("Nobody", Some("10.0.0.1")).unwrap();
        }
        let refused = l.sign_in("nobody", Some("10.0.0.1")).unwrap_err();
        assert!(matches!(refused, AppError::TooManyRequests(s) if s >= 1));
        l.sign_in("nobody", Some("10.0.0.2")).unwrap();
        l.sign_in("someone", Some("10.0.0.1")).unwrap();
    }

    #[test]
    fn sign_ins_from_one_address_are_limited_across_names() {
        let l = small();
        for i in 0..5 {
            l.sign_in(&format!("user{i}"), Some("10.0.0.1")).unwrap();
        }
        assert!(l.sign_in("user9", Some("10.0.0.1")).is_err());
    }

    #[test]
    fn requests_are_limited_per_caller_after_the_burst() {
        let l = small();
        let me = Caller::Person(7);
        for _ in 0..4 {
            l.request(&me).unwrap();
        }
        assert!(l.request(&me).is_err());
        l.request(&Caller::Person(8)).unwrap();
    }

    #[test]
    fn zero_turns_a_limit_off() {
        let l = Limits::new(&RateLimitConfig::off());
        for _ in 0..1000 {
            l.request(&Caller::Person(1)).unwrap();
            l.sign_in("a", Some("10.0.0.1")).unwrap();
        }
        l.forget_idle();
    }
}
