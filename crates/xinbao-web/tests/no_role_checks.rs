//! The web translates: who may do what is decided by the domain and asked through the
//! application, so no page or API handler reads roles itself.

use std::path::{Path, PathBuf};

/// What deciding by roles looks like in code.
const MARKERS: &[&str] = &[
    "is_admin(",
    "has_role(",
    "roles_in(",
    "units_with(",
    "scope::",
    "Role::",
    ".grants",
    "may_administer(",
    "may_grant_in(",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs" || x == "html") {
            out.push(p);
        }
    }
}

/// Lines of `file` (comments left out) naming a marker.
fn role_checks(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .filter(|(_, l)| MARKERS.iter().any(|m| l.contains(m)))
        .map(|(n, l)| format!("{}:{}: {}", file.display(), n + 1, l.trim()))
        .collect()
}

#[test]
fn no_page_or_handler_decides_by_roles() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&web.join("src"), &mut files);
    sources(&web.join("templates"), &mut files);
    assert!(files.len() > 50, "the sources were not found");
    let found: Vec<String> = files.iter().flat_map(|p| role_checks(p)).collect();
    assert!(
        found.is_empty(),
        "role checks in crates/xinbao-web (ask the application instead):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_markers_find_role_checks_where_they_belong() {
    // The test above would pass on files it cannot read: prove the markers match the
    // domain's rules.
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../xinbao-domain/src/scope.rs");
    assert!(!role_checks(&rules).is_empty());
}

#[test]
fn templates_compare_no_literal_codes() {
    // A status or kind is asked of its view (`is_added()`, `counts_sent()`, `may_…`), never
    // compared with its code's text in a template.
    let web = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&web.join("templates"), &mut files);
    assert!(files.len() > 20, "the templates were not found");
    let found: Vec<String> = files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            text.lines()
                .enumerate()
                .filter(|(_, l)| l.contains("== \"") || l.contains("!= \""))
                .map(|(n, l)| format!("{}:{}: {}", f.display(), n + 1, l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        found.is_empty(),
        "literal codes compared:\n{}",
        found.join("\n")
    );
}
