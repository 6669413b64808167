//! Hostile input: packages that inflate to gigabytes, and text with NUL and other control
//! characters. Each is refused with a 422 in the caller's language and changes nothing.

use crate::common::{PASSWORD, TestServer};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::io::Write;
use std::time::{Duration, Instant};

/// A zip package of one part of `mib` MiB of zeros (it packs to about a thousandth).
fn bomb(part: &str, mib: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(mib >= 4096);
    w.start_file("[Content_Types].xml", opts).unwrap();
    w.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    w.start_file(part, opts).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..mib {
        w.write_all(&zeros).unwrap();
    }
    w.finish().unwrap().into_inner()
}

async fn upload(s: &TestServer, token: &str, path: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let res = Client::new()
        .post(s.url(path))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn my_items(s: &TestServer, token: &str) -> usize {
    let list: Value = s.get(token, "/api/v1/my/items").await.json().await.unwrap();
    list.as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn a_docx_that_inflates_to_half_a_gigabyte_is_refused_at_once_and_creates_nothing() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let before = my_items(&s, &officer).await;
    let docx = bomb("word/document.xml", 500);
    assert!(
        docx.len() < 1 << 20,
        "the upload is small: {} bytes",
        docx.len()
    );
    let started = Instant::now();
    let (status, body) = upload(&s, &officer, "/api/v1/items/import-docx", docx).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid_input");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("文件"), "{message}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(my_items(&s, &officer).await, before);
}

#[tokio::test]
async fn a_roster_workbook_with_gigabytes_of_text_is_refused_and_imports_nothing() {
    let s = TestServer::start().await;
    let admin = s.token("admin", PASSWORD).await;
    let people: Value = s.get(&admin, "/api/v1/people").await.json().await.unwrap();
    let xlsx = bomb("xl/sharedStrings.xml", 1536);
    let (status, body) = upload(&s, &admin, "/api/v1/roster", xlsx).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let after: Value = s.get(&admin, "/api/v1/people").await.json().await.unwrap();
    assert_eq!(after, people);
}

#[tokio::test]
async fn four_hostile_uploads_at_once_are_all_refused_and_the_server_keeps_answering() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let docx = bomb("word/document.xml", 500);
    let path = "/api/v1/items/import-docx";
    let health = async {
        let started = Instant::now();
        let res = Client::new().get(s.url("/healthz")).send().await.unwrap();
        (res.status(), started.elapsed())
    };
    let (a, b, c, d, (health_status, health_time)) = tokio::join!(
        upload(&s, &officer, path, docx.clone()),
        upload(&s, &officer, path, docx.clone()),
        upload(&s, &officer, path, docx.clone()),
        upload(&s, &officer, path, docx.clone()),
        health
    );
    for (status, _) in [a, b, c, d] {
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(health_status, StatusCode::OK);
    assert!(health_time < Duration::from_secs(1), "{health_time:?}");
}

#[tokio::test]
async fn nul_in_a_sign_in_name_a_title_or_a_search_is_refused_with_a_clear_message() {
    let s = TestServer::start().await;
    let res = Client::new()
        .post(s.url("/api/v1/session"))
        .json(&json!({"username": "off\u{0}icer", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("控制字符"),
        "{body}"
    );
    let officer = s.token("officer", PASSWORD).await;
    let before = my_items(&s, &officer).await;
    let res = s
        .post(
            &officer,
            "/api/v1/items",
            json!({"title": "标题\u{0}", "body": "<p>正文</p>", "type": "dynamic"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(my_items(&s, &officer).await, before);
    let editor = s.token("editor", PASSWORD).await;
    let admin = s.token("admin", PASSWORD).await;
    for (token, path) in [
        (&editor, "/api/v1/inbox?q=%00"),
        (&admin, "/api/v1/people?q=a%00b"),
        (&admin, "/api/v1/people?q=%1B%5B31m"),
    ] {
        let res = s.get(token, path).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
    }
    let page = TestServer::browser()
        .post(s.url("/login"))
        .form(&[("username", "a\u{0}"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert!(page.status().is_client_error(), "{}", page.status());
}

#[tokio::test]
async fn tab_and_line_breaks_are_still_text() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let res = s
        .post(
            &officer,
            "/api/v1/items",
            json!({"title": "标题\t一", "body": "<p>第一段\r\n第二段</p>", "type": "dynamic"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}
