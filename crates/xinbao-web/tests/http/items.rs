use crate::common::{PASSWORD, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(crate) async fn draft(s: &TestServer, token: &str, title: &str, extra: Value) -> Value {
    let mut body = json!({"title": title, "body": "今年以来，全镇围绕中心工作，取得明显成效。\n\n下一步将继续推进。", "type": "dynamic"});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let res = s.post(token, "/api/v1/items", body).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::CREATED, "{v}");
    v
}

pub(crate) async fn act(
    s: &TestServer,
    token: &str,
    id: i64,
    action: &str,
    body: Value,
) -> (StatusCode, Value) {
    let res = s
        .post(token, &format!("/api/v1/items/{id}/{action}"), body)
        .await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_editorial_cycle_runs_from_draft_to_adoption_above() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let editor = s.token("editor", PASSWORD).await;
    let item = draft(&s, &officer, "城关镇推进秸秆禁烧", json!({})).await;
    assert_eq!(
        (item["status"].as_str(), item["version"].as_i64()),
        (Some("draft"), Some(1))
    );
    assert_eq!(item["unit_id"], s.org.township);
    assert_eq!(
        item["office_id"], s.org.county,
        "a township reports to its county office"
    );
    let id = item["id"].as_i64().unwrap();

    let (st, v) = act(&s, &officer, id, "submit", json!({})).await;
    assert_eq!(
        (st, v["status"].as_str()),
        (StatusCode::OK, Some("submitted")),
        "general items need no unit sign-off"
    );
    let inbox: Value = s.get(&editor, "/api/v1/inbox").await.json().await.unwrap();
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id)
    );

    let (st, _) = act(&s, &editor, id, "return", json!({})).await;
    assert_eq!(
        st,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a return needs a comment"
    );
    let (st, v) = act(
        &s,
        &editor,
        id,
        "return",
        json!({"comment": "请补充具体数据"}),
    )
    .await;
    assert_eq!(
        (st, v["status"].as_str()),
        (StatusCode::OK, Some("returned"))
    );
    assert_eq!(
        v["item"]
            .get("last_comment")
            .or(v.get("last_comment"))
            .unwrap(),
        "请补充具体数据"
    );

    let revised = json!({"title": "城关镇秸秆禁烧实现零火点", "body": "截至10月底，全镇未发现火点。", "type": "dynamic", "version": v["version"]});
    let res = reqwest::Client::new()
        .put(s.url(&format!("/api/v1/items/{id}")))
        .bearer_auth(&officer)
        .json(&revised)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["revision"], 2);
    let (_, v) = act(&s, &officer, id, "submit", json!({})).await;
    assert_eq!(v["status"], "submitted");

    let (st, v) = act(&s, &editor, id, "adopt", json!({"periodical": "每日要情"})).await;
    assert_eq!(
        (st, v["status"].as_str()),
        (StatusCode::OK, Some("adopted"))
    );
    let res = s
        .post(&editor, &format!("/api/v1/items/{id}/forward"), json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let up: Value = res.json().await.unwrap();
    let up_id = up["id"].as_i64().unwrap();
    assert_ne!(up_id, id);
    assert_eq!(
        (up["office_id"].as_i64(), up["unit_id"].as_i64()),
        (Some(s.org.province), Some(s.org.county))
    );
    assert_eq!(
        up["status"], "awaiting_signoff",
        "the county's own sign-off comes first"
    );
    assert_eq!(up["source_item_id"], id);

    let signer = s.token("county-signer", PASSWORD).await;
    let (st, v) = act(&s, &signer, up_id, "approve", json!({})).await;
    assert_eq!(
        (st, v["status"].as_str()),
        (StatusCode::OK, Some("submitted"))
    );
    let prov = s.token("prov-editor", PASSWORD).await;
    let (st, _) = act(&s, &prov, up_id, "adopt", json!({})).await;
    assert_eq!(st, StatusCode::OK);

    let mine: Value = s
        .get(&officer, &format!("/api/v1/items/{id}"))
        .await
        .json()
        .await
        .unwrap();
    let trail = mine["trail"].as_array().unwrap();
    assert_eq!(trail.len(), 2);
    assert_eq!(
        (trail[0]["status"].as_str(), trail[1]["status"].as_str()),
        (Some("forwarded"), Some("adopted"))
    );
    assert_eq!(
        trail[1]["office_id"], s.org.province,
        "adoption above is visible to the submitter, no clerk needed"
    );
    let actions: Vec<&str> = mine["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "create", "submit", "return", "revise", "submit", "adopt", "forward"
        ]
    );
}

#[tokio::test]
async fn merged_items_credit_every_source_unit_and_hear_of_adoption_above() {
    let s = TestServer::start().await;
    let (o1, o2) = (
        s.token("officer", PASSWORD).await,
        s.token("officer2", PASSWORD).await,
    );
    let editor = s.token("editor", PASSWORD).await;
    let mut ids = Vec::new();
    for (t, title) in [(&o1, "城关镇秋收进度"), (&o2, "第二镇秋收进度")] {
        let id = draft(&s, t, title, json!({})).await["id"].as_i64().unwrap();
        act(&s, t, id, "submit", json!({})).await;
        ids.push(id);
    }
    let res = s
        .post(
            &editor,
            "/api/v1/items/merge",
            json!({"item_ids": ids, "title": "全县秋收进展顺利", "body": "两镇秋收已过九成。"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let combined: Value = res.json().await.unwrap();
    assert_eq!(
        (combined["item_type"].as_str(), combined["status"].as_str()),
        (Some("combined"), Some("adopted"))
    );
    let credit = combined["credit"].as_array().unwrap();
    assert_eq!(credit.len(), 2);
    assert!(
        credit
            .iter()
            .all(|c| (c["share"].as_f64().unwrap() - 0.5).abs() < 1e-9)
    );
    let cid = combined["id"].as_i64().unwrap();
    let up: Value = s
        .post(&editor, &format!("/api/v1/items/{cid}/forward"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    let signer = s.token("county-signer", PASSWORD).await;
    act(
        &s,
        &signer,
        up["id"].as_i64().unwrap(),
        "approve",
        json!({}),
    )
    .await;
    let prov = s.token("prov-editor", PASSWORD).await;
    act(&s, &prov, up["id"].as_i64().unwrap(), "adopt", json!({})).await;
    for (t, id) in [(&o1, ids[0]), (&o2, ids[1])] {
        let v: Value = s
            .get(t, &format!("/api/v1/items/{id}"))
            .await
            .json()
            .await
            .unwrap();
        let last = v["trail"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            (last["status"].as_str(), last["office_id"].as_i64()),
            (Some("adopted"), Some(s.org.province))
        );
        let notes: Value = s
            .get(t, "/api/v1/notifications")
            .await
            .json()
            .await
            .unwrap();
        assert!(
            notes
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["kind"] == "upstream_adopted" && n["item_id"] == id)
        );
    }
}

#[tokio::test]
async fn a_transition_from_the_wrong_state_is_409_and_an_item_one_may_not_open_is_404() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let editor = s.token("editor", PASSWORD).await;
    let other = s.token("officer2", PASSWORD).await;
    let id = draft(&s, &officer, "状态测试", json!({})).await["id"]
        .as_i64()
        .unwrap();
    let (st, v) = act(&s, &editor, id, "adopt", json!({})).await;
    assert_eq!(
        st,
        StatusCode::NOT_FOUND,
        "the office does not learn of a unit's draft: {v}"
    );
    assert_eq!(
        act(&s, &other, id, "submit", json!({})).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get(&other, &format!("/api/v1/items/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    act(&s, &officer, id, "submit", json!({})).await;
    assert_eq!(
        act(&s, &officer, id, "adopt", json!({})).await.0,
        StatusCode::FORBIDDEN,
        "an officer cannot adopt"
    );
    act(&s, &editor, id, "decline", json!({"reason": "duplicate"})).await;
    assert_eq!(
        act(&s, &editor, id, "adopt", json!({})).await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        act(&s, &officer, id, "submit", json!({})).await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        act(&s, &editor, 999_999, "adopt", json!({})).await.0,
        StatusCode::NOT_FOUND
    );
}
