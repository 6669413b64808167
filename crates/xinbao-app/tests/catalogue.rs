//! Every string a user sees comes from the catalogue, in both languages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use xinbao_app::i18n::{LOCALES, has};
use xinbao_domain::audit::AuditAction;
use xinbao_domain::audit_chain::verify::Problem;
use xinbao_domain::policy::PasswordProblem;
use xinbao_domain::{OfficeBranch, OfficeLevel, Role, SignerLevel, UnitKind};

/// Literal keys passed to the catalogue in templates and code.
fn literal_keys() -> BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut keys = BTreeSet::new();
    let mut files = Vec::new();
    for dir in [
        "xinbao-web/templates",
        "xinbao-web/src",
        "xinbao-web/src/pages",
        "xinbao-web/src/api",
        "xinbao-app/src",
        "xinbao-app/src/items",
        "xinbao-app/src/events",
        "xinbao/src",
        "xinbao/src/backup",
    ] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                files.push(p);
            }
        }
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
    for code in [
        "unauthenticated",
        "bad_credentials",
        "account_locked",
        "forbidden",
        "not_found",
        "no_such_route",
        "invalid_input",
        "weak_password",
        "roster_invalid",
        "duplicate",
        "unavailable",
        "internal",
        "stale_version",
        "unit_has_active_children",
        "cannot_deactivate_self",
        "duplicate_role",
        "duplicate_unit_name",
        "duplicate_username",
        "roster_changed_meanwhile",
        "csrf",
        "demo_needs_empty_database",
        "wrong_state",
        "claimed_by_other",
        "no_office_above",
        "missing_elements",
        "event_closed",
        "unit_final",
        "zero_not_asked",
        "verification_done",
    ] {
        keys.insert(format!("error.{code}"));
    }
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
