//! The auditor's view of the keyed audit chain, and the export's neutralised formulas.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use xinbao_app::{Actor, App, AppConfig, UnitInput};
use xinbao_domain::audit_chain::AuditKey;

#[tokio::test]
async fn the_audit_page_and_the_api_show_an_intact_chain() {
    let s = TestServer::start().await;
    let t = s.token("auditor", PASSWORD).await;
    let v: Value = s
        .get(&t, "/api/v1/audit/verify?lang=en")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["intact"], true, "{v}");
    assert!(v["records"].as_i64().unwrap() >= 1);
    assert!(v["first_bad"].is_null());
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .starts_with("The audit chain verifies")
    );
    let (b, _) = s.web_sign_in("auditor", PASSWORD).await;
    let page = s.html(&b, "/admin/audit").await;
    assert!(
        page.contains("class=\"notice\" id=\"audit-chain\""),
        "{page}"
    );
    assert!(page.contains("审计记录链校验通过"));
    let officer = s.token("officer", PASSWORD).await;
    assert_eq!(
        s.get(&officer, "/api/v1/audit/verify").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_record_sealed_with_another_key_is_named_on_the_page_and_by_the_api() {
    let s = TestServer::start().await;
    let t = s.token("auditor", PASSWORD).await;
    let before: Value = s
        .get(&t, "/api/v1/audit/verify")
        .await
        .json()
        .await
        .unwrap();
    let n = before["records"].as_i64().unwrap();
    let other = App::new(
        s.db.store.clone(),
        AppConfig {
            audit_key: AuditKey::from_bytes([7; 32]),
            ..s.app.cfg.clone()
        },
    );
    let input = UnitInput {
        name: "另一把密钥镇".into(),
        kind: "township".into(),
        parent_id: Some(s.org.county),
        ..Default::default()
    };
    other.create_unit(&Actor::system(), &input).await.unwrap();
    let v: Value = s
        .get(&t, "/api/v1/audit/verify?lang=en")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["intact"], false);
    assert_eq!(v["first_bad"]["seq"], n + 1, "{v}");
    assert_eq!(v["first_bad"]["problem"], "changed");
    let (b, _) = s.web_sign_in("auditor", PASSWORD).await;
    let page = s.html(&b, "/admin/audit").await;
    assert!(
        page.contains("class=\"alert\" id=\"audit-chain\""),
        "{page}"
    );
    assert!(page.contains(&format!("（序号 {}）", n + 1)), "{page}");
}

#[tokio::test]
async fn the_audit_export_neutralises_cells_a_spreadsheet_would_evaluate() {
    let s = TestServer::start().await;
    let res = reqwest::Client::new()
        .post(s.url("/api/v1/session"))
        .json(&json!({"username": "=HYPERLINK(\"http://x\")", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let t = s.token("auditor", PASSWORD).await;
    let csv = s.get(&t, "/admin/audit.csv").await.text().await.unwrap();
    assert!(csv.contains("'=hyperlink("), "{csv}");
    assert!(!csv.contains(",=hyperlink("), "{csv}");
}
