//! What the append-only audit log records: a stable code per kind of action.

/// Kinds of audited action. Codes are stored and exported; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    SignOut,
    AccountLocked,
    PasswordChanged,
    PasswordReset,
    TokenCreated,
    TokenRevoked,
    UnitCreated,
    UnitUpdated,
    UnitDeactivated,
    UnitReactivated,
    PersonCreated,
    PersonUpdated,
    PersonDeactivated,
    PersonReactivated,
    RoleGranted,
    RoleRevoked,
    QuotaChanged,
    RosterImported,
    AccessDenied,
    EventRegistered,
    EventReported,
    EventClosed,
    TimeLimitRuleSet,
    LedgerRecorded,
    LedgerCorrected,
    VerificationAssigned,
    VerificationCompleted,
    CalendarChanged,
    ChannelsChanged,
    SecondFactorEnabled,
    SecondFactorDisabled,
    SecurityPolicyChanged,
}

impl AuditAction {
    pub const ALL: [AuditAction; 34] = [
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::SignOut,
        AuditAction::AccountLocked,
        AuditAction::PasswordChanged,
        AuditAction::PasswordReset,
        AuditAction::TokenCreated,
        AuditAction::TokenRevoked,
        AuditAction::UnitCreated,
        AuditAction::UnitUpdated,
        AuditAction::UnitDeactivated,
        AuditAction::UnitReactivated,
        AuditAction::PersonCreated,
        AuditAction::PersonUpdated,
        AuditAction::PersonDeactivated,
        AuditAction::PersonReactivated,
        AuditAction::RoleGranted,
        AuditAction::RoleRevoked,
        AuditAction::QuotaChanged,
        AuditAction::RosterImported,
        AuditAction::AccessDenied,
        AuditAction::EventRegistered,
        AuditAction::EventReported,
        AuditAction::EventClosed,
        AuditAction::TimeLimitRuleSet,
        AuditAction::LedgerRecorded,
        AuditAction::LedgerCorrected,
        AuditAction::VerificationAssigned,
        AuditAction::VerificationCompleted,
        AuditAction::CalendarChanged,
        AuditAction::ChannelsChanged,
        AuditAction::SecondFactorEnabled,
        AuditAction::SecondFactorDisabled,
        AuditAction::SecurityPolicyChanged,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignOut => "sign_out",
            AuditAction::AccountLocked => "account_locked",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::TokenCreated => "token_created",
            AuditAction::TokenRevoked => "token_revoked",
            AuditAction::UnitCreated => "unit_created",
            AuditAction::UnitUpdated => "unit_updated",
            AuditAction::UnitDeactivated => "unit_deactivated",
            AuditAction::UnitReactivated => "unit_reactivated",
            AuditAction::PersonCreated => "person_created",
            AuditAction::PersonUpdated => "person_updated",
            AuditAction::PersonDeactivated => "person_deactivated",
            AuditAction::PersonReactivated => "person_reactivated",
            AuditAction::RoleGranted => "role_granted",
            AuditAction::RoleRevoked => "role_revoked",
            AuditAction::QuotaChanged => "quota_changed",
            AuditAction::RosterImported => "roster_imported",
            AuditAction::AccessDenied => "access_denied",
            AuditAction::EventRegistered => "event_registered",
            AuditAction::EventReported => "event_reported",
            AuditAction::EventClosed => "event_closed",
            AuditAction::TimeLimitRuleSet => "time_limit_rule_set",
            AuditAction::LedgerRecorded => "ledger_recorded",
            AuditAction::LedgerCorrected => "ledger_corrected",
            AuditAction::VerificationAssigned => "verification_assigned",
            AuditAction::VerificationCompleted => "verification_completed",
            AuditAction::CalendarChanged => "calendar_changed",
            AuditAction::ChannelsChanged => "channels_changed",
            AuditAction::SecondFactorEnabled => "second_factor_enabled",
            AuditAction::SecondFactorDisabled => "second_factor_disabled",
            AuditAction::SecurityPolicyChanged => "security_policy_changed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn audit_codes_are_unique_and_round_trip() {
        let codes: HashSet<&str> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(a.code()), Some(a));
        }
    }
}
