//! Leaders' instructions on an item: they reach every unit below, and assigned units are told.

use crate::common::*;
use crate::periodicals::adopted_item;
use reqwest::StatusCode;
use serde_json::{Value, json};

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
