//! Event notices leave on every channel a unit has — a real SMTP server, a WeCom robot and a
//! signed DingTalk robot stood in for by a local receiver — and a channel that is down is
//! retried with backoff while the workflow goes on.

use crate::common::*;
use crate::events::register;
use reqwest::StatusCode;
use serde_json::{Value, json};
use xinbao_app::AppConfig;
use xinbao_channels::{ChannelConfig, SmtpConfig};

// The same real SMTP server and HTTP receiver as the channel crate's own tests.
#[path = "../../../xinbao-channels/tests/support/mod.rs"]
mod support;
use support::{Receiver, SmtpSink};

#[tokio::test]
async fn an_event_notice_goes_out_by_email_and_both_robots_and_a_down_channel_is_retried() {
    let sink = SmtpSink::start();
    let rx = Receiver::start().await;
    let base = rx.base.clone();
    let got = || {
        rx.received()
            .into_iter()
            .map(|r| (r.uri, r.body))
            .collect::<Vec<_>>()
    };
    let cfg = AppConfig {
        default_channels: vec!["email".into()],
        channels: ChannelConfig {
            smtp: Some(SmtpConfig {
                host: "127.0.0.1".into(),
                port: sink.port,
                tls: "none".into(),
                username: None,
                password: None,
                from: "信报 <xinbao@example.gov.cn>".into(),
            }),
            ..Default::default()
        },
        ..AppConfig::default()
    };
    let ts = TestServer::start_with_config(cfg).await;
    let admin = ts.token("county-admin", PASSWORD).await;
    let officer = ts.token("officer", PASSWORD).await;
    let me: Value = ts.get(&officer, "/api/v1/me").await.json().await.unwrap();
    ts.app
        .update_person(
            &xinbao_app::Actor::system(),
            me["id"].as_i64().unwrap(),
            &xinbao_app::PersonInput {
                username: "officer".into(),
                name: "测试officer".into(),
                email: Some("officer@town.example.gov.cn".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let robots = format!("/api/v1/units/{}/robots", ts.org.township);
    let wecom = json!({"channel": "wecom", "url": format!("{base}/ok/wecom?key=K")});
    assert_eq!(
        ts.put(&admin, &robots, wecom).await.status(),
        StatusCode::OK
    );
    let ding = json!({"channel": "dingtalk", "url": format!("{base}/down/ding?access_token=T"), "secret": "SEC1"});
    assert_eq!(ts.put(&admin, &robots, ding).await.status(), StatusCode::OK);
    let editor = ts.token("editor", PASSWORD).await;
    let ev = register(
        &ts,
        &editor,
        json!({"title": "测试镇民房火灾", "severity": "II", "unit_ids": [ts.org.township]}),
    )
    .await;
    assert_eq!(
        ev["deadlines"].as_array().unwrap().len(),
        3,
        "the workflow did not wait for any channel"
    );
    ts.app.deliver_due().await.unwrap();
    let mail = sink.messages();
    assert!(
        mail.iter()
            .any(|m| m["to"] == json!(["officer@town.example.gov.cn"])
                && m["body"].as_str().unwrap().contains("测试镇民房火灾")),
        "{mail:?}"
    );
    let calls = got();
    let wecom_call = calls
        .iter()
        .find(|(u, _)| u.starts_with("/ok/wecom"))
        .expect("WeCom robot called");
    let body: Value = serde_json::from_str(&wecom_call.1).unwrap();
    assert_eq!(body["msgtype"], "text");
    assert!(
        body["text"]["content"]
            .as_str()
            .unwrap()
            .contains("测试镇民房火灾")
    );
    let ding_call = calls
        .iter()
        .find(|(u, _)| u.starts_with("/down/ding"))
        .expect("DingTalk robot called");
    assert!(ding_call.0.contains("&timestamp=") && ding_call.0.contains("&sign="));
    let log: Value = ts
        .get(&ts.token("admin", PASSWORD).await, "/api/v1/deliveries")
        .await
        .json()
        .await
        .unwrap();
    let ding_row = log
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["channel"] == "dingtalk")
        .unwrap();
    assert_eq!(ding_row["status"], "pending");
    assert_eq!(ding_row["attempts"].as_array().unwrap()[0]["ok"], false);
    let before = calls.len();
    ts.app.deliver_due().await.unwrap();
    assert_eq!(got().len(), before, "not retried before its backoff");
    ts.clock.advance_seconds(31);
    ts.app.deliver_due().await.unwrap();
    assert_eq!(got().len(), before + 1, "retried after 30 s");
    assert_eq!(
        ts.get(&officer, "/api/v1/me/channels").await.status(),
        StatusCode::OK
    );
}

/// The stored text of every robot secret, read past the application.
async fn stored_robot_secrets(ts: &TestServer) -> Vec<String> {
    let mut r = ts.db.store.read().await.unwrap();
    let mut c = r.conn();
    xinbao_store::with_conn!(&mut c, |x| sqlx::query_scalar::<_, String>(
        "SELECT secret FROM unit_robots"
    )
    .fetch_all(x)
    .await)
    .unwrap()
}

#[tokio::test]
async fn a_robots_signing_secret_is_stored_encrypted_with_sm4_and_still_signs() {
    let rx = Receiver::start().await;
    let ts = TestServer::start().await;
    let admin = ts.token("county-admin", PASSWORD).await;
    let robots = format!("/api/v1/units/{}/robots", ts.org.township);
    let secret = "SEC-the-robots-own-secret";
    let ding = json!({"channel": "dingtalk", "url": format!("{}/ok/ding?access_token=T", rx.base), "secret": secret});
    assert_eq!(ts.put(&admin, &robots, ding).await.status(), StatusCode::OK);
    let stored = stored_robot_secrets(&ts).await;
    assert_eq!(stored.len(), 1);
    assert!(stored[0].starts_with("sm4gcm:v1:"), "{stored:?}");
    assert!(!stored[0].contains(secret), "the database does not show it");
    let listed = ts
        .app
        .unit_robots(&xinbao_app::Actor::system(), ts.org.township)
        .await
        .unwrap();
    assert_eq!(listed[0].secret, secret, "the application reads it back");
    let editor = ts.token("editor", PASSWORD).await;
    let title = "测试镇山洪";
    let unit_ids = json!([ts.org.township]);
    register(
        &ts,
        &editor,
        json!({"title": title, "severity": "II", "unit_ids": unit_ids}),
    )
    .await;
    ts.app.deliver_due().await.unwrap();
    let call = rx
        .received()
        .into_iter()
        .find(|r| r.uri.starts_with("/ok/ding"))
        .expect("DingTalk robot called");
    let timestamp: i64 = call
        .uri
        .split("timestamp=")
        .nth(1)
        .and_then(|t| t.split('&').next())
        .unwrap()
        .parse()
        .unwrap();
    let sign = call.uri.split("sign=").nth(1).unwrap();
    assert_eq!(
        sign,
        xinbao_channels::dingtalk_sign(secret, timestamp),
        "signed with the decrypted secret"
    );
}

#[tokio::test]
async fn plain_secrets_from_before_are_sealed_at_start_and_a_wrong_key_is_refused_clearly() {
    let ts = TestServer::start().await;
    {
        let mut w = ts.db.store.write().await.unwrap();
        let row = xinbao_store::outbox::RobotRow {
            unit_id: ts.org.township,
            channel: "dingtalk".into(),
            url: "https://oapi.dingtalk.com/robot/send?access_token=T".into(),
            secret: "SEC-written-in-plain".into(),
        };
        xinbao_store::outbox::set_robot(&mut w.conn(), &row)
            .await
            .unwrap();
        w.commit().await.unwrap();
    }
    let found = ts.app.seal_stored_secrets().await.unwrap();
    assert_eq!(found.sealed_now, 1);
    let stored = stored_robot_secrets(&ts).await;
    assert!(!stored[0].contains("SEC-written-in-plain"));
    assert_eq!(
        ts.app.seal_stored_secrets().await.unwrap().already_sealed,
        1
    );
    let other_key = AppConfig {
        secrets_key: xinbao_app::secrets::SecretsKey::from_bytes([7; 16]),
        ..ts.app.cfg.clone()
    };
    let wrong = xinbao_app::App::new(ts.db.store.clone(), other_key);
    let err = wrong.seal_stored_secrets().await.unwrap_err();
    assert!(err.to_string().contains("secrets key"), "{err}");
    let err = wrong
        .unit_robots(&xinbao_app::Actor::system(), ts.org.township)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "internal", "an error, not a panic: {err}");
}
