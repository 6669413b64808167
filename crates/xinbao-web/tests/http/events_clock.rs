//! Clocks that never forget: warnings before a limit, exactly one reminder and one ledger
//! record at it, the escalation ladder after it — across restarts and with two servers on
//! one database. Time moves only when the test moves it.

use crate::common::*;
use crate::events::{deadline, register};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn ledger_kinds(ts: &TestServer, token: &str, kind: &str) -> usize {
    let l: Value = ts.get(token, "/api/v1/ledger").await.json().await.unwrap();
    l.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == kind)
        .count()
}

async fn kinds_of(ts: &TestServer, username: &str) -> Vec<String> {
    let token = ts.token(username, PASSWORD).await;
    let n: Value = ts
        .get(&token, "/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    n.as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn each_limit_warns_once_before_and_fires_once_at_however_often_the_clock_is_checked() {
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    let ev = register(
        &ts,
        &editor,
        json!({"title": "事件", "severity": "III", "unit_ids": [ts.org.township]}),
    )
    .await;
    ts.clock.advance_seconds(21 * 60);
    ts.app.tick().await.unwrap();
    assert!(
        kinds_of(&ts, "officer")
            .await
            .contains(&"deadline_warning".to_string())
    );
    assert_eq!(ledger_kinds(&ts, &editor, "late").await, 0);
    ts.clock.advance_seconds(10 * 60);
    let (a, b) = tokio::join!(ts.app.tick(), ts.app.tick());
    assert!(a.unwrap().fired + b.unwrap().fired <= 1);
    ts.app.tick().await.unwrap();
    let kinds = kinds_of(&ts, "officer").await;
    assert_eq!(kinds.iter().filter(|k| *k == "deadline_warning").count(), 1);
    assert_eq!(kinds.iter().filter(|k| *k == "deadline_overdue").count(), 1);
    assert_eq!(ledger_kinds(&ts, &editor, "late").await, 1);
    let now: Value = ts
        .get(&editor, &format!("/api/v1/events/{}", ev["id"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        deadline(&now, ts.org.township, "phone")["status"],
        "overdue"
    );
    assert_eq!(now["reminders"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_unanswered_limit_climbs_the_ladder_to_the_leaders_and_the_office() {
    let ts = TestServer::start().await;
    person(&ts.app, "town-chief", ts.org.township, "principal_leader").await;
    let editor = ts.token("editor", PASSWORD).await;
    register(
        &ts,
        &editor,
        json!({"title": "事件", "severity": "IV", "unit_ids": [ts.org.township]}),
    )
    .await;
    ts.clock.advance_seconds(121 * 60);
    ts.app.tick().await.unwrap();
    assert!(
        kinds_of(&ts, "officer")
            .await
            .contains(&"deadline_overdue".to_string())
    );
    assert!(
        !kinds_of(&ts, "town-leader")
            .await
            .contains(&"escalation_1".to_string())
    );
    ts.clock.advance_seconds(30 * 60);
    ts.app.tick().await.unwrap();
    assert!(
        kinds_of(&ts, "town-leader")
            .await
            .contains(&"escalation_1".to_string())
    );
    ts.clock.advance_seconds(30 * 60);
    ts.app.tick().await.unwrap();
    assert!(
        kinds_of(&ts, "town-chief")
            .await
            .contains(&"escalation_2".to_string())
    );
    ts.clock.advance_seconds(60 * 60);
    ts.app.tick().await.unwrap();
    assert!(
        kinds_of(&ts, "county-signer")
            .await
            .contains(&"escalation_3".to_string())
    );
    ts.clock.advance_seconds(24 * 3600);
    ts.app.tick().await.unwrap();
    let signer = kinds_of(&ts, "county-signer").await;
    assert_eq!(
        signer
            .iter()
            .filter(|k| k.starts_with("escalation"))
            .count(),
        1
    );
}

#[tokio::test]
async fn a_server_that_was_down_when_a_limit_passed_fires_it_once_on_start() {
    let mut ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    register(
        &ts,
        &editor,
        json!({"title": "停机期间", "severity": "II", "unit_ids": [ts.org.township]}),
    )
    .await;
    ts.stop();
    ts.clock.advance_seconds(90 * 60);
    let (_app, base, stop) = ts.another_server(true).await;
    let client = Client::new();
    let ledger = |base: String, token: String| {
        let client = client.clone();
        async move {
            let l: Value = client
                .get(format!("{base}/api/v1/ledger"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            l.as_array()
                .unwrap()
                .iter()
                .filter(|r| r["kind"] == "late")
                .count()
        }
    };
    let token = {
        let res = client
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"username": "editor", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // The new server's worker fires on start; wait for it (bounded), without moving time.
    let mut seen = 0;
    for _ in 0..500 {
        seen = ledger(base.clone(), token.clone()).await;
        if seen == 2 {
            break;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(seen, 2, "phone and written limits, one record each");
    let _ = stop.send(());
    let (third, base3, stop3) = ts.another_server(false).await;
    third.tick().await.unwrap();
    assert_eq!(ledger(base3, token.clone()).await, 2);
    let _ = stop3.send(());
    let ev: Value = ts
        .app
        .office_events(&xinbao_app::Actor::system(), Some(ts.org.county), true)
        .await
        .map(|v| serde_json::to_value(v).unwrap())
        .unwrap();
    let reminders = ts
        .app
        .event(&xinbao_app::Actor::system(), ev[0]["id"].as_i64().unwrap())
        .await
        .unwrap()
        .reminders;
    assert_eq!(reminders.len(), 2);
}

#[tokio::test]
async fn two_servers_on_one_database_fire_each_limit_exactly_once() {
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    let units = json!([ts.org.township, ts.org.township2]);
    for i in 0..20 {
        register(
            &ts,
            &editor,
            json!({"title": format!("事件{i}"), "severity": "I", "unit_ids": units}),
        )
        .await;
    }
    let (b, _, stop) = ts.another_server(false).await;
    ts.clock.advance_seconds(61 * 60);
    let (x, y) = tokio::join!(ts.app.tick(), b.tick());
    assert!(x.unwrap().fired + y.unwrap().fired <= 20 * 2 * 2);
    let (x, y) = tokio::join!(ts.app.tick(), b.tick());
    x.unwrap();
    y.unwrap();
    let _ = stop.send(());
    let l: Value = ts
        .get(&editor, "/api/v1/ledger")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        l.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == "late")
            .count(),
        80
    );
}
