//! Every string a user sees comes from the catalogue, in both languages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use xinbao_app::i18n::{LOCALES, has};
use xinbao_app::{AppError, Conflict};
use xinbao_domain::audit::AuditAction;
use xinbao_domain::audit_chain::verify::Problem;
use xinbao_domain::policy::PasswordProblem;
use xinbao_domain::{OfficeBranch, OfficeLevel, Role, SignerLevel, UnitKind};

/// Every file under `dir`, subfolders included.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

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

/// Literal keys passed to the catalogue in templates and code.
fn literal_keys() -> BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut keys = BTreeSet::new();
    let mut files = Vec::new();
    for dir in [
        "xinbao-web/templates",
        "xinbao-web/src",
        "xinbao-app/src",
        "xinbao/src",
    ] {
        files.extend(files_under(&root.join(dir)));
    }
    let calls = [
        "say(\"",
        "t(\"",
        "tv(\"",
        "tr(locale, \"",
        "tr(\"zh-CN\", \"",
        "trf(locale, \"",
        "Page::new(ctx, \"",
        "Page::new(&ctx, \"",
    ];
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // Every `invalid("field", "problem")` shows `field.X` and `problem.Y`.
        for part in text.split("invalid(\"").skip(1) {
            let mut it = part.split('"');
            let field = it.next().unwrap_or("");
            let problem = it.nth(1).unwrap_or("");
            if !field.is_empty() && !field.contains(' ') {
                keys.insert(format!("field.{field}"));
            }
            if !problem.is_empty() && !problem.contains(' ') && !problem.contains('{') {
                keys.insert(format!("problem.{problem}"));
            }
        }
        for call in calls {
            for part in text.split(call).skip(1) {
                let key = part.split('"').next().unwrap();
                if key.contains('.') && !key.contains(' ') && !key.contains('{') {
                    keys.insert(key.to_string());
                }
            }
        }
    }
    keys
}

fn built_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
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
    keys
}

#[test]
fn every_key_used_is_translated_into_chinese_and_english() {
    let keys: BTreeSet<String> = literal_keys().into_iter().chain(built_keys()).collect();
    assert!(keys.len() > 200, "found only {} keys", keys.len());
    let missing: Vec<String> = keys
        .iter()
        .flat_map(|k| {
            LOCALES
                .iter()
                .filter(|l| !has(l, k))
                .map(move |l| format!("{l}: {k}"))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "missing translations:\n{}",
        missing.join("\n")
    );
}
