//! The web translates: who may do what is decided by the domain and asked through the
//! application, so no page or API handler reads roles itself.

use std::path::Path;
use xinbao_store::testing::scan::{files_under, lines_naming};

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

#[test]
fn no_page_or_handler_decides_by_roles() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = files_under(&web.join("src"), &["rs"]);
    files.extend(files_under(&web.join("templates"), &["html"]));
    assert!(files.len() > 50, "the sources were not found");
    let found: Vec<String> = files
        .iter()
        .flat_map(|p| lines_naming(p, MARKERS))
        .collect();
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
    assert!(!lines_naming(&rules, MARKERS).is_empty());
}

#[test]
fn templates_compare_no_literal_codes() {
    // A status or kind is asked of its view (`is_added()`, `counts_sent()`, `may_…`), never
    // compared with its code's text in a template.
    let web = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = files_under(&web.join("templates"), &["html"]);
    assert!(files.len() > 20, "the templates were not found");
    let found: Vec<String> = files
        .iter()
        .flat_map(|f| lines_naming(f, &["== \"", "!= \""]))
        .collect();
    assert!(
        found.is_empty(),
        "literal codes compared:\n{}",
        found.join("\n")
    );
}
