//! Times as the API accepts them: milliseconds since the epoch (UTC), RFC 3339, or a Beijing
//! local `YYYY-MM-DD HH:MM` / `YYYY-MM-DDTHH:MM` as a browser's datetime field sends it.

use crate::{AppError, Result};
use chrono::{NaiveDateTime, TimeZone};
use serde::Deserialize;
use xinbao_domain::Timestamp;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum TimeInput {
    Millis(i64),
    Text(String),
}

impl TimeInput {
    /// The moment in milliseconds; outside 2000–2100 it is refused as out of range.
    pub fn millis(&self, field: &'static str) -> Result<i64> {
        let ms = match self {
            TimeInput::Millis(ms) => *ms,
            TimeInput::Text(s) => parse_time(s).ok_or(AppError::invalid(field, "time_format"))?,
        };
        if Timestamp(ms).is_plausible() {
            Ok(ms)
        } else {
            Err(AppError::invalid(field, "time_range"))
        }
    }
}

/// Parses the text forms of [`TimeInput`]; a bare date is the start of that Beijing day.
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(ms) = s.parse::<i64>() {
        return Some(ms);
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp_millis());
    }
    let local = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok());
    if let Some(l) = local {
        return chrono_tz::Asia::Shanghai
            .from_local_datetime(&l)
            .single()
            .map(|t| t.timestamp_millis());
    }
    crate::i18n::local_day_start(s, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_form_names_the_same_instant() {
        let want = 1_763_776_800_000; // 2025-11-22 10:00 Beijing
        assert_eq!(parse_time("2025-11-22T02:00:00Z"), Some(want));
        assert_eq!(parse_time("2025-11-22T10:00:00+08:00"), Some(want));
        assert_eq!(parse_time("2025-11-22 10:00"), Some(want));
        assert_eq!(parse_time("2025-11-22T10:00"), Some(want));
        assert_eq!(parse_time("1763776800000"), Some(want));
        assert_eq!(parse_time("2025-11-22"), Some(want - 10 * 3600 * 1000));
        assert_eq!(parse_time("yesterday"), None);
    }
}
