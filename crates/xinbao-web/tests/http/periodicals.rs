//! Periodicals: an issue is compiled from adopted items, frozen, signed off at the
//! periodical's level and published with the next number — consecutive under concurrent
//! publication on two servers.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(crate) async fn adopted_item(ts: &TestServer, officer: &str, editor: &str, title: &str) -> i64 {
    let body = json!({"title": title, "body": "<p>正文内容</p>", "type": "dynamic"});
    let v: Value = ts
        .post(officer, "/api/v1/items?submit=true", body)
        .await
        .json()
        .await
        .unwrap();
    let id = v["id"].as_i64().unwrap();
    let res = ts
        .post(editor, &format!("/api/v1/items/{id}/adopt"), json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    id
}

pub(crate) async fn periodical(ts: &TestServer, editor: &str) -> i64 {
    let body = json!({"name": "《每日要情》", "signoff_level": "section", "running_total": true, "dist_up": "省委办公厅"});
    let res = ts.post(editor, "/api/v1/periodicals", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

pub(crate) async fn step(
    ts: &TestServer,
    token: &str,
    issue: i64,
    action: &str,
    body: Value,
) -> (StatusCode, Value) {
    let res = ts
        .post(token, &format!("/api/v1/issues/{issue}/{action}"), body)
        .await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_issue_is_compiled_frozen_signed_off_and_published_with_its_number() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let signer = ts.token("county-signer", PASSWORD).await;
    let a = adopted_item(&ts, &officer, &editor, "第一条信息标题").await;
    let b = adopted_item(&ts, &officer, &editor, "第二条信息标题").await;
    let p = periodical(&ts, &editor).await;
    let list: Value = ts
        .get(&editor, "/api/v1/periodicals")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["name"], "每日要情");
    let draft: Value = ts
        .post(
            &officer,
            "/api/v1/items",
            json!({"title": "草稿信息标题", "body": "<p>正文</p>", "type": "dynamic"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let bad = ts
        .post(
            &editor,
            &format!("/api/v1/periodicals/{p}/issues"),
            json!({"item_ids": [a, draft["id"]]}),
        )
        .await;
    assert_eq!(
        bad.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "only adopted items"
    );
    let res = ts
        .post(
            &editor,
            &format!("/api/v1/periodicals/{p}/issues"),
            json!({"item_ids": [b, a]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let issue: Value = res.json().await.unwrap();
    let id = issue["id"].as_i64().unwrap();
    assert_eq!(issue["items"][0]["item_id"], b);
    assert_eq!(
        step(&ts, &signer, id, "sign-off", json!({})).await.0,
        StatusCode::CONFLICT,
        "not frozen yet"
    );
    assert_eq!(
        step(&ts, &editor, id, "freeze", json!({})).await.0,
        StatusCode::OK
    );
    assert_eq!(
        step(&ts, &editor, id, "unfreeze", json!({})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        step(&ts, &editor, id, "unfreeze", json!({"reason": "补充一条"}))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        step(&ts, &editor, id, "freeze", json!({})).await.0,
        StatusCode::OK
    );
    assert_eq!(
        step(&ts, &officer, id, "sign-off", json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        step(&ts, &editor, id, "publish", json!({})).await.0,
        StatusCode::CONFLICT,
        "not signed off"
    );
    assert_eq!(
        step(&ts, &signer, id, "sign-off", json!({})).await.0,
        StatusCode::OK
    );
    let (status, published) = step(&ts, &editor, id, "publish", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            published["number"].as_i64(),
            published["total_number"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert!(published["year"].as_i64().unwrap() >= 2026);
    let reasons: Vec<&str> = published["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"补充一条"),
        "the unfreeze reason is recorded"
    );
    assert_eq!(
        step(&ts, &editor, id, "publish", json!({})).await.0,
        StatusCode::CONFLICT
    );
    let item: Value = ts
        .get(&officer, &format!("/api/v1/items/{a}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        item["periodical"], "每日要情",
        "the submitter sees which periodical adopted it"
    );
    let archive: Value = ts
        .get(&editor, &format!("/api/v1/periodicals/{p}/issues"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(archive[0]["number"], 1);
    let (status, read) = step(&ts, &signer, id, "read", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        read["readers"].as_array().unwrap().len(),
        1,
        "the office sees who has read it"
    );
    step(&ts, &signer, id, "read", json!({})).await;
    let again: Value = ts
        .get(&editor, &format!("/api/v1/issues/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        again["readers"].as_array().unwrap().len(),
        1,
        "reading twice counts once"
    );
}

#[tokio::test]
async fn fifty_concurrent_publications_on_two_servers_take_numbers_one_to_fifty() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let signer = ts.token("county-signer", PASSWORD).await;
    let item = adopted_item(&ts, &officer, &editor, "并发编号信息").await;
    let p = periodical(&ts, &editor).await;
    let mut issues = Vec::new();
    for _ in 0..50 {
        let v: Value = ts
            .post(
                &editor,
                &format!("/api/v1/periodicals/{p}/issues"),
                json!({"item_ids": [item]}),
            )
            .await
            .json()
            .await
            .unwrap();
        let id = v["id"].as_i64().unwrap();
        step(&ts, &editor, id, "freeze", json!({})).await;
        assert_eq!(
            step(&ts, &signer, id, "sign-off", json!({})).await.0,
            StatusCode::OK
        );
        issues.push(id);
    }
    let (_other, base, stop) = ts.another_server(false).await;
    let client = reqwest::Client::new();
    let mut set = tokio::task::JoinSet::new();
    for (i, id) in issues.iter().enumerate() {
        let url = if i % 2 == 0 {
            ts.url(&format!("/api/v1/issues/{id}/publish"))
        } else {
            format!("{base}/api/v1/issues/{id}/publish")
        };
        let req = client.post(url).bearer_auth(&editor).json(&json!({}));
        set.spawn(async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<Value>().await.unwrap()["number"]
                .as_i64()
                .unwrap()
        });
    }
    let mut numbers = set.join_all().await;
    let _ = stop.send(());
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=50).collect::<Vec<i64>>());
}
