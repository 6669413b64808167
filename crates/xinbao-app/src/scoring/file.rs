//! The scheme file: TOML in the format docs/scoring.md documents, and the shipped examples.

use crate::{AppError, Result};
use xinbao_domain::scoring::{Scheme, SchemeError};

/// The example schemes shipped with Xinbao: (key, file).
pub const SHIPPED: [(&str, &str); 4] = [
    ("seed001", include_str!("../../schemes/seed001.toml")),
    ("liuan", include_str!("../../schemes/liuan.toml")),
    ("guangdong", include_str!("../../schemes/guangdong.toml")),
    ("changshan", include_str!("../../schemes/changshan.toml")),
];

/// Reads a scheme file; a syntax error names its line (`#3`).
pub fn parse_scheme(text: &str) -> Result<Scheme> {
    toml::from_str::<Scheme>(text).map_err(|e| {
        let line = e
            .span()
            .and_then(|s| text.get(..s.start))
            .map_or(1, |before| before.matches('\n').count() + 1);
        AppError::Scheme(SchemeError {
            rule: format!("#{line}"),
            reason: "syntax",
            other: None,
        })
    })
}

/// Writes a scheme as its file.
pub fn export_scheme(s: &Scheme) -> Result<String> {
    toml::to_string_pretty(s).map_err(|e| AppError::Internal(e.to_string()))
}

/// The file with its top-level `effective_from` set to `day`, everything else (comments
/// included) as written.
pub fn with_effective_from(text: &str, day: &str) -> String {
    let line = format!("effective_from = \"{day}\"");
    let mut out = Vec::new();
    let mut done = false;
    let mut in_table = false;
    for l in text.lines() {
        let t = l.trim_start();
        in_table |= t.starts_with('[');
        if !done && !in_table && t.starts_with("effective_from") {
            out.push(line.clone());
            done = true;
        } else {
            out.push(l.to_string());
        }
    }
    if !done {
        out.insert(0, line);
    }
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_effective_date_keeps_the_comments_of_the_file() {
        for (_, text) in SHIPPED {
            let moved = with_effective_from(text, "2031-04-01");
            assert_eq!(parse_scheme(&moved).unwrap().effective_from, "2031-04-01");
            let comments = |t: &str| {
                t.lines()
                    .filter(|l| l.trim_start().starts_with('#'))
                    .count()
            };
            assert!(comments(text) > 0);
            assert_eq!(comments(&moved), comments(text));
        }
    }
}
