//! Reading the workspace's own sources, for the tests that hold a rule of the architecture
//! (no backend branch outside the dialect, no role check in the web, side effects only in
//! the unit of work): every file under a folder, and the lines naming a marker.

use std::path::{Path, PathBuf};

/// Every file under `dir` (recursively) whose extension is one of `extensions`, sorted.
pub fn files_under(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, extensions, &mut out);
    out.sort();
    out
}

fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            walk(&path, extensions, out);
        } else if path
            .extension()
            .is_some_and(|x| extensions.iter().any(|e| x == *e))
        {
            out.push(path);
        }
    }
}

/// The lines of `file` outside `//` comments that name any of `markers`, each as
/// `path:line: text`.
pub fn lines_naming(file: &Path, markers: &[&str]) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .filter(|(_, l)| markers.iter().any(|m| l.contains(m)))
        .map(|(n, l)| format!("{}:{}: {}", file.display(), n + 1, l.trim()))
        .collect()
}
