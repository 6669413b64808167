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
