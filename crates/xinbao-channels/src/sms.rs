//! A generic SMS gateway over HTTP: the administrator sets the URL, the method, the content
//! type and a body template with `{phone}` and `{text}` placeholders (filled JSON-escaped
//! for a JSON body, URL-encoded for a form); any 2xx answer counts as sent.

use crate::{Message, SendError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SmsConfig {
    pub url: String,
    /// e.g. `{"mobile":"{phone}","content":"{text}"}` or `to={phone}&msg={text}`.
    pub body_template: String,
    /// `application/json` (default) or `application/x-www-form-urlencoded`.
    #[serde(default = "default_type")]
    pub content_type: String,
    /// An `Authorization` header value, if the gateway wants one.
    pub authorization: Option<String>,
}

fn default_type() -> String {
    "application/json".into()
}

/// The request body for one message.
pub(crate) fn body_of(cfg: &SmsConfig, phone: &str, text: &str) -> String {
    let (phone, text) = if cfg.content_type.contains("json") {
        let esc = |s: &str| {
            let quoted = serde_json::Value::String(s.to_string()).to_string();
            quoted[1..quoted.len() - 1].to_string()
        };
        (esc(phone), esc(text))
    } else {
        (
            urlencoding::encode(phone).into_owned(),
            urlencoding::encode(text).into_owned(),
        )
    };
    cfg.body_template
        .replace("{phone}", &phone)
        .replace("{text}", &text)
}

pub(crate) async fn send(
    http: &reqwest::Client,
    cfg: &SmsConfig,
    m: &Message<'_>,
) -> Result<(), SendError> {
    let phone = m.address.trim();
    if phone.is_empty()
        || !phone
            .chars()
            .all(|c| c.is_ascii_digit() || c == '+' || c == '-')
    {
        return Err(SendError::Address(phone.into()));
    }
    let mut req = http
        .post(&cfg.url)
        .header(reqwest::header::CONTENT_TYPE, &cfg.content_type)
        .body(body_of(cfg, phone, m.body));
    if let Some(a) = &cfg.authorization {
        req = req.header(reqwest::header::AUTHORIZATION, a);
    }
    let res = req
        .send()
        .await
        .map_err(|e| SendError::Failed(e.to_string()))?;
    if res.status().is_success() {
        Ok(())
    } else {
        Err(SendError::Failed(format!("HTTP {}", res.status())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_filled_escaped_for_json_and_encoded_for_forms() {
        let mut cfg = SmsConfig {
            url: "http://sms".into(),
            body_template: r#"{"mobile":"{phone}","content":"{text}"}"#.into(),
            content_type: default_type(),
            authorization: None,
        };
        assert_eq!(
            body_of(&cfg, "13800000000", "请\"立即\"报送"),
            r#"{"mobile":"13800000000","content":"请\"立即\"报送"}"#
        );
        cfg.content_type = "application/x-www-form-urlencoded".into();
        cfg.body_template = "to={phone}&msg={text}".into();
        assert_eq!(body_of(&cfg, "138", "a b&c"), "to=138&msg=a%20b%26c");
    }
}
