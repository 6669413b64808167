//! Every SQLite/PostgreSQL difference stays in the store's `dialect` module (and `db.rs`,
//! which opens the pools): no backend branch in the store's other sources or in the
//! application's.

use std::path::{Path, PathBuf};

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

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Lines of `file` (comments left out) naming a marker.
fn branches(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .filter(|(_, l)| MARKERS.iter().any(|m| l.contains(m)))
        .map(|(n, l)| format!("{}:{}: {}", file.display(), n + 1, l.trim()))
        .collect()
}

#[test]
fn no_backend_branch_outside_the_dialect_module() {
    let store = Path::new(env!("CARGO_MANIFEST_DIR"));
    let app = store.join("../xinbao-app");
    let mut files = Vec::new();
    sources(&store.join("src"), &mut files);
    sources(&app.join("src"), &mut files);
    assert!(files.len() > 50, "the sources were not found");
    let allowed =
        |p: &Path| p.starts_with(store.join("src/dialect")) || p == store.join("src/db.rs");
    let found: Vec<String> = files
        .iter()
        .filter(|p| !allowed(p))
        .flat_map(|p| branches(p))
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
    let mut files = Vec::new();
    sources(&dir, &mut files);
    assert!(files.iter().any(|p| !branches(p).is_empty()));
}
