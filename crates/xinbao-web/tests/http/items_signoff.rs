//! Sign-offs of items: the unit leader's for important items, and each unit's and office's own rule.

use crate::common::{PASSWORD, TestServer};
use crate::items::{act, draft};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn important_items_wait_for_the_unit_leaders_sign_off() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let id = draft(&s, &officer, "重要情况", json!({"importance": "important"})).await["id"]
        .as_i64()
        .unwrap();
    let (_, v) = act(&s, &officer, id, "submit", json!({})).await;
    assert_eq!(v["status"], "awaiting_signoff");
    let editor = s.token("editor", PASSWORD).await;
    let inbox: Value = s.get(&editor, "/api/v1/inbox").await.json().await.unwrap();
    assert!(
        !inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id),
        "not in the office inbox yet"
    );
    let leader = s.token("town-leader", PASSWORD).await;
    let todo: Value = s
        .get(&leader, "/api/v1/signoffs")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(todo[0]["id"], id);
    let (_, v) = act(&s, &leader, id, "approve", json!({})).await;
    assert_eq!(v["status"], "submitted");
    assert!(
        v["signed_off_by_name"]
            .as_str()
            .unwrap()
            .contains("town-leader"),
        "the sign-off travels with the item"
    );
}

#[tokio::test]
async fn each_unit_and_office_sets_its_own_sign_off_rule() {
    let s = TestServer::start().await;
    let admin = s.token("admin", PASSWORD).await;
    let put = |unit: i64, body: Value| {
        let url = s.url(&format!("/api/v1/units/{unit}/signoff-rule"));
        let t = admin.clone();
        async move {
            reqwest::Client::new()
                .put(url)
                .bearer_auth(t)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    let rule = json!({"general": "unit_leader", "important": "unit_leader", "critical": "principal_leader"});
    assert_eq!(put(s.org.township, rule).await, StatusCode::NO_CONTENT);
    assert_eq!(
        put(
            s.org.township,
            json!({"general": "chief", "important": "", "critical": ""})
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        put(
            s.org.county,
            json!({"general": "deputy", "important": "deputy", "critical": "chief"})
        )
        .await,
        StatusCode::NO_CONTENT
    );
    let got: Value = s
        .get(
            &admin,
            &format!("/api/v1/units/{}/signoff-rule", s.org.county),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["general"], "deputy");

    let officer = s.token("officer", PASSWORD).await;
    let id = draft(&s, &officer, "一般信息也须签发", json!({})).await["id"]
        .as_i64()
        .unwrap();
    let (_, v) = act(&s, &officer, id, "submit", json!({})).await;
    assert_eq!(
        v["status"], "awaiting_signoff",
        "the township now signs off general items too"
    );
    let leader = s.token("town-leader", PASSWORD).await;
    act(&s, &leader, id, "approve", json!({})).await;
    let editor = s.token("editor", PASSWORD).await;
    act(&s, &editor, id, "adopt", json!({})).await;
    let up: Value = s
        .post(&editor, &format!("/api/v1/items/{id}/forward"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    let section = s.token("county-signer", PASSWORD).await;
    let (st, _) = act(
        &s,
        &section,
        up["id"].as_i64().unwrap(),
        "approve",
        json!({}),
    )
    .await;
    assert_eq!(
        st,
        StatusCode::FORBIDDEN,
        "a section chief may no longer sign what the county now gives its deputy"
    );
    let officer_try = s.token("officer", PASSWORD).await;
    assert_eq!(
        put(
            s.org.county,
            json!({"general": "section", "important": "deputy", "critical": "chief"})
        )
        .await,
        StatusCode::NO_CONTENT
    );
    let _ = officer_try;
    let res = reqwest::Client::new()
        .put(s.url(&format!("/api/v1/units/{}/signoff-rule", s.org.county)))
        .bearer_auth(&officer)
        .json(&json!({"general": "section", "important": "deputy", "critical": "chief"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
