use crate::common::{PASSWORD, TestServer};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn healthz_answers_once_the_database_does() {
    let s = TestServer::start().await;
    let res = Client::new().get(s.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_session_token_identifies_the_caller_with_roles_and_units() {
    let s = TestServer::start().await;
    let token = s.token("officer", PASSWORD).await;
    let me: Value = s.get(&token, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["username"], "officer");
    assert_eq!(me["roles"][0]["role"], "officer");
    assert_eq!(me["roles"][0]["unit_id"], s.org.township);
    assert_eq!(me["units"][0]["id"], s.org.township);
}

#[tokio::test]
async fn wrong_credentials_answer_401_in_the_error_envelope() {
    let s = TestServer::start().await;
    for (u, p) in [("officer", "nope"), ("nobody", PASSWORD)] {
        let res = Client::new()
            .post(s.url("/api/v1/session"))
            .json(&json!({"username": u, "password": p}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "bad_credentials");
        assert_eq!(body["error"]["message"], "用户名或密码错误。");
    }
    let res = Client::new().get(s.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = Client::new()
        .get(s.url("/api/v1/me"))
        .bearer_auth("xb_forged")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failures_lock_the_account_with_backoff_until_time_passes() {
    let s = TestServer::start().await;
    let attempt = |p: &'static str| {
        let url = s.url("/api/v1/session");
        async move {
            Client::new()
                .post(url)
                .json(&json!({"username": "officer", "password": p}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for _ in 0..5 {
        assert_eq!(attempt("wrong").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        attempt(PASSWORD).await,
        StatusCode::LOCKED,
        "the right password does not open a locked account, and only it learns of the lock"
    );
    s.clock.advance_seconds(61);
    assert_eq!(
        attempt("wrong").await,
        StatusCode::UNAUTHORIZED,
        "the sixth failure locks again, for longer"
    );
    s.clock.advance_seconds(61);
    assert_eq!(
        attempt(PASSWORD).await,
        StatusCode::LOCKED,
        "the second lock lasts two minutes"
    );
    s.clock.advance_seconds(60);
    assert_eq!(attempt(PASSWORD).await, StatusCode::OK);
    let auditor = s.token("auditor", PASSWORD).await;
    let log: Value = s
        .get(&auditor, "/api/v1/audit?action=account_locked")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn an_officer_calling_an_administrators_api_is_refused() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let res = s.get(&officer, "/api/v1/people").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "forbidden"
    );
    let res = s
        .post(
            &officer,
            "/api/v1/units",
            json!({"name": "x", "kind": "township", "parent_id": s.org.county}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        s.get(&officer, "/api/v1/audit").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = s
        .post(
            &officer,
            "/api/v1/people",
            json!({"username": "sneaky", "name": "某"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn revoked_and_deactivated_credentials_stop_working() {
    let s = TestServer::start().await;
    let admin = s.token("admin", PASSWORD).await;
    let officer = s.token("officer", PASSWORD).await;
    let res = Client::new()
        .delete(s.url("/api/v1/session"))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        s.get(&officer, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    let officer = s.token("officer", PASSWORD).await;
    let people: Value = s
        .get(&admin, "/api/v1/people?q=officer")
        .await
        .json()
        .await
        .unwrap();
    let id = people[0]["id"].as_i64().unwrap();
    assert_eq!(
        s.post(
            &admin,
            &format!("/api/v1/people/{id}/deactivate"),
            json!({})
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        s.get(&officer, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = Client::new()
        .post(s.url("/api/v1/session"))
        .json(&json!({"username": "officer", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let p: Value = s
        .get(&admin, &format!("/api/v1/people/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["active"], false, "deactivated, not deleted");
}

#[tokio::test]
async fn named_api_tokens_can_be_created_used_and_revoked() {
    let s = TestServer::start().await;
    let t = s.token("officer", PASSWORD).await;
    let created: Value = s
        .post(&t, "/api/v1/tokens", json!({"name": "报表脚本"}))
        .await
        .json()
        .await
        .unwrap();
    let script = created["token"].as_str().unwrap();
    assert_eq!(s.get(script, "/api/v1/me").await.status(), StatusCode::OK);
    let id = created["id"].as_i64().unwrap();
    let res = Client::new()
        .delete(s.url(&format!("/api/v1/tokens/{id}")))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        s.get(script, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let list: Value = s.get(&t, "/api/v1/tokens").await.json().await.unwrap();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|t| t.get("token").is_none()),
        "token values are never listed"
    );
}

#[tokio::test]
async fn password_rules_are_enforced_on_change() {
    let s = TestServer::start().await;
    let t = s.token("officer", PASSWORD).await;
    let res = s
        .post(
            &t,
            "/api/v1/me/password",
            json!({"current": PASSWORD, "new": "short"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "weak_password");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("少于 10 位")
    );
    let res = s
        .post(
            &t,
            "/api/v1/me/password",
            json!({"current": "wrong", "new": "Another-Passw0rd"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = s
        .post(
            &t,
            "/api/v1/me/password",
            json!({"current": PASSWORD, "new": "Another-Passw0rd"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    s.token("officer", "Another-Passw0rd").await;
}

#[tokio::test]
async fn an_administrator_reset_forces_a_new_password_at_next_sign_in() {
    let s = TestServer::start().await;
    let admin = s.token("admin", PASSWORD).await;
    let people: Value = s
        .get(&admin, "/api/v1/people?q=officer")
        .await
        .json()
        .await
        .unwrap();
    let id = people[0]["id"].as_i64().unwrap();
    let security = s.token("security", PASSWORD).await;
    let r: Value = s
        .post(
            &security,
            &format!("/api/v1/people/{id}/password-reset"),
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let temp = r["initial_password"].as_str().unwrap();
    let t = s.token("officer", temp).await;
    let me: Value = s.get(&t, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["must_change_password"], true);
}
