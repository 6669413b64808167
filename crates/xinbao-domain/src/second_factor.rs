//! The second factor's rules (TOTP, RFC 6238): which 30-s steps a code may be for, replay,
//! recovery codes, and the security policy that requires a factor of administrators.

use crate::access::Principal;

/// A TOTP step is 30 seconds; a code is six digits.
pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: usize = 6;
/// A confirmed factor comes with this many one-time recovery codes.
pub const RECOVERY_CODES: usize = 10;

/// The installation's security policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SecurityPolicy {
    /// Every administrative role (admin, security admin, auditor) must use a second factor.
    pub require_admin_totp: bool,
}

impl SecurityPolicy {
    /// Must this person have a second factor?
    pub fn requires_factor(&self, p: &Principal) -> bool {
        self.require_admin_totp && p.grants.iter().any(|g| g.role.is_administrative())
    }
}

/// The step of a moment (milliseconds since the epoch).
pub fn step_at(now_ms: i64) -> i64 {
    now_ms.div_euclid(1000).div_euclid(STEP_SECONDS)
}

/// The steps a code is accepted for at `now_ms`: the current one and one either side, the
/// current first.
pub fn accepted_steps(now_ms: i64) -> [i64; 3] {
    let s = step_at(now_ms);
    [s, s - 1, s + 1]
}

/// A code for `step` is a replay when that step or a later one was already used.
pub fn is_replay(step: i64, last_used: Option<i64>) -> bool {
    last_used.is_some_and(|l| step <= l)
}

/// What a person typed: six digits (spaces allowed) is a TOTP code, anything else that fits
/// the recovery alphabet is a recovery code, normalised (upper case, no separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactorInput {
    Code(String),
    Recovery(String),
    Malformed,
}

pub fn parse_input(s: &str) -> FactorInput {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if compact.len() == DIGITS && compact.chars().all(|c| c.is_ascii_digit()) {
        return FactorInput::Code(compact);
    }
    // Copied from paper, O and I/L are read as the 0 and 1 the alphabet has (Crockford).
    let upper: String = compact
        .to_ascii_uppercase()
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    if upper.len() == 16 && upper.chars().all(|c| RECOVERY_ALPHABET.contains(c)) {
        FactorInput::Recovery(upper)
    } else {
        FactorInput::Malformed
    }
}

/// Crockford-like base32 without look-alikes (no I, L, O, U): 16 characters carry 80 bits.
pub const RECOVERY_ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Shows a normalised recovery code in groups of four: `ABCD-EFGH-JKMN-PQRS`.
pub fn format_recovery(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PersonId, Role, RoleGrant, UnitId};

    fn principal(role: Role) -> Principal {
        Principal {
            person_id: PersonId(1),
            username: "x".into(),
            grants: vec![RoleGrant {
                person_id: PersonId(1),
                unit_id: UnitId(1),
                role,
                signer_level: None,
            }],
        }
    }

    #[test]
    fn the_policy_binds_administrative_roles_only_when_on() {
        let on = SecurityPolicy {
            require_admin_totp: true,
        };
        for r in [Role::Admin, Role::SecurityAdmin, Role::Auditor] {
            assert!(on.requires_factor(&principal(r)));
            assert!(!SecurityPolicy::default().requires_factor(&principal(r)));
        }
        assert!(!on.requires_factor(&principal(Role::Officer)));
    }

    #[test]
    fn a_code_is_accepted_for_the_current_step_and_one_either_side() {
        let now = 1_780_000_000_000;
        let s = step_at(now);
        assert_eq!(accepted_steps(now), [s, s - 1, s + 1]);
        assert_eq!(step_at(now + 30_000), s + 1);
    }

    #[test]
    fn a_used_step_or_an_earlier_one_is_a_replay() {
        assert!(!is_replay(10, None));
        assert!(is_replay(10, Some(10)));
        assert!(is_replay(9, Some(10)));
        assert!(!is_replay(11, Some(10)));
    }

    #[test]
    fn input_is_told_apart_as_code_recovery_code_or_nonsense() {
        assert_eq!(parse_input(" 123 456 "), FactorInput::Code("123456".into()));
        assert_eq!(
            parse_input("abcd-efgh-jkmn-pqrs"),
            FactorInput::Recovery("ABCDEFGHJKMNPQRS".into())
        );
        assert_eq!(parse_input("12345"), FactorInput::Malformed);
        assert_eq!(parse_input("ILOU-ILOU-ILOU-ILOU"), FactorInput::Malformed);
        assert_eq!(format_recovery("ABCDEFGHJKMNPQRS"), "ABCD-EFGH-JKMN-PQRS");
        assert_eq!(
            parse_input("dmbm-tab6-zlqh-wo9s"),
            FactorInput::Recovery("DMBMTAB6Z1QHW09S".into()),
            "look-alikes typed from paper read as the alphabet's digits"
        );
    }
}
