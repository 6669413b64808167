//! External notification channels of Xinbao: email over SMTP, WeCom (企业微信) and DingTalk
//! (钉钉) group robots with their webhook JSON (DingTalk's signed form included), and a
//! generic SMS gateway over HTTP with a configurable URL and body template. One call sends
//! one message; retrying and recording attempts is the caller's job (the outbox).

mod email;
mod robots;
mod sms;

pub use email::SmtpConfig;
pub use robots::{dingtalk_sign, dingtalk_url};
pub use sms::SmsConfig;

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What may be configured; a channel left out is not available.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChannelConfig {
    pub smtp: Option<SmtpConfig>,
    pub sms: Option<SmsConfig>,
    /// Seconds before an HTTP or SMTP attempt is abandoned (default 10).
    pub timeout_seconds: Option<u64>,
}

/// One message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    /// `email`, `sms`, `wecom` or `dingtalk`.
    pub channel: &'a str,
    /// An email address, a phone number or a robot's webhook URL.
    pub address: &'a str,
    /// DingTalk's signing secret (`SEC…`), when the robot has one.
    pub secret: Option<&'a str>,
    pub subject: &'a str,
    pub body: &'a str,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SendError {
    #[error("channel {0} is not configured")]
    NotConfigured(String),
    #[error("bad address: {0}")]
    Address(String),
    #[error("{0}")]
    Failed(String),
}

/// The configured channels, ready to send. Cheap to clone.
#[derive(Clone)]
pub struct Channels {
    cfg: ChannelConfig,
    http: reqwest::Client,
}

impl Channels {
    pub fn new(cfg: ChannelConfig) -> Channels {
        let timeout = Duration::from_secs(cfg.timeout_seconds.unwrap_or(10).clamp(1, 120));
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .unwrap_or_default();
        Channels { cfg, http }
    }

    /// Can `channel` send at all? Robots need only their address; email and SMS need their
    /// server configured.
    pub fn configured(&self, channel: &str) -> bool {
        match channel {
            "email" => self.cfg.smtp.is_some(),
            "sms" => self.cfg.sms.is_some(),
            "wecom" | "dingtalk" => true,
            _ => false,
        }
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(self.cfg.timeout_seconds.unwrap_or(10).clamp(1, 120))
    }

    /// Sends one message; `Err` says why it did not go.
    pub async fn send(&self, m: &Message<'_>) -> Result<(), SendError> {
        match m.channel {
            "email" => match &self.cfg.smtp {
                Some(smtp) => email::send(smtp, self.timeout(), m).await,
                None => Err(SendError::NotConfigured("email".into())),
            },
            "sms" => match &self.cfg.sms {
                Some(sms) => sms::send(&self.http, sms, m).await,
                None => Err(SendError::NotConfigured("sms".into())),
            },
            "wecom" => robots::wecom(&self.http, m).await,
            "dingtalk" => robots::dingtalk(&self.http, m).await,
            other => Err(SendError::NotConfigured(other.into())),
        }
    }
}
