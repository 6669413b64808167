//! Editing items at the office: version conflicts, claims, the inbox, save-and-submit and submissions arriving together.

use crate::common::{PASSWORD, TestServer};
use crate::items::{act, draft};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn two_editors_saving_the_same_version_the_second_gets_a_conflict() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let id = draft(&s, &officer, "并发测试", json!({})).await["id"]
        .as_i64()
        .unwrap();
    act(&s, &officer, id, "submit", json!({})).await;
    let (e1, e2) = (
        s.token("editor", PASSWORD).await,
        s.token("editor2", PASSWORD).await,
    );
    let v: Value = s
        .get(&e1, &format!("/api/v1/items/{id}"))
        .await
        .json()
        .await
        .unwrap();
    let put = |t: &str, title: &str| {
        let body =
            json!({"title": title, "body": "正文", "type": "dynamic", "version": v["version"]});
        reqwest::Client::new()
            .put(s.url(&format!("/api/v1/items/{id}")))
            .bearer_auth(t)
            .json(&body)
            .send()
    };
    assert_eq!(
        put(&e1, "第一位编辑的标题").await.unwrap().status(),
        StatusCode::OK
    );
    let res = put(&e2, "第二位编辑的标题").await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "stale_version"
    );
    let now: Value = s
        .get(&e1, &format!("/api/v1/items/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["title"], "第一位编辑的标题");
    let diff: Value = s
        .get(&e1, &format!("/api/v1/items/{id}/diff?from=1&to=2"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        diff.as_array()
            .unwrap()
            .iter()
            .any(|s| s["kind"] == "added")
    );
}

#[tokio::test]
async fn an_editors_claim_keeps_others_out_until_it_expires() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let id = draft(&s, &officer, "签领测试", json!({})).await["id"]
        .as_i64()
        .unwrap();
    act(&s, &officer, id, "submit", json!({})).await;
    let (e1, e2) = (
        s.token("editor", PASSWORD).await,
        s.token("editor2", PASSWORD).await,
    );
    assert_eq!(act(&s, &e1, id, "claim", json!({})).await.0, StatusCode::OK);
    let (st, v) = act(&s, &e2, id, "claim", json!({})).await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("claimed_by_other"))
    );
    let seen: Value = s
        .get(&e2, &format!("/api/v1/items/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["claimed_by_name"], "测试editor");
    s.clock.advance_seconds(31 * 60);
    assert_eq!(act(&s, &e2, id, "claim", json!({})).await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_inbox_filters_counts_and_puts_urgent_items_on_top() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    for (title, extra) in [
        ("普通信息一", json!({})),
        (
            "紧急：河堤出现险情",
            json!({"type": "urgent", "urgency": "immediate"}),
        ),
        ("普通信息二", json!({})),
    ] {
        let id = draft(&s, &officer, title, extra).await["id"]
            .as_i64()
            .unwrap();
        act(&s, &officer, id, "submit", json!({})).await;
    }
    let editor = s.token("editor", PASSWORD).await;
    let page: Value = s.get(&editor, "/api/v1/inbox").await.json().await.unwrap();
    assert_eq!(page["items"][0]["title"], "紧急：河堤出现险情");
    let page: Value = s
        .get(&editor, "/api/v1/inbox?q=%E6%99%AE%E9%80%9A&sort=oldest")
        .await
        .json()
        .await
        .unwrap();
    let titles: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["普通信息一", "普通信息二"]);
    let counts = page["counts"].as_array().unwrap();
    assert!(counts.iter().any(|c| c[0] == "submitted" && c[1] == 2));
    let officer_inbox = s.get(&officer, "/api/v1/inbox").await;
    assert_eq!(
        officer_inbox.status(),
        StatusCode::FORBIDDEN,
        "officers have no inbox"
    );
}

#[tokio::test]
async fn save_and_submit_is_one_submission() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let res = s
        .post(
            &officer,
            "/api/v1/items?submit=true",
            json!({"title": "一次报送", "body": "正文", "type": "dynamic"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "submitted");
    let actions: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "submit"]);
    let editor = s.token("editor", PASSWORD).await;
    let notes: Value = s
        .get(&editor, "/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "item_submitted")
    );
}

#[tokio::test]
async fn submissions_arriving_together_are_all_written_and_each_answered() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let mut tasks = Vec::new();
    for n in 0..24 {
        let url = s.url("/api/v1/items?submit=true");
        let t = officer.clone();
        tasks.push(tokio::spawn(async move {
            let body = json!({"title": format!("并发报送 {n}"), "body": "正文", "type": "dynamic"});
            let res = reqwest::Client::new()
                .post(url)
                .bearer_auth(t)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::CREATED);
            res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap());
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 24, "every submission has its own item");
    let editor = s.token("editor", PASSWORD).await;
    let page: Value = s
        .get(&editor, "/api/v1/inbox?q=%E5%B9%B6%E5%8F%91&limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 24);
}
