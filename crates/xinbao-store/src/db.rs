//! The seam between the two backends: typed pools, a connection enum and the `with_conn!`
//! macro that runs the same query text on whichever backend is in use.

use crate::error::StoreError;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// Which database engine backs the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How to open the store.
#[derive(Debug, Clone)]
pub struct DbConfig {
    /// `sqlite://path`, `sqlite:path` or `postgres://…`.
    pub url: String,
    /// SQLite `synchronous = FULL` (an acknowledged write survives a power cut) unless false.
    pub sqlite_full_sync: bool,
    /// Readers on SQLite (at most twice the cores); connections on PostgreSQL.
    pub max_connections: u32,
}

impl DbConfig {
    pub fn new(url: impl Into<String>) -> Self {
        DbConfig {
            url: url.into(),
            sqlite_full_sync: true,
            max_connections: 8,
        }
    }

    /// The default embedded database under a data directory.
    pub fn sqlite_in(data_dir: &std::path::Path) -> Self {
        Self::new(format!("sqlite://{}", data_dir.join("xinbao.db").display()))
    }

    pub fn backend(&self) -> Result<Backend, StoreError> {
        backend_of(&self.url)
    }
}

pub fn backend_of(url: &str) -> Result<Backend, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(StoreError::Other(format!(
            "unsupported database URL (use sqlite://… or postgres://…): {}",
            url.split('@').next_back().unwrap_or_default()
        )))
    }
}

/// The store: one writer and several readers on SQLite, one pool on PostgreSQL.
#[derive(Clone, Debug)]
pub struct Store {
    pools: Pools,
}

#[derive(Clone, Debug)]
enum Pools {
    Sqlite { write: SqlitePool, read: SqlitePool },
    Postgres(PgPool),
}

/// A connection of either backend, borrowed for the length of a call.
pub enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection),
    Pg(&'c mut PgConnection),
}

/// A pooled connection for reading.
pub enum Read {
    Sqlite(PoolConnection<Sqlite>),
    Pg(PoolConnection<Postgres>),
}

/// A write transaction (`BEGIN IMMEDIATE` on SQLite). Dropped without `commit`, it rolls back.
pub enum Write {
    Sqlite(Transaction<'static, Sqlite>),
    Pg(Transaction<'static, Postgres>),
}

/// Runs the same query code on whichever backend `conn` (a `&mut Conn`) holds, binding the
/// connection as `$c: &mut XConnection`.
#[macro_export]
macro_rules! with_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::Conn::Sqlite(inner) => {
                let $c = &mut **inner;
                $body
            }
            $crate::Conn::Pg(inner) => {
                let $c = &mut **inner;
                $body
            }
        }
    };
}

impl Read {
    pub fn conn(&mut self) -> Conn<'_> {
        match self {
            Read::Sqlite(c) => Conn::Sqlite(c),
            Read::Pg(c) => Conn::Pg(c),
        }
    }
}

impl Write {
    pub fn conn(&mut self) -> Conn<'_> {
        match self {
            Write::Sqlite(t) => Conn::Sqlite(t),
            Write::Pg(t) => Conn::Pg(t),
        }
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Write::Sqlite(t) => t.commit().await?,
            Write::Pg(t) => t.commit().await?,
        }
        Ok(())
    }
}

impl Store {
    /// Opens the database (creating a SQLite file if needed) and applies pending migrations.
    pub async fn open(cfg: &DbConfig) -> Result<Store, StoreError> {
        let store = Self::connect(cfg).await?;
        crate::migrate::apply(&store).await?;
        Ok(store)
    }

    /// Opens without migrating (for inspection and tests of the migration path).
    pub async fn connect(cfg: &DbConfig) -> Result<Store, StoreError> {
        let pools = match cfg.backend()? {
            Backend::Sqlite => connect_sqlite(cfg).await?,
            Backend::Postgres => {
                // A group of new items is one statement whose text has a row per item, so
                // a connection sees a text per group size: room for them all beside the
                // other queries, or each group would prepare its statement again.
                let opts = PgConnectOptions::from_str(&cfg.url)?.statement_cache_capacity(600);
                // No ping before each use: it was one round trip in every four of a
                // submission. A connection the server dropped fails its next query instead,
                // and the pool then closes it (and replaces idle ones after 10 minutes).
                let pool = PgPoolOptions::new()
                    .max_connections(cfg.max_connections.max(2))
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?;
                Pools::Postgres(pool)
            }
        };
        Ok(Store { pools })
    }

    pub fn backend(&self) -> Backend {
        match self.pools {
            Pools::Sqlite { .. } => Backend::Sqlite,
            Pools::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn read(&self) -> Result<Read, StoreError> {
        Ok(match &self.pools {
            Pools::Sqlite { read, .. } => Read::Sqlite(read.acquire().await?),
            Pools::Postgres(p) => Read::Pg(p.acquire().await?),
        })
    }

    pub async fn write(&self) -> Result<Write, StoreError> {
        Ok(match &self.pools {
            Pools::Sqlite { write, .. } => {
                Write::Sqlite(write.begin_with("BEGIN IMMEDIATE").await?)
            }
            Pools::Postgres(p) => Write::Pg(p.begin().await?),
        })
    }

    /// A connection outside any transaction, for migrations and bulk copies.
    pub async fn writer_connection(&self) -> Result<Read, StoreError> {
        Ok(match &self.pools {
            Pools::Sqlite { write, .. } => Read::Sqlite(write.acquire().await?),
            Pools::Postgres(p) => Read::Pg(p.acquire().await?),
        })
    }

    /// Answers once the database does: for `/healthz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let mut r = self.read().await?;
        let mut c = r.conn();
        with_conn!(&mut c, |x| sqlx::query("SELECT 1")
            .execute(x)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite { write, read } => {
                read.close().await;
                write.close().await;
            }
            Pools::Postgres(p) => p.close().await,
        }
    }
}

async fn connect_sqlite(cfg: &DbConfig) -> Result<Pools, StoreError> {
    let path = sqlite_path(&cfg.url);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Unavailable(format!("{}: {e}", dir.display())))?;
    }
    let sync = if cfg.sqlite_full_sync {
        SqliteSynchronous::Full
    } else {
        SqliteSynchronous::Normal
    };
    let base = SqliteConnectOptions::new()
        .filename(&path)
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .synchronous(sync)
        // 32 MB of page cache per connection (SQLite's default is 2 MB), allocated as used:
        // the writer keeps its cache across its own commits, so the index pages every item
        // change touches stay in the process, not in the OS cache the kernel may reclaim.
        .pragma("cache_size", "-32768")
        // The file mapped into memory, up to the 2 GB SQLite allows: a page read is a memory
        // access, not a system call (a province's full recompute of scores measured 0.81–0.95 s
        // instead of 1.02–1.53 s). An I/O error on the mapped file stops the process instead
        // of failing one query: the trade SQLite documents, sound on a server's own disk.
        .pragma("mmap_size", "2147418112");
    // A local file cannot drop a connection, so the ping sqlx sends on every acquire by
    // default is a wasted round trip to the connection's thread.
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(base.clone().create_if_missing(true))
        .await?;
    // SQLite reads run on one thread per connection and are CPU-bound: more readers than
    // twice the cores only add thread switches (measured: the item page's p99 fell with 4
    // readers instead of 8 on 2 cores).
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get() as u32);
    let read = SqlitePoolOptions::new()
        .max_connections(cfg.max_connections.min(2 * cores).max(2))
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(base.read_only(true))
        .await?;
    Ok(Pools::Sqlite { write, read })
}

/// The file path of a `sqlite://path` or `sqlite:path` URL.
pub fn sqlite_path(url: &str) -> PathBuf {
    let rest = url.trim_start_matches("sqlite:");
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    PathBuf::from(rest.split('?').next().unwrap_or(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_a_file() {
        assert_eq!(
            sqlite_path("sqlite:///var/lib/x.db"),
            PathBuf::from("/var/lib/x.db")
        );
        assert_eq!(
            sqlite_path("sqlite://data/x.db"),
            PathBuf::from("data/x.db")
        );
        assert_eq!(sqlite_path("sqlite:x.db?mode=rwc"), PathBuf::from("x.db"));
    }

    #[test]
    fn backends_are_told_apart_by_scheme() {
        assert_eq!(
            backend_of("postgres://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert_eq!(backend_of("sqlite://x").ok(), Some(Backend::Sqlite));
        assert!(backend_of("mysql://x").is_err());
    }
}
