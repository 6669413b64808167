//! Persistence for Xinbao: one schema and one set of queries for SQLite (embedded default)
//! and PostgreSQL (for scale), every dialect difference in [`dialect`],
//! embedded forward-only migrations, and the whole-installation copy (`transfer-db`).

mod db;
pub mod dialect;
mod error;
pub mod migrate;
pub mod transfer;

pub mod admin;
pub mod audit;
pub mod audit_chain;
pub mod backup;
pub mod bulk;
pub mod calendar;
pub mod deadlines;
pub mod events;
pub mod files;
pub mod inbox;
pub mod instruction_follow;
pub mod instructions;
pub mod issue_content;
pub mod item_group;
pub mod items;
pub mod ledger;
pub mod notifications;
pub mod outbox;
pub mod people;
pub mod periodicals;
pub mod quota;
pub mod score_entries;
pub mod score_ranges;
pub mod scoring;
pub mod sealed;
pub mod second_factor;
pub mod sessions;
pub mod tokens;
pub mod units;

#[cfg(feature = "testing")]
pub mod testing;

pub use db::{Backend, Conn, DbConfig, Read, Store, Write, sqlite_path};
pub use error::StoreError;

/// A column list with each column qualified by a table alias: `a, b` → `t.a, t.b`.
pub(crate) fn qualified(columns: &str, alias: &str) -> String {
    columns
        .split(',')
        .map(|col| format!("{alias}.{}", col.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Tables in foreign-key order (parents first). `transfer-db` copies them in this order and a
/// test checks the list against the schema, so a new table cannot be forgotten.
pub const TABLES: &[&str] = &[
    "unit_kinds",
    "units",
    "unit_peers",
    "people",
    "role_grants",
    "sessions",
    "api_tokens",
    "audit_log",
    "audit_chain",
    "periodicals",
    "items",
    "item_revisions",
    "item_events",
    "item_shares",
    "time_limit_rules",
    "events",
    "event_units",
    "event_reports",
    "deadlines",
    "reminders",
    "verifications",
    "ledger",
    "notifications",
    "files",
    "item_attachments",
    "signoff_rules",
    "periodical_counters",
    "issues",
    "issue_items",
    "issue_events",
    "issue_reads",
    "instructions",
    "instruction_assignments",
    "instruction_reports",
    "deliveries",
    "delivery_attempts",
    "person_channels",
    "unit_robots",
    "calendar_days",
    "scoring_schemes",
    "score_penalties",
    "score_entries",
    "quota_reminders",
    "quota_checks",
    "person_totp",
    "totp_recovery_codes",
    "settings",
];
