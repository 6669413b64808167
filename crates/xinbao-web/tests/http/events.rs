//! Sudden events through the API: registration, reports, mandatory elements, who may see
//! and do what, rules as data, follow-ups, verification and the ledger.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

const MIN: i64 = 60_000;

pub async fn register(ts: &TestServer, editor: &str, body: Value) -> Value {
    let res = ts.post(editor, "/api/v1/events", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

pub fn deadline<'a>(ev: &'a Value, unit: i64, kind: &str) -> &'a Value {
    ev["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["unit_id"] == unit && d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} deadline for unit {unit} in {ev}"))
}

pub fn full_elements() -> Value {
    json!({
        "occurred_at": "11月22日9时10分", "place": "测试镇东街", "source": "镇应急办电话",
        "nature": "民房火灾", "scope_trend": "已控制，无蔓延", "casualties": "无人员伤亡",
        "measures": "消防到场处置", "leaders_on_site": "镇长到场指挥", "requests": "暂无",
        "received_at": "9时15分"
    })
}

#[tokio::test]
async fn a_level_ii_event_gives_each_unit_a_phone_limit_in_30_minutes_and_a_written_one_in_an_hour()
{
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    let now = ts.app.now().0;
    let ev = register(
        &ts,
        &editor,
        json!({
            "title": "测试镇民房火灾", "severity": "II",
            "unit_ids": [ts.org.township, ts.org.township2]
        }),
    )
    .await;
    assert!(ev["id"].as_i64().unwrap() > 0);
    for unit in [ts.org.township, ts.org.township2] {
        let phone = deadline(&ev, unit, "phone");
        assert_eq!(phone["due_at"], now + 30 * MIN);
        assert_eq!(phone["status"], "open");
        assert_eq!(deadline(&ev, unit, "written")["due_at"], now + 60 * MIN);
    }
    let officer = ts.token("officer", PASSWORD).await;
    let bell: Value = ts
        .get(&officer, "/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    assert!(bell.to_string().contains("event_asked"), "{bell}");
    let again: Value = ts
        .get(&editor, &format!("/api/v1/events/{}", ev["id"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["deadlines"], ev["deadlines"]);
}

#[tokio::test]
async fn an_event_learned_of_late_is_overdue_at_once_with_its_reminder_and_ledger_record() {
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    let received = ts.app.now().0 - 45 * MIN;
    let ev = register(&ts, &editor, json!({
        "title": "迟知事件", "severity": "I", "unit_ids": [ts.org.township], "received_at": received
    }))
    .await;
    let phone = deadline(&ev, ts.org.township, "phone");
    assert_eq!(phone["status"], "overdue");
    assert!(phone["reminder_id"].as_i64().is_some());
    assert_eq!(deadline(&ev, ts.org.township, "written")["status"], "open");
    let ledger: Value = ts
        .get(&editor, "/api/v1/ledger")
        .await
        .json()
        .await
        .unwrap();
    let late: Vec<&Value> = ledger
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "late")
        .collect();
    assert_eq!(late.len(), 1, "{ledger}");
    assert_eq!(late[0]["unit_id"], ts.org.township);
    let people = late[0]["people"].to_string();
    assert!(
        people.contains("测试officer") && people.contains("测试town-leader"),
        "{people}"
    );
}

#[tokio::test]
async fn a_written_report_missing_elements_is_refused_naming_them_and_nothing_is_stored() {
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    let officer = ts.token("officer", PASSWORD).await;
    let ev = register(
        &ts,
        &editor,
        json!({"title": "事件", "severity": "II", "unit_ids": [ts.org.township]}),
    )
    .await;
    let mut elements = full_elements();
    elements["casualties"] = json!("");
    elements.as_object_mut().unwrap().remove("requests");
    let path = format!("/api/v1/events/{}/reports", ev["id"]);
    let res = ts
        .post(
            &officer,
            &path,
            json!({"kind": "written", "body": "初报", "elements": elements}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["missing"], json!(["casualties", "requests"]));
    let msg = body["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("人员伤亡和财产损失") && msg.contains("需要协调解决的问题"),
        "{msg}"
    );
    let now: Value = ts
        .get(&editor, &format!("/api/v1/events/{}", ev["id"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["reports"], json!([]));
    assert_eq!(deadline(&now, ts.org.township, "written")["status"], "open");
}

#[tokio::test]
async fn a_unit_reporting_by_phone_then_in_writing_in_time_meets_both_limits_and_is_praised() {
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    let officer = ts.token("officer", PASSWORD).await;
    let ev = register(&ts, &editor, json!({"title": "山体滑坡", "severity": "II", "unit_ids": [ts.org.township, ts.org.township2]})).await;
    let path = format!("/api/v1/events/{}/reports", ev["id"]);
    ts.clock.advance_seconds(10 * 60);
    let phone = ts
        .post(
            &officer,
            &path,
            json!({"kind": "phone", "caller": "张三", "body": "已发生滑坡，正在核实"}),
        )
        .await;
    assert_eq!(phone.status(), StatusCode::CREATED);
    ts.clock.advance_seconds(30 * 60);
    let written = ts
        .post(
            &officer,
            &path,
            json!({"kind": "written", "body": "初报全文", "elements": full_elements()}),
        )
        .await;
    assert_eq!(written.status(), StatusCode::CREATED);
    ts.clock.advance_seconds(60 * 60);
    ts.app.tick().await.unwrap();
    let now: Value = ts
        .get(&editor, &format!("/api/v1/events/{}", ev["id"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(deadline(&now, ts.org.township, "phone")["status"], "met");
    assert_eq!(deadline(&now, ts.org.township, "written")["status"], "met");
    assert_eq!(
        deadline(&now, ts.org.township2, "written")["status"],
        "overdue"
    );
    let kinds: Vec<(i64, String)> = now["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["unit_id"].as_i64().unwrap(),
                r["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&(ts.org.township, "praise".into())),
        "{kinds:?}"
    );
    assert!(
        !kinds.contains(&(ts.org.township, "late".into())),
        "{kinds:?}"
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| k.0 == ts.org.township2 && k.1 == "late")
            .count(),
        2
    );
}

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
