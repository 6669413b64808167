//! Email over SMTP (plain on an internal relay, STARTTLS, or TLS), UTF-8 plain text.

use crate::{Message, SendError};
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "default_port")]
    pub port: u16,
    /// `none` (an internal relay), `starttls` or `tls`.
    #[serde(default = "default_tls")]
    pub tls: String,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The sender, e.g. `信报 <xinbao@example.gov.cn>`.
    pub from: String,
}

fn default_port() -> u16 {
    25
}

fn default_tls() -> String {
    "starttls".into()
}

fn failed(e: impl std::fmt::Display) -> SendError {
    SendError::Failed(e.to_string())
}

pub(crate) async fn send(
    cfg: &SmtpConfig,
    timeout: Duration,
    m: &Message<'_>,
) -> Result<(), SendError> {
    let from = cfg
        .from
        .parse()
        .map_err(|_| SendError::Address(cfg.from.clone()))?;
    let to = m
        .address
        .parse()
        .map_err(|_| SendError::Address(m.address.into()))?;
    let email = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.to_string())
        .map_err(failed)?;
    let builder = match cfg.tls.as_str() {
        "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.host).map_err(failed)?,
        "starttls" => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.host).map_err(failed)?
        }
        _ => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.host),
    };
    let mut builder = builder.port(cfg.port).timeout(Some(timeout));
    if let (Some(u), Some(p)) = (&cfg.username, &cfg.password) {
        builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
    }
    builder.build().send(email).await.map_err(failed)?;
    Ok(())
}
