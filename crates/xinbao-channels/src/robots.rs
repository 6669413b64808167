//! WeCom and DingTalk group robots: a text message posted as webhook JSON; DingTalk robots
//! with a signing secret get `timestamp` and `sign` (HMAC-SHA256 of "timestamp\nsecret",
//! Base64, URL-encoded) on the URL.

use crate::{Message, SendError};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

fn text_payload(m: &Message<'_>) -> Value {
    json!({ "msgtype": "text", "text": { "content": m.body } })
}

pub(crate) async fn wecom(http: &reqwest::Client, m: &Message<'_>) -> Result<(), SendError> {
    post(http, m.address, &text_payload(m)).await
}

pub(crate) async fn dingtalk(http: &reqwest::Client, m: &Message<'_>) -> Result<(), SendError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let url = dingtalk_url(m.address, m.secret, now);
    post(http, &url, &text_payload(m)).await
}

/// DingTalk's signature for a timestamp in milliseconds.
pub fn dingtalk_sign(secret: &str, timestamp: i64) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(format!("{timestamp}\n{secret}").as_bytes());
    let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    urlencoding::encode(&sig).into_owned()
}

/// The webhook URL with `timestamp` and `sign` added when the robot has a secret.
pub fn dingtalk_url(url: &str, secret: Option<&str>, timestamp: i64) -> String {
    match secret.filter(|s| !s.is_empty()) {
        Some(s) => {
            let sep = if url.contains('?') { '&' } else { '?' };
            format!(
                "{url}{sep}timestamp={timestamp}&sign={}",
                dingtalk_sign(s, timestamp)
            )
        }
        None => url.to_string(),
    }
}

/// Posts JSON; both robots answer `{"errcode": 0, …}` when the message was taken.
async fn post(http: &reqwest::Client, url: &str, body: &Value) -> Result<(), SendError> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(SendError::Address(url.into()));
    }
    let res = http
        .post(url)
        .json(body)
        .send()
        .await
        .map_err(|e| SendError::Failed(e.to_string()))?;
    let status = res.status();
    let answer: Value = res.json().await.unwrap_or(Value::Null);
    match answer.get("errcode").and_then(Value::as_i64) {
        Some(0) if status.is_success() => Ok(()),
        _ => Err(SendError::Failed(format!("HTTP {status}: {answer}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dingtalk_url_carries_the_timestamp_and_its_signature() {
        let url = dingtalk_url(
            "https://oapi.dingtalk.com/robot/send?access_token=abc",
            Some("SECxyz"),
            1_700_000_000_000,
        );
        assert!(url.starts_with(
            "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign="
        ));
        assert_eq!(dingtalk_url("https://x/robot", None, 1), "https://x/robot");
        // The signature is stable for the same secret and time, and URL-safe.
        let sign = dingtalk_sign("SECxyz", 1_700_000_000_000);
        assert_eq!(sign, dingtalk_sign("SECxyz", 1_700_000_000_000));
        assert!(!sign.contains('+') && !sign.contains('/') && !sign.contains('='));
    }
}
