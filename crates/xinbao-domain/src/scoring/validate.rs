//! Whether a scheme can be evaluated: each problem names the rule and the reason.

use super::scheme::{Combined, Scheme};
use chrono::NaiveDate;

/// Why a scheme is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule {rule}: {reason}{}", other.as_ref().map(|o| format!(" ({o})")).unwrap_or_default())]
pub struct SchemeError {
    /// The rule's id, or the field of the scheme (`name`, `effective_from`, …).
    pub rule: String,
    /// A stable code: `empty`, `bad_date`, `duplicate_id`, `overlaps`, `bad_points`,
    /// `bad_factor`, `bad_fraction`, `unknown_periodical`, `bad_items`, `bad_percent`.
    pub reason: &'static str,
    /// The other rule or the name involved.
    pub other: Option<String>,
}

fn err(rule: &str, reason: &'static str, other: Option<String>) -> SchemeError {
    SchemeError {
        rule: rule.to_string(),
        reason,
        other,
    }
}

fn sane(points: f64) -> bool {
    points.is_finite() && points.abs() <= 100_000.0
}

/// The day a scheme takes effect.
pub fn effective_day(s: &Scheme) -> Result<NaiveDate, SchemeError> {
    NaiveDate::parse_from_str(s.effective_from.trim(), "%Y-%m-%d")
        .map_err(|_| err("effective_from", "bad_date", Some(s.effective_from.clone())))
}

/// Checks a scheme on its own; `periodicals` are the names rules may cite (None: unchecked).
pub fn validate(s: &Scheme, periodicals: Option<&[String]>) -> Result<(), SchemeError> {
    if s.name.trim().is_empty() || s.name.chars().count() > 100 {
        return Err(err("name", "empty", None));
    }
    effective_day(s)?;
    match s.combined {
        Combined::Fraction(f) if !(f > 0.0 && f <= 1.0) => {
            return Err(err("combined", "bad_fraction", Some(f.to_string())));
        }
        Combined::Each(v) if !sane(v) || v < 0.0 => {
            return Err(err("combined", "bad_points", Some(v.to_string())));
        }
        _ => {}
    }
    for (i, r) in s.rules.iter().enumerate() {
        if r.id.trim().is_empty() || r.id.chars().count() > 60 {
            return Err(err(&format!("#{}", i + 1), "empty", None));
        }
        if !sane(r.points) || r.yearly_cap.is_some_and(|c| !sane(c) || c < 0.0) {
            return Err(err(&r.id, "bad_points", None));
        }
        if let (Some(known), Some(p)) = (periodicals, &r.periodical)
            && !known.iter().any(|k| k == p)
        {
            return Err(err(&r.id, "unknown_periodical", Some(p.clone())));
        }
        for other in &s.rules[..i] {
            if other.id == r.id {
                return Err(err(&r.id, "duplicate_id", None));
            }
            if other.overlaps(r) {
                return Err(err(&r.id, "overlaps", Some(other.id.clone())));
            }
        }
    }
    for p in &s.paths {
        if p.path.trim().is_empty() || !(p.factor.is_finite() && (0.0..=10.0).contains(&p.factor)) {
            return Err(err(&format!("path {}", p.path), "bad_factor", None));
        }
    }
    if let Some(q) = &s.quota
        && (!sane(q.points_per_month) || q.yearly_cap.is_some_and(|c| !sane(c)))
    {
        return Err(err("quota", "bad_points", None));
    }
    for (i, t) in s.targets.iter().enumerate() {
        let name = format!(
            "target {}",
            t.class.as_deref().or(t.kind.as_deref()).unwrap_or("*")
        );
        if t.items == 0 || t.items > 1000 {
            return Err(err(&name, "bad_items", Some(t.items.to_string())));
        }
        let earlier = &s.targets[..i];
        match &t.class {
            None if earlier
                .iter()
                .any(|o| o.class.is_none() && o.kind == t.kind) =>
            {
                return Err(err(&name, "duplicate_id", None));
            }
            Some(c) if c.trim().is_empty() || t.units.is_empty() => {
                return Err(err(&name, "empty", None));
            }
            Some(_) => {
                if let Some(u) = t
                    .units
                    .iter()
                    .find(|u| earlier.iter().any(|o| o.units.contains(u)))
                {
                    return Err(err(&name, "overlaps", Some(u.clone())));
                }
            }
            None => {}
        }
    }
    for t in &s.structure {
        let name = format!("structure {}", t.types.join("+"));
        if t.types.is_empty() || t.types.iter().any(|x| x.trim().is_empty()) {
            return Err(err(&name, "empty", None));
        }
        if !(t.min_percent.is_finite() && (0.0..=100.0).contains(&t.min_percent)) {
            return Err(err(&name, "bad_percent", Some(t.min_percent.to_string())));
        }
    }
    Ok(())
}
