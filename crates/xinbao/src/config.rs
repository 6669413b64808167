//! Configuration: defaults < config file (`--config`, `XINBAO_CONFIG` or `./xinbao.toml`)
//! < environment (`XINBAO_*`) < command-line flags.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Address to listen on.
    pub bind: String,
    /// Where the embedded database lives (when no database URL is given).
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means SQLite under `data_dir`.
    pub database_url: String,
    /// SQLite durability: `full` (default: an acknowledged write survives a power cut) or `normal`.
    pub sqlite_synchronous: String,
    /// Reader connections (SQLite) or pool size (PostgreSQL).
    pub max_connections: u32,
    /// A web session ends after this many idle minutes.
    pub session_idle_minutes: i64,
    /// API sign-in tokens expire after this many days.
    pub api_token_days: i64,
    /// API sign-in tokens end after this many minutes unused (as web sessions do).
    pub api_session_idle_minutes: i64,
    /// Named API tokens end after this many days unused.
    pub token_idle_days: i64,
    /// Rate limits (0 turns one off): sign-in attempts per address per minute, per account
    /// name from one address per 15 minutes, requests per person (or address) per second and
    /// the burst above it.
    pub sign_in_per_minute: u32,
    pub sign_in_per_account_per_15_minutes: u32,
    pub requests_per_second: u32,
    pub request_burst: u32,
    /// What an uploaded .docx/.xlsx may inflate to: entries, MiB per entry, MiB in all, and
    /// the largest inflation ratio.
    pub unzip_max_entries: usize,
    pub unzip_max_entry_mb: u64,
    pub unzip_max_total_mb: u64,
    pub unzip_max_ratio: u64,
    /// Heavy work (imports, documents, exports) at once; 0 means the number of cores.
    pub heavy_work_permits: usize,
    /// Always send cookies with Secure (otherwise only behind a proxy saying https).
    pub secure_cookies: bool,
    /// Largest roster upload, in MiB.
    pub max_upload_mb: usize,
    /// Attachment limits per kind, in MiB.
    pub max_picture_mb: usize,
    pub max_audio_mb: usize,
    pub max_video_mb: usize,
    pub max_document_mb: usize,
    /// Where attachments are kept; empty means `<data_dir>/files`. With several instances,
    /// point them all at the same shared directory.
    pub files_dir: String,
    /// The key file that seals the audit chain (HMAC-SM3, 32 bytes as hex, mode 0600); empty
    /// means `<data_dir>/audit.key`, created on first start. Several instances share one file.
    pub audit_key_file: String,
    /// `text` or `json` logs.
    pub log_format: String,
    /// External channels people receive on unless they choose otherwise: `email`, `sms`.
    pub default_channels: Vec<String>,
    /// `[channels.smtp]` and `[channels.sms]`: see `xinbao.example.toml`.
    pub channels: xinbao_channels::ChannelConfig,
    /// The SM4 key of the secrets the database holds (robot secrets, second-factor seeds);
    /// empty means `<data_dir>/secrets.key`, created (mode 0600) on first start.
    pub secrets_key_file: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data"),
            database_url: String::new(),
            sqlite_synchronous: "full".into(),
            max_connections: 8,
            session_idle_minutes: 30,
            api_token_days: 30,
            api_session_idle_minutes: 30,
            token_idle_days: 30,
            sign_in_per_minute: 60,
            sign_in_per_account_per_15_minutes: 10,
            requests_per_second: 30,
            request_burst: 300,
            unzip_max_entries: 2_000,
            unzip_max_entry_mb: 16,
            unzip_max_total_mb: 48,
            unzip_max_ratio: 200,
            heavy_work_permits: 0,
            secure_cookies: false,
            max_upload_mb: 20,
            max_picture_mb: 10,
            max_audio_mb: 50,
            max_video_mb: 200,
            max_document_mb: 20,
            files_dir: String::new(),
            audit_key_file: String::new(),
            log_format: "text".into(),
            default_channels: vec!["email".into(), "sms".into()],
            channels: Default::default(),
            secrets_key_file: String::new(),
        }
    }
}

/// Flags shared by every command that opens the database.
#[derive(Debug, Clone, Default, clap::Args, Serialize)]
pub struct DbFlags {
    /// Config file (TOML).
    #[arg(long, global = true)]
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// Data directory for the embedded SQLite database.
    #[arg(long, global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    /// Database URL: sqlite://path or postgres://user@host/db.
    #[arg(long, global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

impl Config {
    pub fn load(flags: &DbFlags, bind: Option<&str>) -> anyhow::Result<Config> {
        let file = flags
            .config
            .clone()
            .or_else(|| std::env::var_os("XINBAO_CONFIG").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("xinbao.toml"));
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if file.exists() {
            fig = fig.merge(Toml::file(&file));
        } else if flags.config.is_some() {
            anyhow::bail!("config file {} not found", file.display());
        }
        fig = fig
            .merge(Env::prefixed("XINBAO_").ignore(&["config"]))
            .merge(Serialized::defaults(flags));
        if let Some(b) = bind {
            fig = fig.merge(("bind", b));
        }
        Ok(fig.extract()?)
    }

    pub fn db(&self) -> xinbao_store::DbConfig {
        let mut db = if self.database_url.is_empty() {
            xinbao_store::DbConfig::sqlite_in(&self.data_dir)
        } else {
            xinbao_store::DbConfig::new(self.database_url.clone())
        };
        db.sqlite_full_sync = self.sqlite_synchronous != "normal";
        db.max_connections = self.max_connections;
        db
    }

    pub fn app(&self) -> xinbao_app::AppConfig {
        xinbao_app::AppConfig {
            session_idle_seconds: self.session_idle_minutes.max(1) * 60,
            api_token_days: self.api_token_days.max(1),
            files_dir: if self.files_dir.is_empty() {
                self.data_dir.join("files")
            } else {
                PathBuf::from(&self.files_dir)
            },
            file_limits: xinbao_app::FileLimits {
                picture: self.max_picture_mb.max(1) << 20,
                audio: self.max_audio_mb.max(1) << 20,
                video: self.max_video_mb.max(1) << 20,
                document: self.max_document_mb.max(1) << 20,
            },
            default_channels: self.default_channels.clone(),
            channels: self.channels.clone(),
            api_session_idle_seconds: self.api_session_idle_minutes.max(1) * 60,
            token_idle_days: self.token_idle_days.max(1),
            rate: xinbao_app::limits::RateLimitConfig {
                sign_in_per_minute: self.sign_in_per_minute,
                sign_in_per_account_per_15_minutes: self.sign_in_per_account_per_15_minutes,
                requests_per_second: self.requests_per_second,
                request_burst: self.request_burst,
            },
            unzip: xinbao_app::ZipLimits {
                max_entries: self.unzip_max_entries.max(1),
                max_entry_bytes: self.unzip_max_entry_mb.max(1) << 20,
                max_total_bytes: self.unzip_max_total_mb.max(1) << 20,
                max_ratio: self.unzip_max_ratio.max(1),
            },
            heavy_permits: match self.heavy_work_permits {
                0 => xinbao_app::AppConfig::default().heavy_permits,
                n => n,
            },
            ..Default::default()
        }
    }

    /// Where the audit key lives.
    pub fn audit_key_path(&self) -> PathBuf {
        if self.audit_key_file.is_empty() {
            self.data_dir.join("audit.key")
        } else {
            PathBuf::from(&self.audit_key_file)
        }
    }

    /// The use cases' settings with the secrets key read (or created) from its file.
    pub fn app_with_key(&self) -> anyhow::Result<xinbao_app::AppConfig> {
        let path = crate::secrets_key::path(&self.secrets_key_file, &self.data_dir);
        Ok(xinbao_app::AppConfig {
            secrets_key: crate::secrets_key::load_or_create(&path)?,
            ..self.app()
        })
    }

    pub fn web(&self) -> xinbao_web::ServeOptions {
        xinbao_web::ServeOptions {
            secure_cookies: self.secure_cookies,
            max_upload_bytes: (self.max_upload_mb.max(1) << 20)
                .max(self.app().file_limits.largest() + (1 << 20)),
            worker: true,
            test_clock: None,
        }
    }
}
