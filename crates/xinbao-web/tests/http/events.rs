//! Sudden events through the API: registration, reports, mandatory elements, who may see
//! and do what, rules as data, follow-ups, verification and the ledger.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(crate) const MIN: i64 = 60_000;

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
