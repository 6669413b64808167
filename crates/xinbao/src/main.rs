//! `xinbao`: the one binary. `serve` runs the system, `demo` runs it with a generated demo
//! province, `gen` builds synthetic organisations for benchmarks, `admin` manages accounts
//! from the server's shell, `audit verify` checks the audit chain, `import` loads a roster,
//! `transfer-db` copies an installation, `backup` and `restore` save and bring back a whole
//! installation.

mod audit;
mod backup;
mod bench;
mod commands;
mod config;
mod secrets_key;

use clap::{Parser, Subcommand};
use config::DbFlags;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "xinbao",
    version,
    about = "信报 — information reporting for Party and government general offices"
)]
struct Cli {
    #[command(flatten)]
    db: DbFlags,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server.
    Serve {
        /// Address to listen on, e.g. 0.0.0.0:8080.
        #[arg(long)]
        bind: Option<String>,
        /// For browser journeys only: a clock administrators can move forward over the API.
        #[arg(long, hide = true)]
        test_clock: bool,
    },
    /// Run the web server on a generated demo province (data under ./data-demo by default).
    Demo {
        #[arg(long)]
        bind: Option<String>,
        /// Password of every demo account.
        #[arg(long, default_value = "Xinbao@2026")]
        password: String,
        /// Throw away the existing demo database and build a new one.
        #[arg(long)]
        reset: bool,
    },
    /// Write a synthetic organisation of a given size into the database (for benchmarks).
    Gen {
        /// About how many units.
        #[arg(long, default_value_t = 5000)]
        units: usize,
        #[arg(long, default_value = "Xinbao@2026")]
        password: String,
    },
    /// Manage accounts from the server's command line.
    Admin {
        #[command(subcommand)]
        action: commands::AdminAction,
    },
    /// Check the audit trail: `xinbao audit verify`.
    Audit {
        #[command(subcommand)]
        action: audit::AuditAction,
    },
    /// Import a roster (.xlsx or .csv) of units and people.
    Import { file: PathBuf },
    /// Copy a whole installation into an empty database (e.g. SQLite → PostgreSQL).
    TransferDb {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Write one archive with a consistent copy of the database and the attachments, while
    /// the server runs (SQLite: VACUUM INTO; PostgreSQL: pg_dump when on PATH).
    Backup {
        /// The archive to write (a zip file; replaced if it exists).
        #[arg(long)]
        to: PathBuf,
    },
    /// Restore an archive written by `xinbao backup` into a new data directory (or an empty
    /// PostgreSQL database), check it and apply this binary's migrations.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
    /// Apply pending database migrations and print the schema version.
    Migrate,
    /// Rebuild every office's score entries from the items (they are kept up to date by
    /// every change; this is for checks and after restoring data).
    Rescore {
        /// Only compare the stored entries with a fresh computation; change nothing.
        #[arg(long)]
        check: bool,
    },
    /// Print the OpenAPI document of the JSON API.
    Openapi,
    /// Build a province-scale data set and measure throughput and latency (writes docs/benchmarks.md).
    Bench(bench::BenchArgs),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match commands::run(cli.db, cli.command).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xinbao: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
