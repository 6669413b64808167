//! The shape of the web crate, checked from its source: handlers translate only, `api` and
//! `pages` share neutral modules instead of importing each other, no role is decided here,
//! and every form carries the CSRF token through the one macro.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

/// Every file under `dir` with the extension `ext`, subfolders included.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap().map(|e| e.unwrap().path()) {
            if e.is_dir() {
                todo.push(e);
            } else if e.extension().is_some_and(|x| x == ext) {
                out.push(e);
            }
        }
    }
    out.sort();
    out
}

fn crate_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(sub)
}

fn sources() -> Vec<(PathBuf, String)> {
    files(&crate_dir("src"), "rs")
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

#[test]
fn no_role_is_decided_in_the_web() {
    for (path, text) in sources() {
        assert!(
            !text.contains("Role::"),
            "{} names a role: decide it in xinbao-domain or xinbao-app",
            path.display()
        );
    }
}

#[test]
fn api_and_pages_do_not_import_each_other() {
    for (path, text) in sources() {
        let p = path.to_string_lossy();
        if p.contains("/src/api/") {
            assert!(!text.contains("crate::pages"), "{p} imports the pages");
        }
        if p.contains("/src/pages/") {
            assert!(!text.contains("crate::api"), "{p} imports the API");
        }
    }
}

#[test]
fn every_post_form_carries_the_token_through_the_macro() {
    for path in files(&crate_dir("templates"), "html") {
        let text = fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "macros.html" {
            continue;
        }
        assert!(
            !text.contains("name=\"_csrf\""),
            "{name}: a hand-written token field"
        );
        for form in text.split("<form").skip(1) {
            let form = &form[..form.find("</form>").unwrap_or(form.len())];
            let head = &form[..form.find('>').unwrap_or(form.len())];
            if head.contains("method=\"post\"") {
                assert!(
                    form.contains("m::csrf(page.csrf)")
                        || head.contains("m::csrf_query(page.csrf)"),
                    "{name}: a form without the token: <form{head}>"
                );
            }
        }
    }
}

/// The longest an `async fn` of the API, the pages and their shared modules may be.
const MAX_LINES: usize = 30;

/// Request plumbing that is no handler: the context extractor, the CSRF check, the gate
/// and the server's start.
const PLUMBING: [&str; 4] = ["ctx.rs", "extract.rs", "gate.rs", "server.rs"];

#[test]
fn handlers_are_at_most_thirty_lines() {
    let mut long = Vec::new();
    for (path, text) in sources() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if PLUMBING.contains(&name.as_str()) && path.parent().is_some_and(|p| p.ends_with("src")) {
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let code = line.trim_start();
            let is_fn = code.starts_with("async fn ")
                || (code.starts_with("pub") && code.contains(" async fn "));
            if !is_fn {
                i += 1;
                continue;
            }
            // The function ends at the first closing brace at its own indentation.
            let indent = &line[..line.len() - code.len()];
            let end = (i..lines.len())
                .find(|j| lines[*j].trim_end() == format!("{indent}}}"))
                .unwrap_or(lines.len() - 1);
            if end - i + 1 > MAX_LINES {
                long.push(format!(
                    "{}:{} ({} lines)",
                    path.display(),
                    i + 1,
                    end - i + 1
                ));
            }
            i = end + 1;
        }
    }
    assert!(
        long.is_empty(),
        "handlers over {MAX_LINES} lines: {long:#?}"
    );
}
