//! Every string a user sees comes from the catalogue, in both languages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "catalogue/built.rs"]
mod built;

use built::built_keys;
use std::collections::BTreeSet;
use xinbao_app::i18n::{LOCALES, has};

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
