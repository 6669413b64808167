//! Periodicals: an issue is compiled from adopted items, frozen, signed off at the
//! periodical's level and published with the next number — consecutive under concurrent
//! publication on two servers.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(crate) async fn adopted_item(ts: &TestServer, officer: &str, editor: &str, title: &str) -> i64 {
    let body = json!({"title": title, "body": "<p>正文内容</p>", "type": "dynamic"});
    let v: Value = ts
        .post(officer, "/api/v1/items?submit=true", body)
        .await
        .json()
        .await
        .unwrap();
    let id = v["id"].as_i64().unwrap();
    let res = ts
        .post(editor, &format!("/api/v1/items/{id}/adopt"), json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    id
}

pub(crate) async fn periodical(ts: &TestServer, editor: &str) -> i64 {
    let body = json!({"name": "《每日要情》", "signoff_level": "section", "running_total": true, "dist_up": "省委办公厅"});
    let res = ts.post(editor, "/api/v1/periodicals", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

pub(crate) async fn step(
    ts: &TestServer,
    token: &str,
    issue: i64,
    action: &str,
    body: Value,
) -> (StatusCode, Value) {
    let res = ts
        .post(token, &format!("/api/v1/issues/{issue}/{action}"), body)
        .await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_issue_is_compiled_frozen_signed_off_and_published_with_its_number() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let signer = ts.token("county-signer", PASSWORD).await;
    let a = adopted_item(&ts, &officer, &editor, "第一条信息标题").await;
    let b = adopted_item(&ts, &officer, &editor, "第二条信息标题").await;
    let p = periodical(&ts, &editor).await;
    let list: Value = ts
        .get(&editor, "/api/v1/periodicals")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["name"], "每日要情");
    let draft: Value = ts
        .post(
            &officer,
            "/api/v1/items",
            json!({"title": "草稿信息标题", "body": "<p>正文</p>", "type": "dynamic"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let bad = ts
        .post(
            &editor,
            &format!("/api/v1/periodicals/{p}/issues"),
            json!({"item_ids": [a, draft["id"]]}),
        )
        .await;
    assert_eq!(
        bad.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "only adopted items"
    );
    let res = ts
        .post(
            &editor,
            &format!("/api/v1/periodicals/{p}/issues"),
            json!({"item_ids": [b, a]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let issue: Value = res.json().await.unwrap();
    let id = issue["id"].as_i64().unwrap();
    assert_eq!(issue["items"][0]["item_id"], b);
    assert_eq!(
        step(&ts, &signer, id, "sign-off", json!({})).await.0,
        StatusCode::CONFLICT,
        "not frozen yet"
    );
    assert_eq!(
        step(&ts, &editor, id, "freeze", json!({})).await.0,
        StatusCode::OK
    );
    assert_eq!(
        step(&ts, &editor, id, "unfreeze", json!({})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        step(&ts, &editor, id, "unfreeze", json!({"reason": "补充一条"}))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        step(&ts, &editor, id, "freeze", json!({})).await.0,
        StatusCode::OK
    );
    assert_eq!(
        step(&ts, &officer, id, "sign-off", json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        step(&ts, &editor, id, "publish", json!({})).await.0,
        StatusCode::CONFLICT,
        "not signed off"
    );
    assert_eq!(
        step(&ts, &signer, id, "sign-off", json!({})).await.0,
        StatusCode::OK
    );
    let (status, published) = step(&ts, &editor, id, "publish", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            published["number"].as_i64(),
            published["total_number"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert!(published["year"].as_i64().unwrap() >= 2026);
    let reasons: Vec<&str> = published["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"补充一条"),
        "the unfreeze reason is recorded"
    );
    assert_eq!(
        step(&ts, &editor, id, "publish", json!({})).await.0,
        StatusCode::CONFLICT
    );
    let item: Value = ts
        .get(&officer, &format!("/api/v1/items/{a}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        item["periodical"], "每日要情",
        "the submitter sees which periodical adopted it"
    );
    let archive: Value = ts
        .get(&editor, &format!("/api/v1/periodicals/{p}/issues"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(archive[0]["number"], 1);
    let (status, read) = step(&ts, &signer, id, "read", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        read["readers"].as_array().unwrap().len(),
        1,
        "the office sees who has read it"
    );
    step(&ts, &signer, id, "read", json!({})).await;
    let again: Value = ts
        .get(&editor, &format!("/api/v1/issues/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        again["readers"].as_array().unwrap().len(),
        1,
        "reading twice counts once"
    );
}

#[tokio::test]
async fn fifty_concurrent_publications_on_two_servers_take_numbers_one_to_fifty() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let signer = ts.token("county-signer", PASSWORD).await;
    let item = adopted_item(&ts, &officer, &editor, "并发编号信息").await;
    let p = periodical(&ts, &editor).await;
    let mut issues = Vec::new();
    for _ in 0..50 {
        let v: Value = ts
            .post(
                &editor,
                &format!("/api/v1/periodicals/{p}/issues"),
                json!({"item_ids": [item]}),
            )
            .await
            .json()
            .await
            .unwrap();
        let id = v["id"].as_i64().unwrap();
        step(&ts, &editor, id, "freeze", json!({})).await;
        assert_eq!(
            step(&ts, &signer, id, "sign-off", json!({})).await.0,
            StatusCode::OK
        );
        issues.push(id);
    }
    let (_other, base, stop) = ts.another_server(false).await;
    let client = reqwest::Client::new();
    let mut set = tokio::task::JoinSet::new();
    for (i, id) in issues.iter().enumerate() {
        let url = if i % 2 == 0 {
            ts.url(&format!("/api/v1/issues/{id}/publish"))
        } else {
            format!("{base}/api/v1/issues/{id}/publish")
        };
        let req = client.post(url).bearer_auth(&editor).json(&json!({}));
        set.spawn(async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<Value>().await.unwrap()["number"]
                .as_i64()
                .unwrap()
        });
    }
    let mut numbers = set.join_all().await;
    let _ = stop.send(());
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=50).collect::<Vec<i64>>());
}

#[tokio::test]
async fn an_instruction_above_reaches_every_unit_below_and_assigned_units_are_told() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let id = adopted_item(&ts, &officer, &editor, "镇里报送的信息").await;
    let instruction = json!({"text": "请县政府督促落实，及时反馈", "leader_level": "county", "leader_name": "县委书记",
        "assignee_unit_ids": [ts.org.township2], "due_in_working_days": 3});
    assert_eq!(
        ts.post(
            &officer,
            &format!("/api/v1/items/{id}/instructions"),
            instruction.clone()
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let mut bad = instruction.clone();
    bad["leader_level"] = json!("township");
    assert_eq!(
        ts.post(&editor, &format!("/api/v1/items/{id}/instructions"), bad)
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let res = ts
        .post(
            &editor,
            &format!("/api/v1/items/{id}/instructions"),
            instruction,
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let given: Value = res.json().await.unwrap();
    assert!(given["due_at"].as_i64().unwrap() > ts.app.now().0);
    assert_eq!(given["assignments"][0]["unit_id"], ts.org.township2);
    // Sent up and instructed on at the province: the township's own item shows both.
    let up: Value = ts
        .post(&editor, &format!("/api/v1/items/{id}/forward"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    let up_id = up["id"].as_i64().unwrap();
    let signer = ts.token("county-signer", PASSWORD).await;
    assert_eq!(
        ts.post(
            &signer,
            &format!("/api/v1/items/{up_id}/approve"),
            json!({})
        )
        .await
        .status(),
        StatusCode::OK
    );
    let prov = ts.token("prov-editor", PASSWORD).await;
    assert_eq!(
        ts.post(&prov, &format!("/api/v1/items/{up_id}/adopt"), json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    let above = json!({"text": "此经验值得推广", "leader_level": "province", "leader_name": "省委副书记", "source": "纸质批件"});
    assert_eq!(
        ts.post(&prov, &format!("/api/v1/items/{up_id}/instructions"), above)
            .await
            .status(),
        StatusCode::CREATED
    );
    let mine: Value = ts
        .get(&officer, &format!("/api/v1/items/{id}"))
        .await
        .json()
        .await
        .unwrap();
    let texts: Vec<&str> = mine["instructions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, vec!["请县政府督促落实，及时反馈", "此经验值得推广"]);
    let notes: Value = ts
        .get(&officer, "/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    assert!(notes.to_string().contains("instruction_given"));
    let officer2 = ts.token("officer2", PASSWORD).await;
    let notes: Value = ts
        .get(&officer2, "/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    assert!(notes.to_string().contains("instruction_assigned"));
}

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
