//! Every notification opens a page its recipient may open: a journey that raises the notices
//! of items, merging, sending up, issues and instructions, then every recipient follows every
//! link of theirs in a signed-in browser.

use crate::common::*;
use crate::periodicals::{periodical, step};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PEOPLE: &[&str] = &[
    "officer",
    "officer2",
    "editor",
    "editor2",
    "county-signer",
    "prov-editor",
    "town-leader",
];

async fn submitted(ts: &TestServer, token: &str, title: &str) -> i64 {
    let body = json!({"title": title, "body": "<p>正文内容</p>", "type": "dynamic"});
    let v: Value = ts
        .post(token, "/api/v1/items?submit=true", body)
        .await
        .json()
        .await
        .unwrap();
    v["id"].as_i64().unwrap()
}

/// A combined item of two townships' items, published, then instructed with the first
/// township assigned: the township's people hear of it on their own item.
async fn journey(ts: &TestServer) -> (i64, i64) {
    let officer = ts.token("officer", PASSWORD).await;
    let officer2 = ts.token("officer2", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let signer = ts.token("county-signer", PASSWORD).await;
    let a = submitted(ts, &officer, "城关镇秋收进度").await;
    let b = submitted(ts, &officer2, "第二镇秋收进度").await;
    let res = ts
        .post(
            &editor,
            "/api/v1/items/merge",
            json!({"item_ids": [a, b], "title": "全县秋收进展顺利", "body": "两镇秋收已过九成。"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let combined = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let declined = submitted(ts, &officer, "不采用的信息").await;
    let res = ts
        .post(
            &editor,
            &format!("/api/v1/items/{declined}/decline"),
            json!({"reason": "duplicate"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let p = periodical(ts, &editor).await;
    let issue: Value = ts
        .post(
            &editor,
            &format!("/api/v1/periodicals/{p}/issues"),
            json!({"item_ids": [combined]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = issue["id"].as_i64().unwrap();
    step(ts, &editor, id, "freeze", json!({})).await;
    step(ts, &signer, id, "sign-off", json!({})).await;
    step(ts, &editor, id, "publish", json!({})).await;
    let res = ts
        .post(
            &signer,
            &format!("/api/v1/items/{combined}/instructions"),
            json!({"text": "请城关镇抓紧落实并反馈", "leader_level": "county", "leader_name": "县委书记",
                   "assignee_unit_ids": [ts.org.township], "due_in_working_days": 2, "issue_id": id}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = ts
        .post(
            &editor,
            &format!("/api/v1/items/{combined}/forward"),
            json!({}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    (a, combined)
}

#[tokio::test]
async fn every_notification_links_only_to_a_page_its_recipient_may_open() {
    let ts = TestServer::start().await;
    let (own, combined) = journey(&ts).await;
    let mut kinds = std::collections::BTreeSet::new();
    for who in PEOPLE {
        let token = ts.token(who, PASSWORD).await;
        let notes: Vec<Value> = ts
            .get(&token, "/api/v1/notifications")
            .await
            .json()
            .await
            .unwrap();
        let (b, _) = ts.web_sign_in(who, PASSWORD).await;
        for n in &notes {
            kinds.insert(n["kind"].as_str().unwrap().to_string());
            let Some(href) = n["href"].as_str() else {
                continue;
            };
            let res = b.get(ts.url(href)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{who} opens {href} of {n}");
        }
    }
    for kind in [
        "item_submitted",
        "item_merged",
        "item_declined",
        "issue_published",
        "instruction_assigned",
        "instruction_given",
    ] {
        assert!(kinds.contains(kind), "the journey raised {kind}: {kinds:?}");
    }
    // The township's officer hears of the instruction on the item the township wrote, not
    // on the county's combined item, which is not theirs to open.
    let officer = ts.token("officer", PASSWORD).await;
    let notes: Vec<Value> = ts
        .get(&officer, "/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    let given = notes
        .iter()
        .find(|n| n["kind"] == "instruction_given")
        .expect("the officer hears of the instruction");
    assert_eq!(given["href"], format!("/items/{own}"));
    assert_ne!(given["item_id"], combined);
}
