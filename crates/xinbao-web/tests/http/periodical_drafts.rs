//! A draft issue edited until frozen, and its download in the official layout.

use crate::common::*;
use crate::periodicals::{adopted_item, step};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn document_text(bytes: &[u8]) -> Vec<String> {
    let doc = docx_rs::read_docx(bytes).unwrap();
    doc.document
        .children
        .iter()
        .filter_map(|c| match c {
            docx_rs::DocumentChild::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_draft_issue_is_edited_until_frozen_and_downloads_in_the_official_layout() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let signer = ts.token("county-signer", PASSWORD).await;
    let a = adopted_item(&ts, &officer, &editor, "第一条信息标题").await;
    let b = adopted_item(&ts, &officer, &editor, "第二条信息标题").await;
    let res = ts
        .post(
            &editor,
            "/api/v1/periodicals",
            json!({"name": "信息专报", "signoff_level": "section", "columns": "工作动态\n基层信息",
                   "dist_up": "市委办公室", "dist_down": "各乡镇", "copies": 40, "secrecy": "内部资料"}),
        )
        .await;
    let p = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let chief = ts.person_id("editor2").await;
    let officer_id = ts.person_id("officer").await;
    let res = ts
        .post(
            &editor,
            "/api/v1/periodicals",
            json!({"name": "参阅件", "chief_editor_id": officer_id}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the chief editor is one of the office's editors"
    );
    let res = ts
        .post(
            &editor,
            "/api/v1/periodicals",
            json!({"name": "参阅件", "chief_editor_id": chief}),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["chief_editor_id"], chief);
    let issue: Value = ts
        .post(
            &editor,
            &format!("/api/v1/periodicals/{p}/issues"),
            json!({"item_ids": [a]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = issue["id"].as_i64().unwrap();
    let edit = |version: i64, column: &str| {
        json!({"version": version, "editor_note": "请各地参阅。",
               "items": [{"item_id": b, "column": column, "headline": "改写后的标题"}, {"item_id": a}]})
    };
    let path = format!("/api/v1/issues/{id}");
    let res = ts.put(&editor, &path, edit(1, "无此栏目")).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown column"
    );
    let res = ts.put(&officer, &path, edit(1, "工作动态")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = ts.put(&editor, &path, edit(1, "工作动态")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(saved["items"][0]["item_id"], b, "reordered");
    assert_eq!(saved["items"][0]["headline"], "改写后的标题");
    assert_eq!(saved["items"][1]["headline"], "第一条信息标题");
    assert_eq!(saved["editor_note"], "请各地参阅。");
    let res = ts.put(&editor, &path, edit(1, "工作动态")).await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "a stale version is refused"
    );

    step(&ts, &editor, id, "freeze", json!({})).await;
    let version = saved["version"].as_i64().unwrap() + 1;
    let res = ts.put(&editor, &path, edit(version, "基层信息")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "frozen means locked");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "issue_frozen");
    let after: Value = ts.get(&editor, &path).await.json().await.unwrap();
    assert_eq!(
        after["items"][0]["column_name"], "工作动态",
        "nothing changed"
    );

    let proof = ts.get(&editor, &format!("{path}/docx")).await;
    assert_eq!(proof.status(), StatusCode::OK);
    let text = document_text(&proof.bytes().await.unwrap()).join("\n");
    assert!(
        text.contains("第　　期"),
        "a proof has no number yet: {text}"
    );
    step(&ts, &signer, id, "sign-off", json!({})).await;
    step(&ts, &editor, id, "publish", json!({})).await;
    let res = ts.get(&signer, &format!("{path}/docx")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let text = document_text(&res.bytes().await.unwrap()).join("\n");
    for want in [
        "内部资料",
        "信息专报",
        "年第1期",
        "编者按：请各地参阅。",
        "【工作动态】",
        "改写后的标题",
        "第一条信息标题",
        "正文内容",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    assert!(text.find("改写后的标题") < text.find("第一条信息标题"));
    let outsider = ts.get(&officer, &format!("{path}/docx")).await;
    assert_eq!(outsider.status(), StatusCode::FORBIDDEN);
}
