//! Submissions sent together are written as one group (one statement per table): each is
//! answered with its own item and history, exactly as a later read shows them, and the
//! office's editors hear of each one once.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn forty_submissions_sent_together_each_get_their_own_item_history_and_notice() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let mut set = tokio::task::JoinSet::new();
    for n in 0..40 {
        let (base, token) = (ts.base.clone(), officer.clone());
        set.spawn(async move {
            let submit = n % 4 != 0;
            let body = json!({"title": format!("并发信息{n}"), "body": format!("<p>正文{n}</p>"), "type": "dynamic"});
            let res = reqwest::Client::new()
                .post(format!("{base}/api/v1/items?submit={submit}"))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::CREATED);
            (n, submit, res.json::<Value>().await.unwrap())
        });
    }
    let replies = set.join_all().await;
    let mut ids = std::collections::BTreeSet::new();
    let mut events = std::collections::BTreeSet::new();
    for (n, submit, v) in &replies {
        assert_eq!(v["title"], format!("并发信息{n}"));
        assert!(ids.insert(v["id"].as_i64().unwrap()));
        let actions: Vec<&str> = v["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        let want: &[&str] = if *submit {
            &["create", "submit"]
        } else {
            &["create"]
        };
        assert_eq!(actions, want, "item {n}");
        for e in v["history"].as_array().unwrap() {
            assert_eq!(e["item_id"], v["id"]);
            assert!(events.insert(e["id"].as_i64().unwrap()), "{e}");
        }
        let read: Value = ts
            .get(&officer, &format!("/api/v1/items/{}", v["id"]))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(read["history"], v["history"], "item {n} as read again");
        assert_eq!(read["body"], format!("<p>正文{n}</p>"));
    }
    let notes: Vec<Value> = ts
        .get(&editor, "/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    let submitted: Vec<i64> = notes
        .iter()
        .filter(|n| n["kind"] == "item_submitted")
        .map(|n| n["item_id"].as_i64().unwrap())
        .collect();
    assert_eq!(submitted.len(), 30, "one notice per submitted item");
    for (_, submit, v) in &replies {
        assert_eq!(submitted.contains(&v["id"].as_i64().unwrap()), *submit);
    }
}

/// The unfiltered inbox counts of an office, as its editor reads them.
async fn submitted_count(ts: &TestServer, editor: &str) -> i64 {
    let page: Value = ts.get(editor, "/api/v1/inbox").await.json().await.unwrap();
    page["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c[0] == "submitted")
        .map_or(0, |c| c[1].as_i64().unwrap())
}

#[tokio::test]
async fn inbox_counts_read_just_before_a_submission_include_it_just_after() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let before = submitted_count(&ts, &editor).await;
    let body = json!({"title": "计数随报送更新", "body": "<p>正文</p>", "type": "dynamic"});
    let res = ts.post(&officer, "/api/v1/items?submit=true", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Within the counts' one-second cache: the group writer forgot them when it committed.
    assert_eq!(submitted_count(&ts, &editor).await, before + 1);
}
