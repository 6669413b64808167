//! The message catalogue (Simplified Chinese by default, English as a switch) and the
//! display of times in Asia/Shanghai.

use xinbao_domain::Timestamp;

pub const DEFAULT_LOCALE: &str = "zh-CN";
pub const LOCALES: [&str; 2] = ["zh-CN", "en"];

/// Normalises a requested locale to one the catalogue has.
pub fn pick_locale(requested: &str) -> &'static str {
    if requested.to_ascii_lowercase().starts_with("en") {
        "en"
    } else {
        DEFAULT_LOCALE
    }
}

/// The catalogue text for `key`, falling back to Chinese, then to the key itself.
pub fn tr(locale: &str, key: &str) -> String {
    crate::_rust_i18n_try_translate(locale, key)
        .or_else(|| crate::_rust_i18n_try_translate(DEFAULT_LOCALE, key))
        .map(|s| s.into_owned())
        .unwrap_or_else(|| key.to_string())
}

/// Is `key` in the catalogue for `locale` (without falling back)?
pub fn has(locale: &str, key: &str) -> bool {
    crate::_rust_i18n_try_translate(locale, key).is_some()
}

/// The catalogue text with `%{name}` placeholders filled.
pub fn trf(locale: &str, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = tr(locale, key);
    for (k, v) in args {
        s = s.replace(&format!("%{{{k}}}"), v);
    }
    s
}

/// A time as people in China read it: Asia/Shanghai, `YYYY-MM-DD HH:MM`.
pub fn local_time(t: Timestamp) -> String {
    t.to_datetime()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Start of a local (Asia/Shanghai) day `YYYY-MM-DD` in UTC ms; with `next`, of the day after.
pub fn local_day_start(day: &str, next: bool) -> Option<i64> {
    use chrono::TimeZone;
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    let d = if next { d.succ_opt()? } else { d };
    let t = chrono_tz::Asia::Shanghai
        .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .single()?;
    Some(t.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default_and_english_a_switch() {
        assert_eq!(pick_locale(""), "zh-CN");
        assert_eq!(pick_locale("en-US"), "en");
        assert_eq!(tr("zh-CN", "error.forbidden"), "您没有权限执行此操作。");
        assert!(tr("en", "error.forbidden").starts_with("You"));
    }

    #[test]
    fn times_are_shown_in_shanghai() {
        // 2026-01-01T00:00:00Z is 08:00 in Shanghai.
        assert_eq!(local_time(Timestamp(1_767_225_600_000)), "2026-01-01 08:00");
    }

    #[test]
    fn placeholders_are_filled() {
        let s = trf("zh-CN", "roster.row", &[("line", "7"), ("reason", "x")]);
        assert!(s.contains('7') && s.contains('x'), "{s}");
    }
}
