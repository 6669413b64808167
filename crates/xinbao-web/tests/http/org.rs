use crate::common::{PASSWORD, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn units_are_listed_with_kind_parent_and_reporting_office() {
    let s = TestServer::start().await;
    let t = s.token("officer", PASSWORD).await;
    let units: Value = s.get(&t, "/api/v1/units").await.json().await.unwrap();
    let town = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == s.org.township)
        .unwrap();
    assert_eq!(town["name"], "测试镇");
    assert_eq!(town["kind"], "township");
    assert_eq!(town["parent_id"], s.org.county);
    assert_eq!(town["reporting_office_id"], s.org.county);
    assert_eq!(town["quota"], 4);
    assert_eq!(town["vacancy_leader"], false);
    let town2 = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == s.org.township2)
        .unwrap();
    assert_eq!(
        town2["vacancy_leader"], true,
        "no leader in charge: the gap shows"
    );
    assert_eq!(town["vacancy_officer"], false);
}

#[tokio::test]
async fn people_are_listed_for_administrators_with_roles_by_unit() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    let people: Value = s.get(&t, "/api/v1/people").await.json().await.unwrap();
    let officer = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["username"] == "officer")
        .unwrap();
    assert_eq!(officer["roles"][0]["unit_id"], s.org.township);
    assert_eq!(officer["roles"][0]["role"], "officer");
    assert!(officer.get("password_hash").is_none());
}

#[tokio::test]
async fn an_administrator_builds_units_and_people_and_the_vacancy_closes() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    let res = s.post(&t, "/api/v1/units", json!({"name": "新华街道", "kind": "township", "parent_id": s.org.county, "responsible_section": "党政办"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let unit = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = s
        .post(
            &t,
            "/api/v1/people",
            json!({"username": "xinhua-officer", "name": "刘洋", "phone": "13900000000"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert!(created["initial_password"].as_str().unwrap().len() >= 10);
    let pid = created["id"].as_i64().unwrap();
    let res = s
        .post(
            &t,
            &format!("/api/v1/people/{pid}/roles"),
            json!({"unit_id": unit, "role": "officer"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let u: Value = s
        .get(&t, &format!("/api/v1/units/{unit}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            u["vacancy_officer"].as_bool(),
            u["vacancy_section"].as_bool(),
            u["vacancy_leader"].as_bool()
        ),
        (Some(false), Some(false), Some(true))
    );
    let dup = s
        .post(
            &t,
            &format!("/api/v1/people/{pid}/roles"),
            json!({"unit_id": unit, "role": "officer"}),
        )
        .await;
    assert_eq!(dup.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn bad_unit_input_is_refused_with_a_reason_and_changes_nothing() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    let before = s
        .get(&t, "/api/v1/units")
        .await
        .json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    let cases = [
        (
            json!({"name": "", "kind": "township", "parent_id": s.org.county}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "甲", "kind": "factory", "parent_id": s.org.county}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "甲", "kind": "office", "parent_id": s.org.county}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "甲", "kind": "township", "parent_id": 999_999}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "甲", "kind": "township", "parent_id": s.org.county, "report_to_id": s.org.province}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "测试镇", "kind": "township", "parent_id": s.org.county}),
            StatusCode::CONFLICT,
        ),
    ];
    for (body, status) in cases {
        let res = s.post(&t, "/api/v1/units", body.clone()).await;
        assert_eq!(res.status(), status, "{body}");
        let err: Value = res.json().await.unwrap();
        assert!(!err["error"]["message"].as_str().unwrap().is_empty());
    }
    let res = reqwest::Client::new()
        .post(s.url("/api/v1/units"))
        .bearer_auth(&t)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let after = s
        .get(&t, "/api/v1/units")
        .await
        .json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_unit_cannot_be_moved_under_its_own_subordinate() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    let county: Value = s
        .get(&t, &format!("/api/v1/units/{}", s.org.county))
        .await
        .json()
        .await
        .unwrap();
    let body = json!({"name": county["name"], "kind": "office", "office_level": "county", "parent_id": s.org.township, "version": county["version"]});
    let res = reqwest::Client::new()
        .put(s.url(&format!("/api/v1/units/{}", s.org.county)))
        .bearer_auth(&t)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
