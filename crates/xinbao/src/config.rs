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
    /// `text` or `json` logs.
    pub log_format: String,
    /// External channels people receive on unless they choose otherwise: `email`, `sms`.
    pub default_channels: Vec<String>,
    /// `[channels.smtp]` and `[channels.sms]`: see `xinbao.example.toml`.
    pub channels: xinbao_channels::ChannelConfig,
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
            secure_cookies: false,
            max_upload_mb: 20,
            max_picture_mb: 10,
            max_audio_mb: 50,
            max_video_mb: 200,
            max_document_mb: 20,
            files_dir: String::new(),
            log_format: "text".into(),
            default_channels: vec!["email".into(), "sms".into()],
            channels: Default::default(),
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
            ..Default::default()
        }
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
