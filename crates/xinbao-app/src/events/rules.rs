//! Time-limit rules as data: the office's own per severity, else the national default.

use super::{editor_office, is_office_editor};
use crate::input::clock_times;
use crate::{Actor, App, AppError, AuditEntry, Result};
use serde::{Deserialize, Serialize};
use xinbao_domain::audit::AuditAction;
use xinbao_domain::event::{Followup, RuleError, Severity, TimeLimitRule};
use xinbao_store::Conn;
use xinbao_store::events::{self, NewRule, RuleRow};

/// A rule as shown and edited.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RuleView {
    #[schema(value_type = String)]
    pub severity: Severity,
    pub phone_minutes: Option<i64>,
    pub written_minutes: i64,
    pub followup_hours: Option<i64>,
    /// Beijing clock times `HH:MM`, comma separated.
    pub followup_times: String,
    pub warn_minutes: i64,
    /// Minutes after the limit for each step up the ladder: leader in charge, principal
    /// leader, office leadership.
    pub escalate_minutes: String,
    /// True when the office has not set its own and the national default applies.
    pub is_default: bool,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct RuleInput {
    pub severity: String,
    pub phone_minutes: Option<i64>,
    pub written_minutes: i64,
    pub followup_hours: Option<i64>,
    #[serde(default)]
    pub followup_times: String,
    pub warn_minutes: i64,
    #[serde(default)]
    pub escalate_minutes: String,
    pub office_id: Option<i64>,
}

pub(crate) const DEFAULT_LADDER: &str = "30,60,120";

/// The rule an event of `severity` at `office` is planned with, its row id and its ladder.
pub(crate) async fn rule_for(
    c: &mut Conn<'_>,
    office: i64,
    severity: Severity,
) -> Result<(Option<i64>, TimeLimitRule, String)> {
    let own = events::rules_of(c, office)
        .await?
        .into_iter()
        .find(|r| r.severity == severity);
    Ok(match own {
        Some(r) => (Some(r.id), domain_rule(&r, severity), r.escalate_minutes),
        None => (
            None,
            TimeLimitRule::national_default(severity),
            DEFAULT_LADDER.into(),
        ),
    })
}

fn domain_rule(r: &RuleRow, severity: Severity) -> TimeLimitRule {
    TimeLimitRule {
        severity,
        phone_minutes: r.phone_minutes.map(clamp_u32),
        written_minutes: clamp_u32(r.written_minutes),
        followup: followup_of(r.followup_hours, &r.followup_times),
        warn_minutes: clamp_u32(r.warn_minutes),
    }
}

fn clamp_u32(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

/// Follow-ups from their stored form: fixed times win over an interval.
pub(crate) fn followup_of(hours: Option<i64>, times: &str) -> Followup {
    let parsed = parse_times(times);
    match (hours, parsed) {
        (_, Some(t)) if !t.is_empty() => Followup::DailyAt(t),
        (Some(h), _) if h > 0 => Followup::EveryHours(clamp_u32(h)),
        _ => Followup::None,
    }
}

/// `08:00,17:00` → minutes after midnight; `None` when any part is not a time.
pub(crate) fn parse_times(s: &str) -> Option<Vec<u32>> {
    s.split([',', '，', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (h, m) = p.split_once([':', '：'])?;
            let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
            (h < 24 && m < 60).then_some(h * 60 + m)
        })
        .collect()
}

/// `30,60,120` → minutes; `None` when a part is not a number or they do not climb.
pub(crate) fn parse_ladder(s: &str) -> Option<Vec<i64>> {
    let steps: Option<Vec<i64>> = s
        .split([',', '，'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<i64>().ok().filter(|m| (1..=10_080).contains(m)))
        .collect();
    steps.filter(|v| v.len() <= 3 && v.windows(2).all(|w| w[0] < w[1]))
}

fn view_of(severity: Severity, row: Option<&RuleRow>) -> RuleView {
    match row {
        Some(r) => RuleView {
            severity: r.severity,
            phone_minutes: r.phone_minutes,
            written_minutes: r.written_minutes,
            followup_hours: r.followup_hours,
            followup_times: r.followup_times.clone(),
            warn_minutes: r.warn_minutes,
            escalate_minutes: r.escalate_minutes.clone(),
            is_default: false,
        },
        None => {
            let d = TimeLimitRule::national_default(severity);
            RuleView {
                severity,
                phone_minutes: d.phone_minutes.map(i64::from),
                written_minutes: i64::from(d.written_minutes),
                followup_hours: match d.followup {
                    Followup::EveryHours(h) => Some(i64::from(h)),
                    _ => None,
                },
                followup_times: String::new(),
                warn_minutes: i64::from(d.warn_minutes),
                escalate_minutes: DEFAULT_LADDER.into(),
                is_default: true,
            }
        }
    }
}

fn rule_error(e: RuleError) -> AppError {
    match e {
        RuleError::LimitRange => AppError::invalid("written_minutes", "range"),
        RuleError::PhoneAfterWritten => AppError::invalid("phone_minutes", "after_written"),
        RuleError::WarnTooLong => AppError::invalid("warn_minutes", "too_long"),
        RuleError::Followup => AppError::invalid("followup", "format"),
    }
}

impl App {
    /// The four rules in force at the actor's office (its own or the default).
    pub async fn time_limit_rules(
        &self,
        actor: &Actor,
        office: Option<i64>,
    ) -> Result<Vec<RuleView>> {
        let office = editor_office(actor, office)?;
        let mut r = self.store.read().await?;
        let own = events::rules_of(&mut r.conn(), office).await?;
        Ok(Severity::ALL
            .into_iter()
            .map(|s| view_of(s, own.iter().find(|r| r.severity == s)))
            .collect())
    }

    /// Sets the office's rule for one severity. Open events keep their deadlines.
    pub async fn set_time_limit_rule(&self, actor: &Actor, input: &RuleInput) -> Result<RuleView> {
        let office = editor_office(actor, input.office_id)?;
        if !is_office_editor(actor, office) {
            return Err(AppError::Forbidden);
        }
        let severity =
            Severity::from_code(&input.severity).ok_or(AppError::invalid("severity", "unknown"))?;
        let times = parse_times(&input.followup_times)
            .ok_or(AppError::invalid("followup_times", "format"))?;
        let ladder = if input.escalate_minutes.trim().is_empty() {
            Vec::new()
        } else {
            parse_ladder(&input.escalate_minutes)
                .ok_or(AppError::invalid("escalate_minutes", "format"))?
        };
        let rule = TimeLimitRule {
            severity,
            phone_minutes: input.phone_minutes.map(clamp_u32),
            written_minutes: clamp_u32(input.written_minutes),
            followup: followup_of(input.followup_hours, &input.followup_times),
            warn_minutes: clamp_u32(input.warn_minutes),
        };
        if input.phone_minutes.is_some_and(|m| m <= 0) || input.written_minutes <= 0 {
            return Err(AppError::invalid("written_minutes", "range"));
        }
        rule.validate().map_err(rule_error)?;
        let row = NewRule {
            severity,
            phone_minutes: input.phone_minutes,
            written_minutes: input.written_minutes,
            followup_hours: input.followup_hours.filter(|h| *h > 0 && times.is_empty()),
            followup_times: clock_times(&times),
            warn_minutes: input.warn_minutes,
            escalate_minutes: ladder
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(","),
        };
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let id = events::replace_rule(
            &mut tx.conn(),
            office,
            &row,
            actor.principal.person_id.0,
            now,
        )
        .await?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::TimeLimitRuleSet)
                .target("time_limit_rule", id)
                .detail(serde_json::json!({ "office_id": office, "severity": row.severity })),
        );
        tx.commit().await?;
        let mut r = self.store.read().await?;
        let own = events::rules_of(&mut r.conn(), office).await?;
        Ok(view_of(
            severity,
            own.iter().find(|r| r.severity == severity),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_and_ladders_parse_or_are_refused() {
        assert_eq!(parse_times("08:00,17:30"), Some(vec![480, 1050]));
        assert_eq!(parse_times(""), Some(vec![]));
        assert_eq!(parse_times("25:00"), None);
        assert_eq!(parse_ladder("30,60,120"), Some(vec![30, 60, 120]));
        assert_eq!(parse_ladder("60,30"), None);
        assert_eq!(parse_ladder("x"), None);
    }
}
