//! Every operation of the API that names an id, called by every role of one county with the
//! ids of another county's item, draft, event, instruction, unit, person and role grant:
//! none may succeed, and reads answer 403 or 404 (not a body that says what exists).

use crate::common::{PASSWORD, TestServer, person, unit};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::HashMap;

/// Ids that belong to the other county, by the first segment after `/api/v1/`.
async fn foreign_ids(ts: &TestServer) -> HashMap<&'static str, i64> {
    let far_town = unit(&ts.app, "远镇", "township", None, Some(ts.org.other_county)).await;
    let far_officer = person(&ts.app, "far-officer", far_town, "officer").await;
    person(&ts.app, "far-editor", ts.org.other_county, "editor").await;
    let officer = ts.token("far-officer", PASSWORD).await;
    let editor = ts.token("far-editor", PASSWORD).await;
    let new_item = |title: &str| json!({"title": title, "body": "<p>正文</p>", "type": "dynamic"});
    let sent: Value = ts
        .post(&officer, "/api/v1/items?submit=true", new_item("远镇报送"))
        .await
        .json()
        .await
        .unwrap();
    let item = sent["id"].as_i64().unwrap();
    for step in ["receive", "adopt"] {
        let res = ts
            .post(&editor, &format!("/api/v1/items/{item}/{step}"), json!({}))
            .await;
        assert!(res.status().is_success(), "{step}: {}", res.status());
    }
    let instruction: Value = ts
        .post(
            &editor,
            &format!("/api/v1/items/{item}/instructions"),
            json!({"text": "请落实", "leader_level": "county", "leader_name": "县长",
                   "assignee_unit_ids": [far_town], "due_in_working_days": 3}),
        )
        .await
        .json()
        .await
        .unwrap();
    let event: Value = ts
        .post(
            &editor,
            "/api/v1/events",
            json!({"title": "远镇事件", "severity": "III", "unit_ids": [far_town]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let me: Value = ts.get(&officer, "/api/v1/me").await.json().await.unwrap();
    HashMap::from([
        ("items", item),
        ("instructions", instruction["id"].as_i64().unwrap()),
        ("events", event["id"].as_i64().unwrap()),
        ("units", far_town),
        ("people", far_officer),
        ("roles", me["roles"][0]["grant_id"].as_i64().unwrap_or(0)),
    ])
}

/// The operations with an id in their path whose id we have from the other county.
fn operations(ids: &HashMap<&'static str, i64>) -> Vec<(Method, String)> {
    let doc = xinbao_web::openapi_json();
    let mut out = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let Some(kind) = path
            .strip_prefix("/api/v1/")
            .and_then(|p| p.split('/').next())
        else {
            continue;
        };
        let Some(id) = ids.get(kind).filter(|i| **i > 0) else {
            continue;
        };
        if !path.contains('{') {
            continue;
        }
        // The organisation directory (a unit, its peers, its sign-off rule) is shared by
        // everyone signed in: units choose whom to send and share to across the tree.
        let directory = [
            "/api/v1/units/{id}",
            "/api/v1/units/{id}/peers",
            "/api/v1/units/{id}/signoff-rule",
        ]
        .contains(&path.as_str());
        let mut concrete = path
            .replace("{id}", &id.to_string())
            .replace("{grant_id}", &id.to_string());
        if concrete.ends_with("/diff") {
            concrete.push_str("?from=1&to=2");
        }
        for method in ops.as_object().unwrap().keys() {
            if method == "get" && directory {
                continue;
            }
            out.push((method.to_uppercase().parse().unwrap(), concrete.clone()));
        }
    }
    out
}

/// One body valid for every operation that names an id (serde ignores what a body does not
/// use), so a call is refused for its scope, not for a missing field.
fn body_for(path: &str, ids: &HashMap<&'static str, i64>, ts: &TestServer) -> Value {
    let unit = ids["units"];
    let kind = if path.starts_with("/api/v1/units/") {
        "township"
    } else {
        "phone"
    };
    json!({
        "title": "标题", "body": "<p>正文</p>", "type": "dynamic", "name": "名称",
        "username": "far-officer", "kind": kind, "general": "direct", "important": "leader",
        "critical": "principal", "channel": "wecom", "url": "http://127.0.0.1:9/hook",
        "peer_id": ts.org.other_county, "unit_id": unit, "role": "officer",
        "comment": "请修改", "reason": "duplicate", "details": "详情",
        "office_id": ts.org.province, "text": "进展情况", "conflict": "说法不一",
        "assignee_id": ids["people"], "leader_level": "county", "leader_name": "县长",
        "assignee_unit_ids": [unit], "due_in_working_days": 3
    })
}

#[tokio::test]
async fn no_role_of_one_county_reaches_anything_of_another_through_any_operation() {
    let ts = TestServer::start().await;
    let ids = foreign_ids(&ts).await;
    let ops = operations(&ids);
    assert!(ops.len() >= 35, "{} operations", ops.len());
    let client = reqwest::Client::new();
    let mut refused = 0;
    let mut leaks = Vec::new();
    let mut other = Vec::new();
    for role in [
        "officer",
        "town-leader",
        "editor",
        "county-signer",
        "county-admin",
    ] {
        let token = ts.token(role, PASSWORD).await;
        for (method, path) in &ops {
            let res = client
                .request(method.clone(), ts.url(path))
                .bearer_auth(&token)
                .json(&body_for(path, &ids, &ts))
                .send()
                .await
                .unwrap();
            let status = res.status();
            if status.is_success() {
                leaks.push(format!("{role} {method} {path} → {status}"));
            } else if *method == Method::GET
                && !matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
            {
                leaks.push(format!(
                    "{role} {method} {path} → {status} (a read must be 403/404)"
                ));
            }
            if matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) {
                refused += 1;
            } else {
                other.push(format!("{role} {method} {path} → {status}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
    let total = ops.len() * 5;
    assert!(
        refused * 10 >= total * 8,
        "most calls must be refused for scope, not for their body: {refused} of {total}\n{}",
        other.join("\n")
    );
}
