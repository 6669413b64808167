//! Every difference between SQLite and PostgreSQL the store has, in one place.
//!
//! Outside this module (and `db.rs`, which opens each backend's pools), queries run through
//! `with_conn!` with one text for both backends; a test (`tests/dialect_seam.rs`) reads the
//! store's and the application's sources and fails on a backend branch anywhere else.
//!
//! The differences:
//! - locking: claiming rows from a queue locks them on PostgreSQL (`FOR UPDATE SKIP
//!   LOCKED`, several servers may claim at once); SQLite has one writer, so nothing races
//!   ([`skip_locked`]);
//! - lists: bound as one array on PostgreSQL, as one JSON array read by `json_each` on SQLite
//!   ([`lists`]);
//! - bulk copy: a range of rows handed over as one JSON value by SQLite, as a `COPY … TO
//!   STDOUT` in CSV by PostgreSQL ([`packed`]);
//! - schema: each backend's migrations, its statistics after a bulk load, its catalogue of
//!   column types and its identity sequences ([`schema`]);
//! - writers: how many group-commit writers may run at once ([`group_writers`]);
//! - aggregation: a column's values gathered into one text ([`id_text_agg`]).
//!
//! Upserts (`ON CONFLICT`), `RETURNING`, `$n` placeholders and partial indexes are common to
//! both and need nothing here; the store takes no advisory locks.

mod lists;
pub mod packed;
pub mod schema;

pub(crate) use lists::{BindList, List, execute_by, fetch_by, fetch_by_after, in_list};

use crate::{Backend, Conn, Store};

/// The clause that ends a sub-select claiming queue rows: ` FOR UPDATE SKIP LOCKED` on
/// PostgreSQL (rows another server holds are skipped), nothing on SQLite (one writer).
pub(crate) fn skip_locked(c: &Conn<'_>) -> &'static str {
    match c {
        Conn::Sqlite(_) => "",
        Conn::Pg(_) => " FOR UPDATE SKIP LOCKED",
    }
}

/// How many group-commit writers may each hold a write transaction at once: one on SQLite
/// (it has one writer), a few on PostgreSQL, so one batch's round trips overlap another's
/// and the server's own commit grouping still has commits to group.
pub fn group_writers(store: &Store) -> usize {
    match store.backend() {
        Backend::Sqlite => 1,
        Backend::Postgres => 4,
    }
}

/// An aggregate gathering the integer `expr` of a sub-select's rows into one text of
/// comma-separated values: `string_agg` on PostgreSQL, `group_concat` on SQLite (`NULL` when
/// there are no rows on both). `expr` is a column name of ours, never a value.
pub(crate) fn id_text_agg(c: &Conn<'_>, expr: &str) -> String {
    match c {
        Conn::Sqlite(_) => format!("group_concat({expr}, ',')"),
        Conn::Pg(_) => format!("string_agg(CAST({expr} AS TEXT), ',')"),
    }
}
