//! Identity (等保 身份鉴别): a lockout a stranger cannot use against the owner or to learn
//! which accounts exist, rate limits with 429, tokens that end with the password and when
//! idle, and a reset password that must be changed before anything else.

use crate::common::{PASSWORD, TestServer};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use xinbao_app::AppConfig;

/// A client whose requests come from another loopback address.
fn from(address: &str) -> Client {
    Client::builder()
        .local_address(Some(address.parse().unwrap()))
        .build()
        .unwrap()
}

async fn sign_in(s: &TestServer, client: &Client, username: &str, password: &str) -> StatusCode {
    client
        .post(s.url("/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_strangers_failures_lock_the_account_against_strangers_but_not_against_its_owner() {
    let s = TestServer::start().await;
    let owner = from("127.0.0.1");
    let stranger = from("127.0.0.2");
    assert_eq!(
        sign_in(&s, &owner, "officer", PASSWORD).await,
        StatusCode::OK
    );
    for _ in 0..5 {
        assert_eq!(
            sign_in(&s, &stranger, "officer", "wrong").await,
            StatusCode::UNAUTHORIZED,
            "a failure, locked or not, reads the same as for a name that does not exist"
        );
    }
    assert_eq!(
        sign_in(&s, &stranger, "officer", PASSWORD).await,
        StatusCode::LOCKED,
        "only the holder of the right password learns of the lock"
    );
    assert_eq!(
        sign_in(&s, &owner, "officer", PASSWORD).await,
        StatusCode::OK,
        "the owner signs in from an address he used before"
    );
    assert_eq!(
        sign_in(&s, &stranger, "officer", PASSWORD).await,
        StatusCode::OK,
        "the owner's sign-in lifted the lock"
    );
}

#[tokio::test]
async fn sign_in_attempts_past_the_limit_get_429_with_retry_after_for_known_and_unknown_names() {
    let s = TestServer::start().await;
    for (address, name) in [("127.0.0.3", "officer"), ("127.0.0.4", "nobody")] {
        let client = from(address);
        for _ in 0..10 {
            let status = sign_in(&s, &client, name, "wrong").await;
            assert_ne!(status, StatusCode::TOO_MANY_REQUESTS);
        }
        let res = client
            .post(s.url("/api/v1/session"))
            .json(&json!({"username": name, "password": "wrong"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{name}");
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=900).contains(&wait), "{wait}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "too_many_requests");
    }
}

#[tokio::test]
async fn an_administrators_reset_ends_every_session_and_token_and_forces_a_change_first() {
    let s = TestServer::start().await;
    let session = s.token("officer", PASSWORD).await;
    let named = s.named_token(&session, "脚本").await;
    assert_eq!(s.get(&named, "/api/v1/me").await.status(), StatusCode::OK);
    let security = s.token("security", PASSWORD).await;
    let id = s.person_id("officer").await;
    let reset: Value = s
        .post(
            &security,
            &format!("/api/v1/people/{id}/password-reset"),
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    for token in [&session, &named] {
        assert_eq!(
            s.get(token, "/api/v1/me").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let initial = reset["initial_password"].as_str().unwrap();
    let fresh = s.token("officer", initial).await;
    assert_eq!(s.get(&fresh, "/api/v1/me").await.status(), StatusCode::OK);
    let refused = s.get(&fresh, "/api/v1/my/items").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "password_change_required");
    let changed = s
        .post(
            &fresh,
            "/api/v1/me/password",
            json!({"current": initial, "new": "Another-Passw0rd!"}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        s.get(&fresh, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED,
        "a password change ends the tokens too"
    );
    let after = s.token("officer", "Another-Passw0rd!").await;
    assert_eq!(
        s.get(&after, "/api/v1/my/items").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn api_tokens_end_when_left_unused_as_sessions_do() {
    let s = TestServer::start_with_config(AppConfig::default()).await;
    let session = s.token("officer", PASSWORD).await;
    let named = s.named_token(&session, "夜间同步").await;
    s.clock.advance_seconds(29 * 60);
    assert_eq!(s.get(&session, "/api/v1/me").await.status(), StatusCode::OK);
    s.clock.advance_seconds(31 * 60);
    assert_eq!(
        s.get(&session, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED,
        "a sign-in token ends after 30 idle minutes"
    );
    assert_eq!(s.get(&named, "/api/v1/me").await.status(), StatusCode::OK);
    s.clock.advance_seconds(31 * 86_400);
    assert_eq!(
        s.get(&named, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED,
        "a named token ends after 30 idle days"
    );
}

#[tokio::test]
async fn a_named_token_may_not_take_the_name_of_sign_in_tokens() {
    let s = TestServer::start().await;
    let session = s.token("officer", PASSWORD).await;
    let res = s
        .post(&session, "/api/v1/tokens", json!({"name": "api-session"}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
