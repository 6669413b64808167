//! Password rules and the lockout ladder after failed sign-ins.

use crate::clock::Timestamp;
use serde::Serialize;

/// A way a password falls short of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    TooFewClasses,
    ContainsUsername,
}

impl PasswordProblem {
    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "too_short",
            PasswordProblem::TooLong => "too_long",
            PasswordProblem::TooFewClasses => "too_few_classes",
            PasswordProblem::ContainsUsername => "contains_username",
        }
    }
}

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// At least 10 characters, at most 128, three of four classes (lower, upper, digit, other),
/// and not containing the username.
pub fn check_password(password: &str, username: &str) -> Vec<PasswordProblem> {
    let mut out = Vec::new();
    let len = password.chars().count();
    if len < PASSWORD_MIN_CHARS {
        out.push(PasswordProblem::TooShort);
    }
    if len > PASSWORD_MAX_CHARS {
        out.push(PasswordProblem::TooLong);
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if classes < 3 {
        out.push(PasswordProblem::TooFewClasses);
    }
    let user = username.trim().to_lowercase();
    if user.len() >= 3 && password.to_lowercase().contains(&user) {
        out.push(PasswordProblem::ContainsUsername);
    }
    out
}

/// After `free_attempts` failures in a row the account locks for `base_seconds`, doubling
/// with every further failure up to `max_seconds`. A success resets the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub free_attempts: u32,
    pub base_seconds: i64,
    pub max_seconds: i64,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            free_attempts: 5,
            base_seconds: 60,
            max_seconds: 3600,
        }
    }
}

impl LockoutPolicy {
    /// How long to lock after the `failures`-th failure in a row (0 = not locked).
    pub fn lock_seconds(&self, failures: u32) -> i64 {
        if failures < self.free_attempts {
            return 0;
        }
        let doublings = (failures - self.free_attempts).min(20);
        self.base_seconds
            .saturating_mul(1i64 << doublings)
            .min(self.max_seconds)
    }

    /// When the lock ends, if the failure count calls for one.
    pub fn locked_until(&self, now: Timestamp, failures: u32) -> Option<Timestamp> {
        match self.lock_seconds(failures) {
            0 => None,
            s => Some(now.plus_seconds(s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_good_password_passes() {
        assert!(check_password("Xinbao@2026!", "zhangwei").is_empty());
    }

    #[test]
    fn weak_passwords_name_every_problem() {
        assert_eq!(
            check_password("abc", "zw"),
            vec![PasswordProblem::TooShort, PasswordProblem::TooFewClasses]
        );
        assert_eq!(
            check_password("Zhangwei-2026", "zhangwei"),
            vec![PasswordProblem::ContainsUsername]
        );
    }

    #[test]
    fn lockout_starts_after_five_failures_and_doubles() {
        let p = LockoutPolicy::default();
        assert_eq!(p.lock_seconds(4), 0);
        assert_eq!(p.lock_seconds(5), 60);
        assert_eq!(p.lock_seconds(6), 120);
        assert_eq!(p.lock_seconds(7), 240);
        assert_eq!(p.lock_seconds(100), 3600);
    }

    proptest! {
        #[test]
        fn lock_time_never_decreases_and_never_exceeds_the_cap(f in 0u32..10_000) {
            let p = LockoutPolicy::default();
            prop_assert!(p.lock_seconds(f) <= p.lock_seconds(f + 1));
            prop_assert!(p.lock_seconds(f) <= p.max_seconds);
        }

        #[test]
        fn password_check_never_panics(s in ".{0,200}", u in "[a-z]{0,10}") {
            let _ = check_password(&s, &u);
        }
    }
}
