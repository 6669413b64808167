//! Administering the organisation safely: stale edits, deactivation instead of deletion, a county administrator's own subtree, and the audit log.

use crate::common::{PASSWORD, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_stale_edit_is_a_conflict_not_a_silent_overwrite() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    let town: Value = s
        .get(&t, &format!("/api/v1/units/{}", s.org.township))
        .await
        .json()
        .await
        .unwrap();
    let put = |name: &str| {
        let body = json!({"name": name, "kind": "township", "parent_id": s.org.county, "version": town["version"]});
        reqwest::Client::new()
            .put(s.url(&format!("/api/v1/units/{}", s.org.township)))
            .bearer_auth(&t)
            .json(&body)
            .send()
    };
    assert_eq!(
        put("测试镇一").await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        put("测试镇二").await.unwrap().status(),
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn units_with_history_are_deactivated_never_deleted() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    let res = s
        .post(
            &t,
            &format!("/api/v1/units/{}/deactivate", s.org.county),
            json!({}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "a unit with an active subordinate stays"
    );
    let res = s
        .post(
            &t,
            &format!("/api/v1/units/{}/deactivate", s.org.township),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let u: Value = s
        .get(&t, &format!("/api/v1/units/{}", s.org.township))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(u["active"], false);
    let res = reqwest::Client::new()
        .delete(s.url(&format!("/api/v1/units/{}", s.org.township)))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn a_county_administrator_manages_only_their_own_subtree() {
    let s = TestServer::start().await;
    let t = s.token("county-admin", PASSWORD).await;
    let ok = s
        .post(
            &t,
            "/api/v1/units",
            json!({"name": "县内新单位", "kind": "department", "parent_id": s.org.county}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
    let res = s
        .post(
            &t,
            "/api/v1/units",
            json!({"name": "越权单位", "kind": "department", "parent_id": s.org.other_county}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = s
        .post(
            &t,
            &format!("/api/v1/units/{}/deactivate", s.org.other_county),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let people: Value = s.get(&t, "/api/v1/people").await.json().await.unwrap();
    assert!(
        people
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["username"] != "admin"),
        "the province administrator is out of scope"
    );
}

#[tokio::test]
async fn every_administrative_change_is_in_the_audit_log() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    s.post(
        &t,
        "/api/v1/units",
        json!({"name": "审计镇", "kind": "township", "parent_id": s.org.county}),
    )
    .await;
    let res = reqwest::Client::new()
        .put(s.url("/api/v1/unit-kinds/township"))
        .bearer_auth(&t)
        .json(&json!({"default_quota": 6}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let auditor = s.token("auditor", PASSWORD).await;
    let log: Value = s.get(&auditor, "/api/v1/audit").await.json().await.unwrap();
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"unit_created"), "{actions:?}");
    assert!(actions.contains(&"quota_changed"));
    assert!(actions.contains(&"sign_in"));
    assert_eq!(
        s.get(&t, "/api/v1/audit").await.status(),
        StatusCode::FORBIDDEN,
        "三员分立: the system administrator does not read the audit trail"
    );
    let csv = reqwest::Client::new()
        .get(s.url("/admin/audit.csv"))
        .bearer_auth(&auditor)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("新建单位") && text.contains("时间"), "{text}");
}
