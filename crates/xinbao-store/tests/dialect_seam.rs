//! Every SQLite/PostgreSQL difference stays in the store's `dialect` module (and `db.rs`,
//! which opens the pools): no backend branch in the store's other sources or in the
//! application's.

use std::path::Path;
use xinbao_store::testing::scan::{files_under, lines_naming};

/// What a backend branch or a backend's own SQL looks like in code.
const MARKERS: &[&str] = &[
    "Conn::Pg",
    "Conn::Sqlite",
    "Read::Pg",
    "Read::Sqlite",
    "Write::Pg",
    "Write::Sqlite",
    "Backend::Sqlite",
    "Backend::Postgres",
    ".backend()",
    "SKIP LOCKED",
    "json_group_array",
    "json_each",
    "copy_out_raw",
    "copy_in_raw",
    "= ANY(",
    "information_schema",
    "pg_get_serial_sequence",
];

#[test]
fn no_backend_branch_outside_the_dialect_module() {
    let store = Path::new(env!("CARGO_MANIFEST_DIR"));
    let app = store.join("../xinbao-app");
    let mut files = files_under(&store.join("src"), &["rs"]);
    files.extend(files_under(&app.join("src"), &["rs"]));
    assert!(files.len() > 50, "the sources were not found");
    let allowed =
        |p: &Path| p.starts_with(store.join("src/dialect")) || p == store.join("src/db.rs");
    let found: Vec<String> = files
        .iter()
        .filter(|p| !allowed(p))
        .flat_map(|p| lines_naming(p, MARKERS))
        .collect();
    assert!(
        found.is_empty(),
        "backend branches outside crates/xinbao-store/src/dialect:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_dialect_module_is_where_the_markers_are() {
    // The test above would pass on files it cannot read: prove it reads the dialect's.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/dialect");
    let files = files_under(&dir, &["rs"]);
    assert!(files.iter().any(|p| !lines_naming(p, MARKERS).is_empty()));
}
