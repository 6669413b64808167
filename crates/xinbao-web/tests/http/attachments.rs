use crate::common::{PASSWORD, TestServer};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const PNG: [u8; 67] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

async fn upload(
    s: &TestServer,
    token: &str,
    id: i64,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()));
    Client::new()
        .post(s.url(&format!("/api/v1/items/{id}/attachments")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_picture_is_stored_once_thumbnailed_and_served_only_to_those_who_may_see_the_item() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let item: Value = s
        .post(
            &officer,
            "/api/v1/items",
            json!({"title": "带图片的信息", "body": "正文", "type": "dynamic"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = item["id"].as_i64().unwrap();
    let res = upload(&s, &officer, id, "现场照片.png", PNG.to_vec()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let a: Value = res.json().await.unwrap();
    assert_eq!(a["mime"], "image/png");
    let hash = a["file_hash"].as_str().unwrap().to_string();
    let again: Value = upload(&s, &officer, id, "同一张.png", PNG.to_vec())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        again["file_hash"], a["file_hash"],
        "stored once by content hash"
    );

    let res = s.get(&officer, &format!("/files/{hash}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG.as_slice());
    assert_eq!(
        s.get(&officer, &format!("/files/{hash}/thumb"))
            .await
            .status(),
        StatusCode::OK
    );
    let other = s.token("officer2", PASSWORD).await;
    assert_eq!(
        s.get(&other, &format!("/files/{hash}")).await.status(),
        StatusCode::NOT_FOUND,
        "another unit cannot download it"
    );
    let editor = s.token("editor", PASSWORD).await;
    assert_eq!(
        s.get(&editor, &format!("/files/{hash}")).await.status(),
        StatusCode::NOT_FOUND,
        "not before it is submitted"
    );
    s.post(&officer, &format!("/api/v1/items/{id}/submit"), json!({}))
        .await;
    assert_eq!(
        s.get(&editor, &format!("/files/{hash}")).await.status(),
        StatusCode::OK
    );
    let v: Value = s
        .get(&officer, &format!("/api/v1/items/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["attachments"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_program_disguised_as_a_picture_is_refused() {
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let item: Value = s
        .post(
            &officer,
            "/api/v1/items",
            json!({"title": "附件测试", "body": "正文", "type": "dynamic"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = upload(
        &s,
        &officer,
        item["id"].as_i64().unwrap(),
        "photo.jpg",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("类型不受支持")
    );
}

#[tokio::test]
async fn a_word_document_becomes_a_draft() {
    use docx_rs::{Docx, Paragraph, Run};
    let s = TestServer::start().await;
    let officer = s.token("officer", PASSWORD).await;
    let mut buf = std::io::Cursor::new(Vec::new());
    Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("城关镇冬季安全生产检查")))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("共检查企业215家。")))
        .build()
        .pack(&mut buf)
        .unwrap();
    let res = Client::new()
        .post(s.url("/api/v1/items/import-docx"))
        .bearer_auth(&officer)
        .body(buf.into_inner())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        (v["title"].as_str(), v["status"].as_str()),
        (Some("城关镇冬季安全生产检查"), Some("draft"))
    );
    assert_eq!(v["body"], "<p>共检查企业215家。</p>");
    let res = Client::new()
        .post(s.url("/api/v1/items/import-docx"))
        .bearer_auth(&officer)
        .body("not a document")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
