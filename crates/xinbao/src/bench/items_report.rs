//! The items suite's outcome as printed while it runs and as its section of docs/benchmarks.md.

use super::*;

pub(super) fn print_outcome(o: &Outcome) {
    println!(
        "   submissions: {:.0}/s (p50 {:.1} ms, p99 {:.1} ms, {} errors)",
        o.submissions.per_second, o.submissions.p50, o.submissions.p99, o.submissions.errors
    );
    println!(
        "   ceiling (raw durable single-row inserts): {:.0}/s → ratio {:.0} %",
        o.ceiling.per_second,
        100.0 * o.submissions.per_second / o.ceiling.per_second.max(1.0)
    );
    println!(
        "   inbox page: p50 {:.1} ms, p99 {:.1} ms ({:.0}/s)",
        o.inbox.p50, o.inbox.p99, o.inbox.per_second
    );
    println!(
        "   item page: p50 {:.1} ms, p99 {:.1} ms ({:.0}/s)",
        o.item_page.p50, o.item_page.p99, o.item_page.per_second
    );
}

pub(super) fn report(outcomes: &[Outcome], args: &BenchArgs) -> String {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mut s = String::from(
        "## Items: submissions and pages\n\nWritten by `xinbao bench --suite items` (release build). ",
    );
    s.push_str(&format!(
        "Machine: {cores} cores; {} concurrent clients on the same machine over loopback HTTP; {} s per measurement; {}.\n\n",
        args.clients,
        args.seconds,
        chrono::Utc::now().format("%Y-%m-%d")
    ));
    s.push_str("A *submission* is `POST /api/v1/items?submit=true` (保存并报送): the item, its first revision, two events and the office editors' notifications in one durable transaction (SQLite `synchronous = FULL`). The *ceiling* is raw single-row `INSERT`s, one transaction each, as many at a time as there are clients, into the same database with the same settings. Submissions and the ceiling are measured in alternating slices (five of each, adding up to the measurement's seconds), so that both meet the same machine. Pages are the server-rendered HTML pages with a signed-in session: the county inbox (default view, urgent first) and random items of that county.\n\n");
    s.push_str("| backend | units | items | load (s) | submissions/s | ceiling/s | ratio | submit p99 (ms) | inbox p50 / p99 (ms) | item page p50 / p99 (ms) |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for o in outcomes {
        s.push_str(&format!(
            "| {} | {} | {} | {:.0} | {:.0} | {:.0} | {:.0} % | {:.1} | {:.1} / {:.1} | {:.1} / {:.1} |\n",
            o.backend, o.units, o.items, o.load_seconds, o.submissions.per_second, o.ceiling.per_second,
            100.0 * o.submissions.per_second / o.ceiling.per_second.max(1.0), o.submissions.p99, o.inbox.p50, o.inbox.p99, o.item_page.p50, o.item_page.p99
        ));
    }
    s.push_str("\nHow to read it: new items go through a group-commit writer (submissions that arrive together share one durable transaction, and each is answered after its commit with the rows as written); SQLite has one such writer, PostgreSQL four, so one group's round trips overlap the next's. That is why submissions can approach the single-row ceiling on SQLite, whose ceiling is its fsync; PostgreSQL's ceiling is one statement per transaction, where a submission is a handful. The load generator runs on the same two cores as the server, so latencies under 32 concurrent clients are mostly queueing: a page's p99 is roughly 32 ÷ pages per second. The ceiling varies between runs on this virtual machine (fsync time, other guests), which is why it is measured interleaved with the submissions; compare ratios, not rates, between runs.\n");
    s.push_str("\nTargets (SQLite, issue 3): ≥ 1,000 submissions/s and ≥ 50 % of the ceiling; inbox p99 ≤ 50 ms; item page p99 ≤ 20 ms at 1,000,000 items. Issue 15: PostgreSQL submissions ≥ 50 % of its ceiling, SQLite's staying ≥ 80 %.\n\nReproduce: `cargo run --release -- bench` (both backends, PostgreSQL in a database of the run's own, `xinbao_bench_<pid>_<time>`, dropped at the end; `--backend sqlite`, `--items`, `--units`, `--clients`, `--seconds` to vary).\n");
    s
}
