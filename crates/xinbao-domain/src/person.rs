//! People: usernames, names and contact numbers, validated.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PersonFieldError {
    #[error(
        "username must be 3–32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter"
    )]
    Username,
    #[error("name must be 1–30 characters")]
    Name,
    #[error("phone number is not a valid mobile or landline number")]
    Phone,
}

/// Usernames: 3–32 of `a-z 0-9 . _ -`, starting with a letter; stored lower-case.
pub fn validate_username(raw: &str) -> Result<String, PersonFieldError> {
    let u = raw.trim().to_ascii_lowercase();
    let ok_len = (3..=32).contains(&u.len());
    let ok_first = u.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    let ok_chars = u
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok_len && ok_first && ok_chars {
        Ok(u)
    } else {
        Err(PersonFieldError::Username)
    }
}

/// A person's name: trimmed, 1–30 characters, no control characters.
pub fn validate_person_name(raw: &str) -> Result<String, PersonFieldError> {
    let n = raw.trim();
    let len = n.chars().count();
    if (1..=30).contains(&len) && !n.chars().any(char::is_control) {
        Ok(n.to_string())
    } else {
        Err(PersonFieldError::Name)
    }
}

/// A mainland mobile (11 digits starting 1[3-9]) or a landline (digits, '-', 7–16 long).
/// Empty means "no number".
pub fn validate_phone(raw: &str) -> Result<Option<String>, PersonFieldError> {
    let p: String = raw.trim().chars().filter(|c| *c != ' ').collect();
    if p.is_empty() {
        return Ok(None);
    }
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let only_allowed = p.chars().all(|c| c.is_ascii_digit() || c == '-');
    let mobile = p.len() == 11
        && p.starts_with('1')
        && p.chars().nth(1).is_some_and(|c| ('3'..='9').contains(&c))
        && digits == 11;
    let landline =
        only_allowed && (7..=16).contains(&p.len()) && digits >= 7 && !p.starts_with('-');
    if mobile || landline {
        Ok(Some(p))
    } else {
        Err(PersonFieldError::Phone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lowercased_and_checked() {
        assert_eq!(validate_username(" Zhang.Wei ").as_deref(), Ok("zhang.wei"));
        assert!(validate_username("ab").is_err());
        assert!(validate_username("1abc").is_err());
        assert!(validate_username("张伟").is_err());
        assert!(validate_username("a b c").is_err());
    }

    #[test]
    fn names_allow_chinese_and_reject_empty_or_long() {
        assert_eq!(
            validate_person_name(" 欧阳娜娜 ").as_deref(),
            Ok("欧阳娜娜")
        );
        assert!(validate_person_name("").is_err());
        assert!(validate_person_name(&"王".repeat(31)).is_err());
    }

    #[test]
    fn phones_accept_mobiles_and_landlines() {
        assert_eq!(
            validate_phone("138 0013 8000"),
            Ok(Some("13800138000".into()))
        );
        assert_eq!(
            validate_phone("0373-3021234"),
            Ok(Some("0373-3021234".into()))
        );
        assert_eq!(validate_phone(""), Ok(None));
        assert!(validate_phone("12345").is_err());
        assert!(validate_phone("1380013800x").is_err());
    }
}
