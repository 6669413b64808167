//! Request extractors whose rejections speak our error format, and the CSRF token check.

use crate::failure::Failure;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use xinbao_domain::text;

/// JSON body; a malformed body is a 422 naming the body, and so is text with control
/// characters anywhere in it (keys or values).
pub struct J<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for J<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, s: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<serde_json::Value>::from_request(req, s)
            .await
            .map_err(|_| Failure::invalid("body", "malformed_json"))?;
        from_json(value).map(J)
    }
}

fn from_json<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, Failure> {
    if !json_clean(&value) {
        return Err(Failure::invalid("body", "control_characters"));
    }
    T::deserialize(value).map_err(|_| Failure::invalid("body", "malformed_json"))
}

/// Does every string of the document (keys too) keep the text rule?
fn json_clean(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::String(s) => text::is_clean(s),
        Value::Array(a) => a.iter().all(json_clean),
        Value::Object(o) => o.iter().all(|(k, v)| text::is_clean(k) && json_clean(v)),
        _ => true,
    }
}

/// URL-encoded form body; text with control characters is a 422.
pub struct F<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for F<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, s: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let bytes = axum::body::Bytes::from_request(req, s)
            .await
            .map_err(|_| Failure::invalid("body", "malformed_form"))?;
        if !is_form {
            return Err(Failure::invalid("body", "malformed_form"));
        }
        if !raw_form_clean(&bytes) {
            return Err(Failure::invalid("body", "control_characters"));
        }
        serde_urlencoded::from_bytes(&bytes)
            .map(F)
            .map_err(|_| Failure::invalid("body", "malformed_form"))
    }
}

/// Does a URL-encoded string (form body or query) decode to text that keeps the rule?
pub fn raw_form_clean(raw: &[u8]) -> bool {
    raw.split(|b| *b == b'&').all(|pair| {
        let plus_as_space: Vec<u8> = pair
            .iter()
            .map(|b| if *b == b'+' { b' ' } else { *b })
            .collect();
        text::bytes_clean(&urlencoding::decode_binary(&plus_as_space))
    })
}

/// Path parameters; a wrong shape (letters for an id) is "not found".
pub struct P<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for P<T> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, s)
            .await
            .map(|p| P(p.0))
            .map_err(|_| Failure(xinbao_app::AppError::NotFound))
    }
}

/// Query string.
pub struct Q<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Q<T> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, s)
            .await
            .map(|q| Q(q.0))
            .map_err(|_| Failure::invalid("query", "malformed_query"))
    }
}

const MAX_FORM_BYTES: usize = 1 << 20;

/// Is the request carrying `expected` as `X-CSRF-Token`, as `_csrf` in the query, or as
/// `_csrf` in a URL-encoded body? The body is read and put back.
pub async fn check_csrf(req: Request, expected: &str) -> (Request, bool) {
    if expected.is_empty() {
        return (req, false);
    }
    let matches = |v: &str| constant_time_eq(v.as_bytes(), expected.as_bytes());
    if req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .is_some_and(matches)
    {
        return (req, true);
    }
    if let Some(q) = req.uri().query()
        && form_field(q.as_bytes(), "_csrf").is_some_and(|v| matches(&v))
    {
        return (req, true);
    }
    let is_form = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (req, false);
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return (Request::from_parts(parts, Body::empty()), false);
    };
    let ok = form_field(&bytes, "_csrf").is_some_and(|v| matches(&v));
    (Request::from_parts(parts, Body::from(bytes)), ok)
}

fn form_field(bytes: &[u8], name: &str) -> Option<String> {
    form_urlencoded_pairs(bytes)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn form_urlencoded_pairs(bytes: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .unwrap_or_default()
        .into_iter()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// An optional JSON body: empty means `T::default()`; anything else must be valid JSON.
pub struct OptJ<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for OptJ<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let bytes = to_bytes(req.into_body(), MAX_FORM_BYTES)
            .await
            .map_err(|_| Failure::invalid("body", "malformed_json"))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptJ(T::default()));
        }
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|_| Failure::invalid("body", "malformed_json"))?;
        from_json(value).map(OptJ)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_found_and_decoded() {
        assert_eq!(
            form_field(b"a=1&_csrf=x%2By&b=2", "_csrf").as_deref(),
            Some("x+y")
        );
        assert_eq!(form_field(b"a=1", "_csrf"), None);
    }

    #[test]
    fn control_characters_in_forms_and_json_are_found_however_they_are_written() {
        assert!(raw_form_clean(b"title=%E6%A0%87%E9%A2%98&body=a%0D%0Ab+c"));
        assert!(!raw_form_clean(b"title=a%00b"));
        assert!(!raw_form_clean(b"q=%1B"));
        assert!(json_clean(&serde_json::json!({"a": ["x\ty", {"b": "\n"}]})));
        assert!(!json_clean(&serde_json::json!({"a": [{"b": "x\u{0}"}]})));
        assert!(!json_clean(&serde_json::json!({"k\u{1}": 1})));
    }

    #[test]
    fn token_comparison_needs_equal_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
