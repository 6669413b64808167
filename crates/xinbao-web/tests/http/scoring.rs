//! Scoring schemes over the API: the file in and out, refusals naming the rule and reason,
//! the shipped examples loadable in one call.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn put(ts: &TestServer, token: &str, office: i64, body: &str) -> (StatusCode, Value) {
    let res = reqwest::Client::new()
        .put(ts.url(&format!("/api/v1/scoring/scheme?office_id={office}")))
        .bearer_auth(token)
        .header("content-type", "application/toml")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

const GOOD: &str = "name = \"县信息计分办法\"\neffective_from = \"2099-01-01\"\n\n[[rule]]\nid = \"县采用\"\non = \"adopted\"\nlevel = \"county\"\npoints = 3\n";

#[tokio::test]
async fn a_scheme_is_saved_from_its_file_and_a_bad_one_is_refused_naming_the_rule() {
    let ts = TestServer::start().await;
    let admin = ts.token("county-admin", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let officer = ts.token("officer", PASSWORD).await;
    let county = ts.org.county;
    let path = format!("/api/v1/scoring/scheme?office_id={county}");
    assert_eq!(ts.get(&admin, &path).await.status(), StatusCode::NOT_FOUND);

    let (status, body) = put(&ts, &admin, county, "name = \"x\"\n[[rule]\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (
            body["error"]["rule"].as_str(),
            body["error"]["reason"].as_str()
        ),
        (Some("#2"), Some("syntax"))
    );
    let overlap = format!(
        "{GOOD}\n[[rule]]\nid = \"任意采用\"\non = \"adopted\"\nitem_type = \"research\"\npoints = 5\n"
    );
    let (status, body) = put(&ts, &admin, county, &overlap).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["rule"], "任意采用");
    assert_eq!(body["error"]["reason"], "overlaps");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("县采用"),
        "the message names both rules"
    );
    let unknown = GOOD.replace(
        "level = \"county\"",
        "level = \"county\"\nperiodical = \"无此刊物\"",
    );
    let (status, body) = put(&ts, &admin, county, &unknown).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["reason"], "unknown_periodical");
    let closed = GOOD.replace("2099-01-01", "2001-01-01");
    let (status, body) = put(&ts, &admin, county, &closed).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "closed periods keep their scores"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("生效日期")
    );
    assert_eq!(
        put(&ts, &editor, county, GOOD).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ts.get(&admin, &path).await.status(),
        StatusCode::NOT_FOUND,
        "nothing was saved"
    );

    let (status, view) = put(&ts, &admin, county, GOOD).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["versions"].as_array().unwrap().len(), 1);
    assert!(view["current"].is_null(), "it takes effect in 2099");

    for name in ["政务要情", "政务快讯"] {
        let res = ts
            .post(&editor, "/api/v1/periodicals", json!({"name": name}))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let res = ts
        .post(
            &admin,
            &format!("/api/v1/scoring/scheme/shipped/liuan?office_id={county}"),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = ts.get(&officer, &path).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "a unit reads the rules it is scored by"
    );
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/toml")
    );
    let file = res.text().await.unwrap();
    assert!(file.contains("市政务要情采用") && file.contains("六安"));
    let (status, again) = put(&ts, &admin, county, &file).await;
    assert_eq!(status, StatusCode::OK, "the exported file imports again");
    assert_eq!(again["versions"].as_array().unwrap().len(), 3);
}
