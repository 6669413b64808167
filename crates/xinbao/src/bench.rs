//! `xinbao bench`: builds a province-scale data set and measures durable submissions over HTTP
//! against the raw single-row insert ceiling, and inbox and item page latency under load.
//! Results are printed and written to a Markdown report.

mod deadlines;
mod docx;
mod harness;
mod http;
mod items_report;
mod load;
mod scoring;
mod scoring_report;

pub use harness::Bench;
use items_report::{print_outcome, report};

use anyhow::Context;
use std::time::{Duration, Instant};
use xinbao_app::{App, AppConfig};
use xinbao_store::{DbConfig, Store};

#[derive(clap::Args, Debug, Clone)]
pub struct BenchArgs {
    /// Units in the synthetic province.
    #[arg(long, default_value_t = 5000)]
    pub units: usize,
    /// Items (with their histories) in the data set.
    #[arg(long, default_value_t = 1_000_000)]
    pub items: usize,
    /// `sqlite`, `postgres` or `both`.
    #[arg(long, default_value = "both")]
    pub backend: String,
    /// PostgreSQL server where this run makes its own database (`xinbao_bench_<pid>_<time>`,
    /// dropped at the end; no other database is touched).
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/test")]
    pub postgres_admin_url: String,
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    pub clients: usize,
    /// Seconds per measurement.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Where the Markdown report goes.
    #[arg(long, default_value = "docs/benchmarks.md")]
    pub out: String,
    /// Scratch directory for the SQLite database.
    #[arg(long, default_value = "bench-data")]
    pub dir: String,
    /// `items` (submissions and pages), `deadlines` (the scheduler), `docx`, `scoring` or `all`.
    #[arg(long, default_value = "all")]
    pub suite: String,
    /// Open deadlines waiting in the scheduler benchmark.
    #[arg(long, default_value_t = 100_000)]
    pub deadlines: usize,
    /// Deadlines falling due during the scheduler benchmark.
    #[arg(long, default_value_t = 2_000)]
    pub firing: usize,
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Default)]
pub struct Latency {
    pub per_second: f64,
    pub p50: f64,
    pub p99: f64,
    pub errors: usize,
}

impl Latency {
    pub fn of(mut ms: Vec<f64>, errors: usize, elapsed: Duration) -> Latency {
        ms.sort_by(f64::total_cmp);
        let pick = |q: f64| {
            ms.get(((ms.len() as f64 * q) as usize).min(ms.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0.0)
        };
        Latency {
            per_second: ms.len() as f64 / elapsed.as_secs_f64(),
            p50: pick(0.50),
            p99: pick(0.99),
            errors,
        }
    }
}

/// What one backend measured.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub backend: String,
    pub units: usize,
    pub items: usize,
    pub load_seconds: f64,
    pub submissions: Latency,
    pub ceiling: Latency,
    pub inbox: Latency,
    pub item_page: Latency,
}

/// This run's own PostgreSQL database: a name no other run (or anything else) uses.
fn pg_database() -> &'static str {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        format!("xinbao_bench_{}_{secs}", std::process::id())
    })
}

/// A fresh store for one measurement; on PostgreSQL, this run's database made anew.
pub(crate) async fn fresh_store(args: &BenchArgs, backend: &str) -> anyhow::Result<Store> {
    let cfg = if backend == "postgres" {
        let url =
            xinbao_store::admin::recreate_database(&args.postgres_admin_url, pg_database()).await?;
        DbConfig {
            max_connections: 40,
            ..DbConfig::new(url)
        }
    } else {
        let _ = std::fs::remove_dir_all(&args.dir);
        DbConfig {
            max_connections: 8,
            ..DbConfig::sqlite_in(std::path::Path::new(&args.dir))
        }
    };
    Store::open(&cfg)
        .await
        .context("opening the benchmark database")
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    let backends: Vec<&str> = match args.backend.as_str() {
        "both" => vec!["sqlite", "postgres"],
        "sqlite" => vec!["sqlite"],
        "postgres" => vec!["postgres"],
        other => anyhow::bail!("unknown backend {other}"),
    };
    let suites: &[&str] = match args.suite.as_str() {
        "all" => &["items", "deadlines", "docx", "scoring"],
        "items" => &["items"],
        "deadlines" => &["deadlines"],
        "docx" => &["docx"],
        "scoring" => &["scoring"],
        other => anyhow::bail!("unknown suite {other}"),
    };
    let outcome = run_suites(&args, suites, &backends).await;
    if backends.contains(&"postgres") {
        // Only the database this run made (which may not exist if no suite got that far).
        if let Err(e) =
            xinbao_store::admin::drop_database(&args.postgres_admin_url, pg_database()).await
        {
            eprintln!("could not drop {}: {e}", pg_database());
        }
    }
    outcome
}

async fn run_suites(args: &BenchArgs, suites: &[&str], backends: &[&str]) -> anyhow::Result<()> {
    if suites.contains(&"items") {
        run_items(args, backends).await?;
    }
    if suites.contains(&"deadlines") {
        deadlines::run(args, backends).await?;
    }
    if suites.contains(&"docx") {
        docx::run(args).await?;
    }
    if suites.contains(&"scoring") {
        scoring_report::run(args, backends).await?;
    }
    Ok(())
}

/// Replaces one suite's section of the report, keeping the others.
pub(crate) fn write_section(path: &str, suite: &str, body: &str) -> anyhow::Result<()> {
    let (start, end) = (
        format!("<!-- suite:{suite} -->"),
        format!("<!-- /suite:{suite} -->"),
    );
    let old = std::fs::read_to_string(path).unwrap_or_else(|_| "# Benchmarks\n".into());
    let section = format!("{start}\n{body}{end}\n");
    let new = match (old.find(&start), old.find(&end)) {
        (Some(a), Some(b)) if b > a => format!(
            "{}{}{}",
            &old[..a],
            section,
            old[b + end.len()..].trim_start_matches('\n')
        ),
        _ => format!("{}\n{}", old.trim_end(), "\n".to_string() + &section),
    };
    if let Some(dir) = std::path::Path::new(path).parent() {
        std::fs::create_dir_all(dir).ok();
    }
    std::fs::write(path, new).with_context(|| format!("writing {path}"))?;
    println!("report written to {path}");
    Ok(())
}

async fn run_items(args: &BenchArgs, backends: &[&str]) -> anyhow::Result<()> {
    let args = args.clone();
    let mut outcomes = Vec::new();
    for backend in backends.iter().copied() {
        println!(
            "== {backend}: building {} units and {} items",
            args.units, args.items
        );
        let store = fresh_store(&args, backend).await?;
        let app = App::new(
            store.clone(),
            AppConfig {
                files_dir: std::path::PathBuf::from(&args.dir).join("files"),
                // One load generator on one address measures throughput, not the limits.
                rate: xinbao_app::limits::RateLimitConfig::off(),
                ..AppConfig::default()
            },
        );
        let started = Instant::now();
        let data = load::build(&Bench::new(app.clone(), &store), args.units, args.items).await?;
        xinbao_store::admin::analyze(&store).await?;
        let load_seconds = started.elapsed().as_secs_f64();
        println!("   loaded in {load_seconds:.1} s");
        let o = http::measure(&app, &store, &data, &args, backend, load_seconds).await?;
        print_outcome(&o);
        outcomes.push(o);
        store.close().await;
    }
    write_section(&args.out, "items", &report(&outcomes, &args))
}
