//! Event notices leave on every channel a unit has — a real SMTP server, a WeCom robot and a
//! signed DingTalk robot stood in for by a local receiver — and a channel that is down is
//! retried with backoff while the workflow goes on.

use crate::common::*;
use crate::events::register;
use axum::extract::{OriginalUri, State};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::BufRead;
use std::sync::{Arc, Mutex};
use xinbao_app::AppConfig;
use xinbao_channels::{ChannelConfig, SmtpConfig};

struct Sink {
    port: u16,
    file: std::path::PathBuf,
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl Sink {
    fn start() -> Sink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mail.jsonl");
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../xinbao-channels/tests/support/smtp_sink.py"
        );
        let mut child = std::process::Command::new("python3")
            .args([script, &port.to_string(), file.to_str().unwrap()])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        Sink {
            port,
            file,
            child,
            _dir: dir,
        }
    }

    fn messages(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(&self.file).unwrap_or_default();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

type Got = Arc<Mutex<Vec<(String, String)>>>;

async fn receiver() -> (String, Got) {
    let got: Got = Arc::default();
    let record = |State(got): State<Got>, OriginalUri(uri): OriginalUri, body: String| async move {
        got.lock().unwrap().push((uri.to_string(), body));
        if uri.path().starts_with("/down") {
            (StatusCode::SERVICE_UNAVAILABLE, "{}".to_string())
        } else {
            (
                StatusCode::OK,
                "{\"errcode\":0,\"errmsg\":\"ok\"}".to_string(),
            )
        }
    };
    let app = axum::Router::new().fallback(record).with_state(got.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (base, got)
}

#[tokio::test]
async fn an_event_notice_goes_out_by_email_and_both_robots_and_a_down_channel_is_retried() {
    let sink = Sink::start();
    let (base, got) = receiver().await;
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
    let calls = got.lock().unwrap().clone();
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
    assert_eq!(
        got.lock().unwrap().len(),
        before,
        "not retried before its backoff"
    );
    ts.clock.advance_seconds(31);
    ts.app.deliver_due().await.unwrap();
    assert_eq!(got.lock().unwrap().len(), before + 1, "retried after 30 s");
    assert_eq!(
        ts.get(&officer, "/api/v1/me/channels").await.status(),
        StatusCode::OK
    );
}
