//! Who may register, see and report on events, an office's own time limits, and follow-ups until the final report.

use crate::common::*;
use crate::events::{MIN, deadline, full_elements, register};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn only_an_offices_editor_registers_and_other_offices_and_units_cannot_see_or_report() {
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    let officer = ts.token("officer", PASSWORD).await;
    let officer2 = ts.token("officer2", PASSWORD).await;
    let prov = ts.token("prov-editor", PASSWORD).await;
    let body = json!({"title": "事件", "severity": "III", "unit_ids": [ts.org.township]});
    assert_eq!(
        ts.post(&officer, "/api/v1/events", body.clone())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let outside = json!({"title": "事件", "severity": "III", "unit_ids": [ts.org.other_county]});
    assert_eq!(
        ts.post(&editor, "/api/v1/events", outside).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let bad = json!({"title": "事件", "severity": "V", "unit_ids": [ts.org.township]});
    assert_eq!(
        ts.post(&editor, "/api/v1/events", bad).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let ev = register(&ts, &editor, body).await;
    let path = format!("/api/v1/events/{}", ev["id"]);
    assert_eq!(
        ts.get(&officer2, &path).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(ts.get(&prov, &path).await.status(), StatusCode::FORBIDDEN);
    let report = json!({"kind": "phone", "unit_id": ts.org.township});
    assert_eq!(
        ts.post(&officer2, &format!("{path}/reports"), report)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let mine: Value = ts.get(&officer, &path).await.json().await.unwrap();
    assert_eq!(mine["units"].as_array().unwrap().len(), 1);
    let missing = ts.get(&editor, "/api/v1/events/999999").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_office_sets_its_own_limits_and_open_events_keep_the_deadlines_they_were_given() {
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    let now = ts.app.now().0;
    let before = register(
        &ts,
        &editor,
        json!({"title": "旧事件", "severity": "II", "unit_ids": [ts.org.township]}),
    )
    .await;
    let rule = json!({"severity": "II", "phone_minutes": 15, "written_minutes": 45, "warn_minutes": 5,
        "followup_times": "08:00,17:00", "escalate_minutes": "20,40"});
    let res = ts.put(&editor, "/api/v1/time-limit-rules", rule).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bad =
        json!({"severity": "II", "phone_minutes": 50, "written_minutes": 45, "warn_minutes": 5});
    let res = ts.put(&editor, "/api/v1/time-limit-rules", bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let rules: Value = ts
        .get(&editor, "/api/v1/time-limit-rules")
        .await
        .json()
        .await
        .unwrap();
    let ii = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["severity"] == "II")
        .unwrap();
    assert_eq!(
        (ii["phone_minutes"].as_i64(), ii["is_default"].as_bool()),
        (Some(15), Some(false))
    );
    let after = register(
        &ts,
        &editor,
        json!({"title": "新事件", "severity": "II", "unit_ids": [ts.org.township]}),
    )
    .await;
    assert_eq!(
        deadline(&after, ts.org.township, "phone")["due_at"],
        now + 15 * MIN
    );
    let old: Value = ts
        .get(&editor, &format!("/api/v1/events/{}", before["id"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        deadline(&old, ts.org.township, "phone")["due_at"],
        now + 30 * MIN
    );
}

#[tokio::test]
async fn follow_ups_chain_until_the_final_report_and_the_event_closes_when_every_unit_is_done() {
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    let officer = ts.token("officer", PASSWORD).await;
    let ev = register(
        &ts,
        &editor,
        json!({"title": "洪涝", "severity": "I", "unit_ids": [ts.org.township]}),
    )
    .await;
    let path = format!("/api/v1/events/{}/reports", ev["id"]);
    let first_followup = deadline(&ev, ts.org.township, "followup")["due_at"]
        .as_i64()
        .unwrap();
    ts.post(
        &officer,
        &path,
        json!({"kind": "written", "body": "初报", "elements": full_elements()}),
    )
    .await;
    let res = ts
        .post(&officer, &path, json!({"kind": "followup", "body": ""}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        ts.post(
            &officer,
            &path,
            json!({"kind": "followup", "body": "水位回落"})
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    let now: Value = ts
        .get(&editor, &format!("/api/v1/events/{}", ev["id"]))
        .await
        .json()
        .await
        .unwrap();
    let followups: Vec<&Value> = now["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "followup")
        .collect();
    assert_eq!(followups.len(), 2);
    assert_eq!(
        followups[1]["due_at"].as_i64().unwrap(),
        first_followup + 24 * 60 * MIN
    );
    assert_eq!(
        ts.post(
            &officer,
            &path,
            json!({"kind": "final", "body": "处置完毕"})
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    let done: Value = ts
        .get(&editor, &format!("/api/v1/events/{}", ev["id"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(done["status"], "closed");
    assert!(
        done["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] != "open")
    );
    let late = ts
        .post(&officer, &path, json!({"kind": "followup", "body": "再报"}))
        .await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
}
