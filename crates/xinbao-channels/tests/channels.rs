//! Each channel against a real peer: the exact email, robot JSON, DingTalk signature and SMS
//! body that leave Xinbao.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{Receiver, SmtpSink};
use xinbao_channels::{
    ChannelConfig, Channels, Message, SendError, SmsConfig, SmtpConfig, dingtalk_sign,
};

fn msg<'a>(channel: &'a str, address: &'a str, secret: Option<&'a str>) -> Message<'a> {
    Message {
        channel,
        address,
        secret,
        subject: "请按时限报送突发事件信息",
        body: "【信报】请按时限报送突发事件信息：测试镇民房火灾（测试镇，时限 2026-11-22 10:00）",
    }
}

#[tokio::test]
async fn an_email_reaches_a_real_smtp_server_with_its_chinese_subject_and_body() {
    let sink = SmtpSink::start();
    let ch = Channels::new(ChannelConfig {
        smtp: Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port: sink.port,
            tls: "none".into(),
            username: None,
            password: None,
            from: "信报 <xinbao@example.gov.cn>".into(),
        }),
        ..Default::default()
    });
    ch.send(&msg("email", "officer@town.example.gov.cn", None))
        .await
        .unwrap();
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["to"], json!(["officer@town.example.gov.cn"]));
    assert_eq!(got[0]["from"], "xinbao@example.gov.cn");
    assert_eq!(got[0]["subject"], "请按时限报送突发事件信息");
    assert!(got[0]["body"].as_str().unwrap().contains("测试镇民房火灾"));
    let bad = ch.send(&msg("email", "not an address", None)).await;
    assert!(matches!(bad, Err(SendError::Address(_))));
}

#[tokio::test]
async fn robots_get_their_webhook_json_and_dingtalk_a_valid_signature() {
    let rx = Receiver::start().await;
    let ch = Channels::new(ChannelConfig::default());
    let wecom = format!("{}/ok/cgi-bin/webhook/send?key=K1", rx.base);
    ch.send(&msg("wecom", &wecom, None)).await.unwrap();
    let ding = format!("{}/ok/robot/send?access_token=T1", rx.base);
    ch.send(&msg("dingtalk", &ding, Some("SEC123")))
        .await
        .unwrap();
    let got = rx.received();
    assert_eq!(got.len(), 2);
    let expected = json!({"msgtype": "text", "text": {"content": msg("x", "", None).body}});
    assert_eq!(got[0].uri, "/ok/cgi-bin/webhook/send?key=K1");
    assert_eq!(
        serde_json::from_str::<Value>(&got[0].body).unwrap(),
        expected
    );
    assert_eq!(got[0].content_type, "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(&got[1].body).unwrap(),
        expected
    );
    let query = got[1].uri.split_once('?').unwrap().1;
    let param = |k: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(&format!("{k}=")))
            .unwrap()
            .to_string()
    };
    assert_eq!(param("access_token"), "T1");
    let ts: i64 = param("timestamp").parse().unwrap();
    assert_eq!(param("sign"), dingtalk_sign("SEC123", ts));
    let down = format!("{}/down/webhook", rx.base);
    assert!(matches!(
        ch.send(&msg("wecom", &down, None)).await,
        Err(SendError::Failed(_))
    ));
}

#[tokio::test]
async fn the_sms_gateway_gets_the_configured_template_filled_in() {
    let rx = Receiver::start().await;
    let ch = Channels::new(ChannelConfig {
        sms: Some(SmsConfig {
            url: format!("{}/ok/sms/send", rx.base),
            body_template: r#"{"mobile":"{phone}","content":"{text}","sign":"信报"}"#.into(),
            content_type: "application/json".into(),
            authorization: Some("Bearer gw-token".into()),
        }),
        ..Default::default()
    });
    ch.send(&msg("sms", "13800138000", None)).await.unwrap();
    let got = rx.received();
    let body: Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(
        body,
        json!({"mobile": "13800138000", "content": msg("x", "", None).body, "sign": "信报"})
    );
    assert!(matches!(
        ch.send(&msg("sms", "call me", None)).await,
        Err(SendError::Address(_))
    ));
    let none = Channels::new(ChannelConfig::default());
    assert_eq!(
        none.send(&msg("sms", "13800138000", None)).await,
        Err(SendError::NotConfigured("sms".into()))
    );
}
