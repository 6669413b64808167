//! False reports and corrections on the ledger, and what counts for the browser alert.

use crate::common::*;
use crate::events::{full_elements, register};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_report_found_false_goes_on_the_ledger_and_a_correction_keeps_the_original() {
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    let officer = ts.token("officer", PASSWORD).await;
    let ev = register(
        &ts,
        &editor,
        json!({"title": "安全事故", "severity": "III", "unit_ids": [ts.org.township]}),
    )
    .await;
    let path = format!("/api/v1/events/{}", ev["id"]);
    let rep: Value = ts
        .post(
            &officer,
            &format!("{path}/reports"),
            json!({"kind": "written", "body": "无伤亡", "elements": full_elements()}),
        )
        .await
        .json()
        .await
        .unwrap();
    let editor2 = ts.person_id("editor2").await;
    let v: Value = ts
        .post(
            &editor,
            &format!("{path}/verifications"),
            json!({
                "report_id": rep["id"], "conflict": "医院报告有2人受伤", "assignee_id": editor2
            }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "open");
    assert!(v["due_at"].as_i64().unwrap() > ts.app.now().0);
    let e2 = ts.token("editor2", PASSWORD).await;
    let vpath = format!("/api/v1/verifications/{}/result", v["id"]);
    let done = ts
        .post(
            &e2,
            &vpath,
            json!({"outcome": "false", "result": "实有2人受伤，镇上报称无伤亡"}),
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(
        ts.post(&e2, &vpath, json!({"outcome": "false", "result": "再次"}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let ledger: Value = ts
        .get(&editor, "/api/v1/ledger")
        .await
        .json()
        .await
        .unwrap();
    let f = ledger
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "false")
        .unwrap()
        .clone();
    let fix = ts
        .post(
            &editor,
            &format!("/api/v1/ledger/{}/corrections", f["id"]),
            json!({"reason": "", "void": true}),
        )
        .await;
    assert_eq!(fix.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fix = ts
        .post(
            &editor,
            &format!("/api/v1/ledger/{}/corrections", f["id"]),
            json!({"reason": "复核认定为迟报", "kind": "late"}),
        )
        .await;
    assert_eq!(fix.status(), StatusCode::CREATED);
    let ledger: Value = ts
        .get(&editor, "/api/v1/ledger?from=2026-01-01")
        .await
        .json()
        .await
        .unwrap();
    let rows = ledger.as_array().unwrap();
    let original = rows.iter().find(|r| r["id"] == f["id"]).unwrap();
    assert_eq!(original["kind"], "false");
    assert!(original["superseded_by"].as_i64().is_some());
    assert!(
        rows.iter()
            .any(|r| r["corrects_id"] == f["id"] && r["kind"] == "late")
    );
    let officer_view = ts
        .post(
            &officer,
            &format!("/api/v1/ledger/{}/corrections", f["id"]),
            json!({"reason": "不服"}),
        )
        .await;
    assert_eq!(officer_view.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn urgent_items_and_event_notices_count_for_the_browser_alert_and_ordinary_ones_do_not() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let item = |urgency: &str| json!({"title": "测试信息标题", "body": "<p>正文内容</p>", "type": "dynamic", "urgency": urgency});
    assert_eq!(
        ts.post(&officer, "/api/v1/items?submit=true", item("normal"))
            .await
            .status(),
        StatusCode::CREATED
    );
    let unread: Value = ts
        .get(&editor, "/api/v1/notifications/unread")
        .await
        .json()
        .await
        .unwrap();
    assert!(unread["count"].as_i64().unwrap() >= 1);
    assert_eq!(unread["urgent"], 0);
    assert_eq!(
        ts.post(&officer, "/api/v1/items?submit=true", item("urgent"))
            .await
            .status(),
        StatusCode::CREATED
    );
    let unread: Value = ts
        .get(&editor, "/api/v1/notifications/unread")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unread["urgent"], 1);
    register(
        &ts,
        &editor,
        json!({"title": "事件", "severity": "II", "unit_ids": [ts.org.township]}),
    )
    .await;
    let officer_alert: Value = ts
        .get(&officer, "/api/v1/notifications/unread")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(officer_alert["urgent"], 1);
    assert!(officer_alert["latest_urgent"].as_i64().is_some());
}
