//! Side effects by construction: the write transaction, rescoring and cache clearing happen
//! in the unit of work (`src/work.rs`) and nowhere else, so no use case can forget them.
//! A scan of the sources, since a use case that bypassed the unit of work would still pass
//! every behavioural test until the day its side effect mattered.

use std::path::Path;
use xinbao_store::testing::scan::{files_under, lines_naming};

/// The files (relative to `src/`) holding `needle` outside comments.
fn holders(needle: &str) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found: Vec<String> = files_under(&src, &["rs"])
        .iter()
        .filter(|f| !lines_naming(f, &[needle]).is_empty())
        .filter_map(|f| f.strip_prefix(&src).ok())
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    found.sort();
    found
}

#[test]
fn only_the_unit_of_work_opens_write_transactions() {
    // The group-commit writer of new items writes many callers' submissions in one
    // transaction of its own (and retries each alone); it is not one use case's unit.
    assert_eq!(holders("store.write()"), ["items/batch.rs", "work.rs"]);
}

#[test]
fn only_the_unit_of_work_rescores() {
    // materialise.rs defines them (and times one rescore for the benchmarks); the group
    // commit scores each new item in its shared transaction.
    assert_eq!(
        holders("materialise::rescore"),
        ["items/batch.rs", "work.rs"],
        "incremental rescoring"
    );
    for call in ["rescore_through(", "rescore_office("] {
        assert_eq!(
            holders(call),
            ["scoring/materialise.rs", "work.rs"],
            "{call}"
        );
    }
}

#[test]
fn only_the_unit_of_work_clears_caches_and_wakes_the_worker() {
    // read.rs and org.rs define the forgetting; the group commit of new items (no unit of
    // work) is handed read.rs's forgetter when it starts, and forgets after each commit.
    assert_eq!(holders(".forget_counts("), ["work.rs"], "inbox counts");
    assert_eq!(
        holders("counts_forgetter()"),
        ["lib.rs"],
        "the group writer's forgetting"
    );
    assert_eq!(holders(".forget_org("), ["work.rs"], "organisation");
    assert_eq!(holders("sessions.forget("), ["work.rs"], "sessions");
    assert_eq!(holders(".wake_scheduler("), ["work.rs"], "the worker");
    assert_eq!(holders("counts_cache"), ["items/read.rs", "lib.rs"]);
}

#[test]
fn audit_rows_are_written_only_by_the_unit_of_work() {
    assert_eq!(holders("cfg.audit_key)"), ["audit.rs", "work.rs"]);
    assert_eq!(holders(".write(&mut"), ["work.rs"]);
}
