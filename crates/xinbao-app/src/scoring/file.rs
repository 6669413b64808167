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
