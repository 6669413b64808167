//! Scope and numbers (等保 访问控制): every id a request names is checked against the
//! caller's subtree, administrators' powers are separated (三员分立), a refused request is
//! audited, and numbers and times have bounds on both sides.

use crate::common::{PASSWORD, TestServer};
use crate::periodicals::adopted_item;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn a_county_editor_cannot_assign_an_instruction_to_a_unit_outside_the_county() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let id = adopted_item(&ts, &officer, &editor, "镇里报送的信息").await;
    let outside = json!({"text": "请落实", "leader_level": "county", "leader_name": "县委书记",
        "assignee_unit_ids": [ts.org.other_county], "due_in_working_days": 3});
    let res = ts
        .post(
            &editor,
            &format!("/api/v1/items/{id}/instructions"),
            outside,
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("管辖范围")
    );
    let item: Value = ts
        .get(&editor, &format!("/api/v1/items/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(item["instructions"].as_array().map_or(0, Vec::len), 0);
}

#[tokio::test]
async fn the_calendar_is_the_top_offices_and_a_county_administrator_may_not_change_it() {
    let ts = TestServer::start().await;
    let day = json!({"day": "2027-01-04", "kind": "holiday", "name": "试"});
    let county = ts.token("county-admin", PASSWORD).await;
    let res = ts.put(&county, "/api/v1/calendar", day.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let top = ts.token("admin", PASSWORD).await;
    let res = ts.put(&top, "/api/v1/calendar", day).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_calendar_api_is_the_administrators_like_its_page() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let res = ts.get(&officer, "/api/v1/calendar").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let admin = ts.token("admin", PASSWORD).await;
    let res = ts.get(&admin, "/api/v1/calendar").await;
    assert_eq!(res.status(), StatusCode::OK);
    let days: Value = res.json().await.unwrap();
    assert!(days.as_array().is_some_and(|d| !d.is_empty()));
}

#[tokio::test]
async fn roles_are_granted_only_within_ones_subtree_and_administrative_ones_only_by_security() {
    let ts = TestServer::start().await;
    let grant = |person: i64, unit: i64, role: &str| {
        (
            format!("/api/v1/people/{person}/roles"),
            json!({"unit_id": unit, "role": role}),
        )
    };
    let county_admin = ts.token("county-admin", PASSWORD).await;
    let outsider = ts.person_id("prov-editor").await;
    let officer = ts.person_id("officer").await;
    let (path, body) = grant(outsider, ts.org.county, "admin");
    assert_eq!(
        ts.post(&county_admin, &path, body).await.status(),
        StatusCode::FORBIDDEN,
        "a person of the province is not the county's to give rights to"
    );
    let (path, body) = grant(officer, ts.org.county, "admin");
    assert_eq!(
        ts.post(&county_admin, &path, body).await.status(),
        StatusCode::FORBIDDEN,
        "the system administrator does not grant administrative roles"
    );
    let (path, body) = grant(officer, ts.org.township, "unit_leader");
    assert_eq!(
        ts.post(&county_admin, &path, body).await.status(),
        StatusCode::CREATED
    );
    let security = ts.token("security", PASSWORD).await;
    let (path, body) = grant(officer, ts.org.township, "auditor");
    assert_eq!(
        ts.post(&security, &path, body).await.status(),
        StatusCode::CREATED
    );
    let me = ts.person_id("security").await;
    let (path, body) = grant(me, ts.org.province, "admin");
    assert_eq!(
        ts.post(&security, &path, body).await.status(),
        StatusCode::FORBIDDEN,
        "nobody grants to themselves"
    );
}

#[tokio::test]
async fn only_the_auditor_reads_the_trail_and_every_refusal_is_in_it() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    assert_eq!(
        ts.get(&officer, "/api/v1/people").await.status(),
        StatusCode::FORBIDDEN
    );
    for who in ["admin", "security"] {
        let t = ts.token(who, PASSWORD).await;
        assert_eq!(
            ts.get(&t, "/api/v1/audit").await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let auditor = ts.token("auditor", PASSWORD).await;
    let log: Value = ts
        .get(&auditor, "/api/v1/audit?action=access_denied")
        .await
        .json()
        .await
        .unwrap();
    let rows = log.as_array().unwrap();
    assert!(
        rows.iter().any(|r| r["actor_username"] == "officer"
            && r["detail"].as_str().unwrap().contains("/api/v1/people")),
        "{log}"
    );
    let all: Value = ts
        .get(&auditor, "/api/v1/audit")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|r| r["actor_username"] != "auditor"),
        "the auditor does not read their own trail"
    );
}

#[tokio::test]
async fn a_county_auditor_reads_the_countys_trail_and_nothing_of_the_province() {
    let ts = TestServer::start().await;
    crate::common::person(&ts.app, "county-auditor", ts.org.county, "auditor").await;
    for who in ["county-admin", "admin"] {
        ts.token(who, PASSWORD).await;
    }
    let auditor = ts.token("county-auditor", PASSWORD).await;
    let log: Value = ts
        .get(&auditor, "/api/v1/audit?action=sign_in")
        .await
        .json()
        .await
        .unwrap();
    let who: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["actor_username"].as_str().unwrap_or(""))
        .collect();
    assert!(who.contains(&"county-admin"), "{who:?}");
    assert!(!who.contains(&"admin"), "{who:?}");
}

#[tokio::test]
async fn points_and_times_out_of_range_are_refused() {
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    for points in [json!(-1e18), json!(1e18), json!(-1000.5)] {
        let res = ts
            .post(&editor, "/api/v1/scoring/penalties",
                json!({"unit_id": ts.org.township, "points": points, "reason": "测试", "office_id": ts.org.county}))
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{points}");
    }
    for at in [json!(i64::MIN), json!(i64::MAX), json!("1900-01-01")] {
        let body = json!({"title": "事件", "severity": "III", "unit_ids": [ts.org.township], "received_at": at});
        let res = ts.post(&editor, "/api/v1/events", body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{at}");
    }
}

#[tokio::test]
async fn metrics_need_an_administrator_and_https_gets_strict_transport_security() {
    let ts = TestServer::start().await;
    let anonymous = TestServer::browser()
        .get(ts.url("/metrics"))
        .send()
        .await
        .unwrap();
    assert!(anonymous.status().is_redirection(), "sent to sign in");
    assert_eq!(anonymous.headers()["location"], "/login");
    let officer = ts.token("officer", PASSWORD).await;
    assert_eq!(
        ts.get(&officer, "/metrics").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = Client::new()
        .get(ts.url("/login"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
}
