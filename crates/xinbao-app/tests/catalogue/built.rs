//! Keys the code builds from domain codes: org and audit, errors and roster problems,
//! items, events and notices.

use std::collections::BTreeSet;
use xinbao_app::{AppError, Conflict};
use xinbao_domain::audit::AuditAction;
use xinbao_domain::audit_chain::verify::Problem;
use xinbao_domain::policy::PasswordProblem;
use xinbao_domain::{OfficeBranch, OfficeLevel, Role, SignerLevel, UnitKind};

/// One error of every kind, so each one's code is asked for by the code itself.
fn every_error() -> Vec<AppError> {
    use xinbao_store::StoreError;
    let mut v = vec![
        AppError::Unauthenticated,
        AppError::BadCredentials,
        AppError::Locked(xinbao_domain::Timestamp(0)),
        AppError::Forbidden,
        AppError::PasswordChangeRequired,
        AppError::TotpRequired,
        AppError::TotpInvalid,
        AppError::TotpEnrolmentRequired,
        AppError::TooManyRequests(1),
        AppError::NotFound,
        AppError::NoSuchRoute,
        AppError::invalid("field", "problem"),
        AppError::WeakPassword(Vec::new()),
        AppError::MissingElements(Vec::new()),
        AppError::Roster(Vec::new()),
        AppError::Store(StoreError::Duplicate(String::new())),
        AppError::Store(StoreError::Unavailable(String::new())),
        AppError::Internal(String::new()),
    ];
    v.extend(Conflict::ALL.map(AppError::Conflict));
    v
}

pub(crate) fn built_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    org_keys(&mut keys);
    problem_keys(&mut keys);
    item_keys(&mut keys);
    event_keys(&mut keys);
    keys
}

/// Roles, unit kinds, office levels and branches, signer levels, audit actions and problems,
/// password problems.
fn org_keys(keys: &mut BTreeSet<String>) {
    keys.extend(Role::ALL.iter().map(|r| format!("role.{}", r.code())));
    keys.extend(UnitKind::ALL.iter().map(|k| format!("kind.{}", k.code())));
    keys.extend(
        OfficeLevel::ALL
            .iter()
            .map(|k| format!("level.{}", k.code())),
    );
    keys.extend(
        OfficeBranch::ALL
            .iter()
            .map(|k| format!("branch.{}", k.code())),
    );
    keys.extend(
        SignerLevel::ALL
            .iter()
            .map(|k| format!("signer.{}", k.code())),
    );
    keys.extend(
        AuditAction::ALL
            .iter()
            .map(|a| format!("audit.action.{}", a.code())),
    );
    keys.extend(
        Problem::ALL
            .iter()
            .map(|p| format!("audit.problem.{}", p.code())),
    );
    for p in [
        PasswordProblem::TooShort,
        PasswordProblem::TooLong,
        PasswordProblem::TooFewClasses,
        PasswordProblem::ContainsUsername,
    ] {
        keys.insert(format!("password.{}", p.code()));
    }
}

/// Errors and roster problems.
fn problem_keys(keys: &mut BTreeSet<String>) {
    // Every error's message is `error.<code>` (a scheme's names its problem instead).
    keys.extend(every_error().iter().map(|e| format!("error.{}", e.code())));
    for code in [
        "missing_header",
        "empty",
        "required",
        "bad_kind",
        "bad_office_level",
        "bad_role",
        "bad_username",
        "bad_name",
        "bad_phone",
        "bad_unit_name",
        "parent_not_found",
        "parent_ambiguous",
        "cycle",
        "kind_conflict",
        "name_conflict",
        "role_needs_office",
        "signer_needs_level",
        "username_taken",
        "outside_scope",
    ] {
        keys.insert(format!("roster.problem.{code}"));
    }
}

/// Item statuses, types and grades, decline reasons, item actions and item notices.
fn item_keys(keys: &mut BTreeSet<String>) {
    use xinbao_domain::item::{Importance, ItemStatus, ItemType, Sensitivity, Urgency};
    keys.extend(
        ItemStatus::ALL
            .iter()
            .map(|s| format!("item.status.{}", s.code())),
    );
    keys.extend(
        ItemType::ALL
            .iter()
            .map(|s| format!("item.type.{}", s.code())),
    );
    keys.extend(
        Importance::ALL
            .iter()
            .map(|s| format!("item.importance.{}", s.code())),
    );
    keys.extend(
        Urgency::ALL
            .iter()
            .map(|s| format!("item.urgency.{}", s.code())),
    );
    keys.extend(
        Sensitivity::ALL
            .iter()
            .map(|s| format!("item.sensitivity.{}", s.code())),
    );
    keys.extend(
        xinbao_app::DECLINE_REASONS
            .iter()
            .map(|r| format!("decline.{r}")),
    );
    for a in [
        "create",
        "revise",
        "submit",
        "approve",
        "reject",
        "withdraw",
        "receive",
        "claim",
        "edit",
        "hold",
        "reserve",
        "return",
        "decline",
        "adopt",
        "merge",
        "combine",
        "forward",
        "forwarded_from",
        "share",
    ] {
        keys.insert(format!("item.action.{a}"));
    }
    for k in [
        "submitted",
        "needs_signoff",
        "signed_off",
        "draft",
        "returned",
        "declined",
        "adopted",
        "merged",
        "forwarded",
        "on_hold",
        "shared",
    ] {
        keys.insert(format!("notify.item_{k}"));
    }
}

/// Sudden events, deadlines and event notices, channels, upstream notices and form fields.
fn event_keys(keys: &mut BTreeSet<String>) {
    use xinbao_domain::event::{DeadlineStatus, Element, LedgerKind, ReportKind, Severity};
    keys.extend(
        Severity::ALL
            .iter()
            .map(|s| format!("severity.{}", s.code())),
    );
    keys.extend(
        ReportKind::ALL
            .iter()
            .map(|k| format!("report_kind.{}", k.code())),
    );
    keys.extend(
        LedgerKind::ALL
            .iter()
            .map(|k| format!("ledger_kind.{}", k.code())),
    );
    keys.extend(Element::ALL.iter().map(|e| format!("element.{}", e.code())));
    for d in [
        DeadlineStatus::Open,
        DeadlineStatus::Met,
        DeadlineStatus::Overdue,
        DeadlineStatus::Closed,
    ] {
        keys.insert(format!("deadline_status.{}", d.code()));
    }
    for k in [
        "event_asked",
        "deadline_warning",
        "deadline_overdue",
        "escalation_1",
        "escalation_2",
        "escalation_3",
        "event_report",
        "verification_assigned",
    ] {
        keys.insert(format!("notify.{k}"));
    }
    for c in ["email", "sms", "wecom", "dingtalk"] {
        keys.insert(format!("channel.{c}"));
    }
    keys.extend([
        "notify.upstream_adopted".to_string(),
        "notify.upstream_declined".to_string(),
    ]);
    for f in [
        "item_title",
        "item_body",
        "item_type",
        "importance",
        "urgency",
        "sensitivity",
        "comment",
        "reason",
        "item_ids",
        "office_id",
    ] {
        keys.insert(format!("field.{f}"));
    }
}
