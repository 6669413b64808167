//! Checks shared by the use cases for free text a person types.

use crate::{AppError, Result};

/// Trimmed text of at most `max` characters; empty is refused when `required`.
pub(crate) fn text(v: &str, field: &'static str, max: usize, required: bool) -> Result<String> {
    let t = v.trim();
    if (required && t.is_empty()) || t.chars().count() > max {
        return Err(AppError::invalid(field, "length"));
    }
    Ok(t.to_string())
}

/// Minutes after midnight as `HH:MM`, comma separated (follow-up clock times).
pub(crate) fn clock_times(minutes: &[u32]) -> String {
    minutes
        .iter()
        .map(|m| format!("{:02}:{:02}", m / 60, m % 60))
        .collect::<Vec<_>>()
        .join(",")
}
