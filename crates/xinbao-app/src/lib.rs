//! Use cases of Xinbao. Every action goes: check permission → apply the domain rule → write
//! the state and an audit row in one transaction. The web UI, the JSON API, the CLI and
//! background jobs all call this layer, so rules and audit live in one place.

rust_i18n::i18n!("locales", fallback = "zh-CN");

mod audit;
pub mod audit_key;
mod auth;
mod calendar;
pub mod channels;
mod conflict;
mod deliver;
mod error;
pub mod events;
pub mod export;
mod gate;
pub mod i18n;
mod input;
pub mod install;
pub mod instruction_follow;
pub mod instructions;
mod issue_delivery;
pub mod issue_document;
pub mod issue_edit;
mod items;
pub mod limits;
mod notify;
mod org;
mod people;
pub mod periodicals;
pub mod roster;
pub mod scoring;
pub mod secret;
pub mod secrets;
mod security_policy;
mod session_cache;
pub mod totp;
pub mod views;
mod work;
mod worker;

pub use audit::{AuditEntry, chain_text};
pub use auth::{SessionInfo, SignedIn};
pub use conflict::Conflict;
pub use error::AppError;
pub use items::{
    AttachmentRow, DECLINE_REASONS, FileLimits, InboxPage, ItemInput, ItemView, SignoffRuleView,
    TrailStep, diff,
};
pub use notify::Notice;
pub use org::{OrgSnapshot, UnitInput, UnitView};
pub use people::{PersonInput, PersonView};
pub use work::Work;
pub use xinbao_office::{Entry as IssueEntry, IssueDoc, ZipLimits};

use std::sync::Arc;
use xinbao_domain::policy::LockoutPolicy;
use xinbao_domain::{Clock, SystemClock, Timestamp};
use xinbao_store::Store;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Settings the use cases need.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// A web session ends after this long without a request.
    pub session_idle_seconds: i64,
    /// Tokens from `POST /api/v1/session` expire after this many days.
    pub api_token_days: i64,
    /// ... and end, as web sessions do, after this long unused.
    pub api_session_idle_seconds: i64,
    /// Named API tokens end after this many days unused.
    pub token_idle_days: i64,
    pub lockout: LockoutPolicy,
    /// Where attachments are stored by content hash (shared storage when several instances run).
    pub files_dir: std::path::PathBuf,
    pub file_limits: items::FileLimits,
    /// External channels people receive on unless they chose otherwise (`email`, `sms`).
    pub default_channels: Vec<String>,
    /// SMTP and SMS gateway settings (robots need only their webhook address).
    pub channels: xinbao_channels::ChannelConfig,
    /// What an uploaded .docx or .xlsx may inflate to before it is parsed.
    pub unzip: xinbao_office::ZipLimits,
    /// Most pieces of heavy work (imports, documents, exports, pictures) at once; a burst
    /// queues behind them. Defaults to the number of cores.
    pub heavy_permits: usize,
    /// Sign-in and request rate limits.
    pub rate: limits::RateLimitConfig,
    /// The key that seals the audit chain (HMAC-SM3), read from `audit.key` outside the
    /// database. The default is the fixed test key: the binary always sets its own.
    pub audit_key: xinbao_domain::audit_chain::AuditKey,
    /// The SM4 key of the secrets the database holds (robot secrets, TOTP seeds); the server
    /// reads it from `secrets.key`, outside the database.
    pub secrets_key: secrets::SecretsKey,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            session_idle_seconds: 30 * 60,
            api_token_days: 30,
            api_session_idle_seconds: 30 * 60,
            token_idle_days: 30,
            lockout: LockoutPolicy::default(),
            files_dir: std::path::PathBuf::from("data/files"),
            file_limits: items::FileLimits::default(),
            default_channels: vec!["email".into(), "sms".into()],
            channels: Default::default(),
            unzip: Default::default(),
            heavy_permits: std::thread::available_parallelism().map_or(2, |n| n.get()),
            rate: Default::default(),
            audit_key: xinbao_domain::audit_chain::AuditKey::TEST,
            secrets_key: secrets::SecretsKey::TEST,
        }
    }
}

/// Unfiltered inbox counts per office, and when they were read.
type CountsCache = Arc<
    std::sync::Mutex<
        std::collections::HashMap<
            i64,
            (
                std::time::Instant,
                Vec<(xinbao_domain::item::ItemStatus, i64)>,
            ),
        >,
    >,
>;

/// The organisation snapshot and the fingerprint it was read at.
type OrgCache =
    Arc<std::sync::Mutex<Option<((i64, i64), std::time::Instant, Arc<org::OrgSnapshot>)>>>;

/// The application: the store, the clock and the settings. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub(crate) store: Store,
    pub clock: Arc<dyn Clock>,
    pub cfg: AppConfig,
    org_cache: OrgCache,
    counts_cache: CountsCache,
    batcher: Arc<std::sync::OnceLock<items::Batcher>>,
    sessions: session_cache::SessionCache,
    wake: Arc<tokio::sync::Notify>,
    channels: xinbao_channels::Channels,
    /// The last day (Beijing) this instance ran the quota check, so a tick on the same day
    /// costs nothing.
    quota_day: Arc<std::sync::Mutex<String>>,
    /// Permits for heavy work (`App::heavy`).
    heavy: Arc<tokio::sync::Semaphore>,
    limits: Arc<limits::Limits>,
}

/// Who is acting, from where: every use case that changes state takes one.
#[derive(Debug, Clone)]
pub struct Actor {
    pub principal: xinbao_domain::access::Principal,
    pub ip: Option<String>,
    /// The command line run by the server's operator: allowed everything, audited as such.
    pub system: bool,
}

impl Actor {
    pub fn new(principal: xinbao_domain::access::Principal, ip: Option<String>) -> Actor {
        Actor {
            principal,
            ip,
            system: false,
        }
    }

    /// The operator at the server's command line (`xinbao admin …`, `xinbao import`).
    pub fn system() -> Actor {
        Actor {
            principal: xinbao_domain::access::Principal {
                person_id: xinbao_domain::PersonId(0),
                username: "system".into(),
                grants: Vec::new(),
            },
            ip: None,
            system: true,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.system || self.principal.is_admin()
    }

    /// Is the unit in the subtree of one of the actor's system-administrator roles?
    pub fn administers(&self, tree: &xinbao_domain::org::OrgTree, unit: i64) -> bool {
        self.system
            || self
                .principal
                .may_administer(tree, xinbao_domain::UnitId(unit))
    }
}

impl App {
    pub fn new(store: Store, cfg: AppConfig) -> App {
        let channels = xinbao_channels::Channels::new(cfg.channels.clone());
        let cfg_heavy_permits = cfg.heavy_permits.max(1);
        let rate_limits = Arc::new(limits::Limits::new(&cfg.rate));
        App {
            store,
            clock: Arc::new(SystemClock),
            cfg,
            org_cache: Default::default(),
            counts_cache: Default::default(),
            batcher: Default::default(),
            sessions: Default::default(),
            wake: Default::default(),
            channels,
            quota_day: Default::default(),
            heavy: Arc::new(tokio::sync::Semaphore::new(cfg_heavy_permits)),
            limits: rate_limits,
        }
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> App {
        self.clock = clock;
        self
    }

    /// The group-commit writer of new items, started on first use.
    pub(crate) fn batcher(&self) -> &items::Batcher {
        self.batcher
            .get_or_init(|| items::Batcher::start(self.store.clone(), self.counts_forgetter()))
    }

    /// The actor of a person by username (the demo and the benchmarks act as its people).
    pub async fn actor_named(&self, username: &str) -> Result<Actor> {
        let mut r = self.store.read().await?;
        let p = xinbao_store::people::by_username(&mut r.conn(), username)
            .await?
            .ok_or(AppError::NotFound)?;
        drop(r);
        Ok(Actor::new(self.principal(p.id).await?, None))
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// This instance's rate limiters.
    pub fn limits(&self) -> &limits::Limits {
        &self.limits
    }

    /// Runs heavy work (parsing an upload, laying out a document, an export) on the blocking
    /// pool, at most `heavy_permits` at once: a burst waits its turn instead of taking the
    /// machine's memory and cores from everyone else.
    pub async fn heavy<T, F>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let _permit = self
            .heavy
            .acquire()
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))
    }
}

/// Checks a zip package against `limits`; a refusal is a 422 naming the file.
pub(crate) fn check_package(bytes: &[u8], limits: &xinbao_office::ZipLimits) -> Result<()> {
    xinbao_office::unzip::check(bytes, limits)
        .map(|_| ())
        .map_err(|e| AppError::invalid("file", e.code()))
}
