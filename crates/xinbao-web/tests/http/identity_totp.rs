//! Identity (等保 身份鉴别): a second factor (TOTP) one enrols and confirms, asked for at
//! sign-in, refused when wrong or replayed, recovery codes good once, and the security policy
//! that holds administrators to enrolling.

use crate::common::{PASSWORD, TestServer};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use totp_rs::{Algorithm, Builder, Secret};
use xinbao_app::Actor;

/// The code an authenticator app shows for `secret` at the test clock's time (`offset` steps
/// away).
pub(crate) fn code_at(s: &TestServer, secret: &str, offset: i64) -> String {
    let totp = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_secret(Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap();
    let now = s.app.now().0 / 1000 + offset * 30;
    totp.generate(u64::try_from(now).unwrap()).to_string()
}

pub(crate) async fn sign_in(
    s: &TestServer,
    username: &str,
    totp: Option<&str>,
) -> (StatusCode, Value) {
    sign_in_from(s, &Client::new(), username, totp).await
}

pub(crate) async fn sign_in_from(
    s: &TestServer,
    client: &Client,
    username: &str,
    totp: Option<&str>,
) -> (StatusCode, Value) {
    let mut body = json!({"username": username, "password": PASSWORD});
    if let Some(t) = totp {
        body["totp"] = json!(t);
    }
    let res = client
        .post(s.url("/api/v1/session"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Enrols `username`'s second factor; returns the seed and the recovery codes.
pub(crate) async fn enrol(s: &TestServer, username: &str) -> (String, Vec<String>) {
    let token = s.token(username, PASSWORD).await;
    let res = s.post(&token, "/api/v1/me/totp", json!({})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let e: Value = res.json().await.unwrap();
    let secret = e["secret"].as_str().unwrap().to_string();
    let uri = e["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/") && uri.contains(&secret),
        "{uri}"
    );
    let wrong = s
        .post(&token, "/api/v1/me/totp/confirm", json!({"code": "000000"}))
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let code = code_at(s, &secret, 0);
    let res = s
        .post(&token, "/api/v1/me/totp/confirm", json!({ "code": code }))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let codes: Vec<String> = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

#[tokio::test]
async fn with_a_second_factor_on_the_password_alone_is_not_enough_and_a_right_code_is() {
    let s = TestServer::start().await;
    let (secret, _) = enrol(&s, "officer").await;
    s.clock.advance_seconds(30);
    let (status, body) = sign_in(&s, "officer", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "totp_required");
    let (status, body) = sign_in(&s, "officer", Some("123456")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "totp_invalid");
    let code = code_at(&s, &secret, 0);
    let (status, body) = sign_in(&s, "officer", Some(&code)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = sign_in(&s, "officer", Some(&code)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a code is good once");
    assert_eq!(body["error"]["code"], "totp_invalid");
    s.clock.advance_seconds(30);
    let previous_step = code_at(&s, &secret, -1);
    let (status, _) = sign_in(&s, "officer", Some(&previous_step)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a step already used stays used when it becomes the previous one"
    );
    let next = code_at(&s, &secret, 1);
    let (status, _) = sign_in(&s, "officer", Some(&next)).await;
    assert_eq!(status, StatusCode::OK, "one step ahead is accepted");
    s.clock.advance_seconds(300);
    let stale = code_at(&s, &secret, -3);
    let (status, _) = sign_in(&s, "officer", Some(&stale)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "an old code is refused");
}

#[tokio::test]
async fn a_recovery_code_stands_in_for_a_code_once() {
    let s = TestServer::start().await;
    let (_, codes) = enrol(&s, "editor").await;
    let (status, _) = sign_in(&s, "editor", Some(&codes[3].to_lowercase())).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = sign_in(&s, "editor", Some(&codes[3])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "totp_invalid");
    let (_, body) = sign_in(&s, "editor", Some(&codes[4])).await;
    let token = body["token"].as_str().unwrap().to_string();
    let used = json!({ "code": codes[4] });
    assert_eq!(
        s.delete(&token, "/api/v1/me/totp", used).await.status(),
        StatusCode::UNAUTHORIZED,
        "a used recovery code does not turn the factor off"
    );
    let fresh = json!({ "code": codes[5] });
    assert_eq!(
        s.delete(&token, "/api/v1/me/totp", fresh).await.status(),
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn wrong_codes_count_as_failed_sign_ins_and_lock_the_account() {
    let s = TestServer::start().await;
    enrol(&s, "editor2").await;
    // Someone who has the password but not the phone, from an address the owner never used.
    let stranger = Client::builder()
        .local_address(Some("127.0.0.2".parse().unwrap()))
        .build()
        .unwrap();
    for _ in 0..5 {
        let (status, body) = sign_in_from(&s, &stranger, "editor2", Some("000000")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error"]["code"], "totp_invalid");
    }
    let (status, body) = sign_in_from(&s, &stranger, "editor2", None).await;
    assert_eq!(status, StatusCode::LOCKED, "{body}");
}

#[tokio::test]
async fn the_factor_is_turned_off_with_a_code_or_the_password_only() {
    let s = TestServer::start().await;
    let (secret, _) = enrol(&s, "officer2").await;
    s.clock.advance_seconds(30);
    let code = code_at(&s, &secret, 0);
    let (_, body) = sign_in(&s, "officer2", Some(&code)).await;
    let token = body["token"].as_str().unwrap().to_string();
    let wrong = json!({"password": "not-the-password"});
    assert_eq!(
        s.delete(&token, "/api/v1/me/totp", wrong).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let right = json!({ "password": PASSWORD });
    assert_eq!(
        s.delete(&token, "/api/v1/me/totp", right).await.status(),
        StatusCode::NO_CONTENT
    );
    let (status, _) = sign_in(&s, "officer2", None).await;
    assert_eq!(status, StatusCode::OK, "the password alone is enough again");
}

#[tokio::test]
async fn only_the_top_offices_security_administrator_sets_the_policy() {
    let s = TestServer::start().await;
    for who in ["admin", "auditor", "county-admin", "officer"] {
        let token = s.token(who, PASSWORD).await;
        let res = s
            .put(
                &token,
                "/api/v1/security-policy",
                json!({"require_admin_totp": true}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
    }
    let security = s.token("security", PASSWORD).await;
    let res = s
        .put(
            &security,
            "/api/v1/security-policy",
            json!({"require_admin_totp": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = s.get(&security, "/api/v1/security-policy").await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "the policy holds its own author to enrolling first"
    );
    let policy = s.app.security_policy(&Actor::system()).await.unwrap();
    assert!(policy.require_admin_totp);
    let audit = s
        .app
        .audit_log(&Actor::system(), &Default::default(), 10, 0)
        .await
        .unwrap();
    assert!(
        audit.iter().any(|r| r.action == "security_policy_changed"),
        "the change is audited"
    );
}
