//! Following up a leader's instruction: the published issue reaches the office's leaders, a
//! leader assigns a township, the township is reminded once a day when its feedback is late,
//! reports progress and completion, and the office closes the loop.

use crate::common::*;
use crate::periodicals::{adopted_item, periodical, step};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn notes(ts: &TestServer, token: &str, kind: &str) -> usize {
    let v: Value = ts
        .get(token, "/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    v.to_string().matches(&format!("\"{kind}\"")).count()
}

#[tokio::test]
async fn an_assigned_township_is_reminded_when_late_reports_back_and_the_office_closes_the_loop() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let signer = ts.token("county-signer", PASSWORD).await;
    let item = adopted_item(&ts, &officer, &editor, "秸秆禁烧工作信息").await;
    let p = periodical(&ts, &editor).await;
    let issue: Value = ts
        .post(
            &editor,
            &format!("/api/v1/periodicals/{p}/issues"),
            json!({"item_ids": [item]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = issue["id"].as_i64().unwrap();
    step(&ts, &editor, id, "freeze", json!({})).await;
    step(&ts, &signer, id, "sign-off", json!({})).await;
    assert_eq!(notes(&ts, &signer, "issue_published").await, 0);
    step(&ts, &editor, id, "publish", json!({})).await;
    assert_eq!(
        notes(&ts, &signer, "issue_published").await,
        1,
        "the office's leaders get the issue"
    );

    let township = ts.org.township;
    let res = ts
        .post(
            &signer,
            &format!("/api/v1/items/{item}/instructions"),
            json!({"text": "请城关镇抓紧落实并反馈", "leader_level": "county", "leader_name": "县委书记",
                   "assignee_unit_ids": [township], "due_in_working_days": 2, "issue_id": id}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let ins = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let todo: Value = ts
        .get(
            &officer,
            &format!("/api/v1/instructions?unit_id={township}"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(todo[0]["id"], ins, "the township's to-do list");
    let close = format!("/api/v1/instructions/{ins}/close");
    let res = ts.post(&editor, &close, json!({})).await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "the township has not reported yet"
    );

    ts.app.tick().await.unwrap();
    assert_eq!(
        notes(&ts, &officer, "instruction_overdue").await,
        0,
        "not due yet"
    );
    ts.clock.advance_seconds(14 * 24 * 3600);
    ts.app.tick().await.unwrap();
    ts.app.tick().await.unwrap();
    assert_eq!(
        notes(&ts, &officer, "instruction_overdue").await,
        1,
        "reminded once"
    );
    let list: Value = ts
        .get(
            &editor,
            &format!("/api/v1/instructions?unit_id={}", ts.org.county),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["assignments"][0]["status"], "open");
    ts.clock.advance_seconds(25 * 3600);
    ts.app.tick().await.unwrap();
    assert_eq!(
        notes(&ts, &officer, "instruction_overdue").await,
        2,
        "and again a day later"
    );

    let report = format!("/api/v1/instructions/{ins}/reports");
    let officer2 = ts.token("officer2", PASSWORD).await;
    let res = ts
        .post(
            &officer2,
            &report,
            json!({"kind": "done", "text": "不相干"}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "only an assigned unit reports"
    );
    let res = ts
        .post(&officer, &report, json!({"kind": "done", "text": ""}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = ts
        .post(
            &officer,
            &report,
            json!({"kind": "progress", "text": "已部署巡查"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = ts
        .post(
            &officer,
            &report,
            json!({"kind": "done", "text": "全镇未发现火点，已办结"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let done: Value = res.json().await.unwrap();
    assert_eq!(done["assignments"][0]["status"], "done");
    assert_eq!(done["reports"].as_array().unwrap().len(), 2);
    let res = ts
        .post(
            &officer,
            &report,
            json!({"kind": "progress", "text": "补充"}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "the township's part is done"
    );
    assert!(notes(&ts, &editor, "instruction_reported").await >= 2);

    let res = ts.post(&officer, &close, json!({})).await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "the office closes the loop"
    );
    let res = ts.post(&editor, &close, json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "closed");
    let mine: Value = ts
        .get(&officer, &format!("/api/v1/items/{item}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["instructions"][0]["status"], "closed");
    assert_eq!(
        mine["instructions"][0]["reports"][1]["text"],
        "全镇未发现火点，已办结"
    );
}
