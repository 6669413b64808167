//! What the scoring tests share: a scheme file from today, saved over the API, and an item
//! taken from the township up to the province.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Saves a scheme file for an office: (status, body).
pub async fn put_scheme(
    ts: &TestServer,
    token: &str,
    office: i64,
    body: &str,
) -> (StatusCode, Value) {
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

/// A scheme effective today with the given rules (TOML tables).
pub fn scheme_from_today(ts: &TestServer, rest: &str) -> String {
    let today = &xinbao_app::i18n::local_time(ts.app.now())[..10];
    format!("name = \"县计分\"\neffective_from = \"{today}\"\nrepeat = \"cumulative\"\n\n{rest}")
}

/// Saves the county's scheme as its administrator; it must be accepted.
pub async fn county_scheme(ts: &TestServer, rest: &str) {
    let admin = ts.token("county-admin", PASSWORD).await;
    let (status, body) = put_scheme(ts, &admin, ts.org.county, &scheme_from_today(ts, rest)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// A township's item submitted to the county; its id.
pub async fn submit(ts: &TestServer, officer: &str, title: &str, kind: &str) -> i64 {
    let item: Value = ts
        .post(
            officer,
            "/api/v1/items?submit=true",
            json!({"title": title, "body": "<p>正文</p>", "type": kind}),
        )
        .await
        .json()
        .await
        .unwrap();
    item["id"].as_i64().unwrap()
}

/// The township's item adopted by the county, sent up (the county's signer signs) and adopted
/// by the province: (the item at the county, its copy at the province).
pub async fn to_province(ts: &TestServer, title: &str, kind: &str) -> (i64, i64) {
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let signer = ts.token("county-signer", PASSWORD).await;
    let prov = ts.token("prov-editor", PASSWORD).await;
    let id = submit(ts, &officer, title, kind).await;
    let ok = |r: reqwest::Response, what: &str| {
        assert!(r.status().is_success(), "{what}: {}", r.status())
    };
    ok(
        ts.post(&editor, &format!("/api/v1/items/{id}/adopt"), json!({}))
            .await,
        "adopt",
    );
    let up: Value = ts
        .post(&editor, &format!("/api/v1/items/{id}/forward"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    let up = up["id"].as_i64().unwrap();
    ok(
        ts.post(&signer, &format!("/api/v1/items/{up}/approve"), json!({}))
            .await,
        "approve",
    );
    ok(
        ts.post(&prov, &format!("/api/v1/items/{up}/adopt"), json!({}))
            .await,
        "adopt above",
    );
    (id, up)
}

/// Row `n` (from 0) of a sheet of an .xlsx download, as text.
pub fn sheet_row(bytes: &[u8], sheet: &str, n: usize) -> Vec<String> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .nth(n)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}
