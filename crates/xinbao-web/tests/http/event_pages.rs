//! The event pages in a signed-in browser: register through the form, the dashboard and the
//! event page with their clocks, a phone log through the form, the reminder notice as a print
//! page and a Word file, the ledger and its exports, rules and the calendar.

use crate::common::*;
use reqwest::StatusCode;

async fn text(b: &reqwest::Client, url: String) -> (StatusCode, String) {
    let r = b.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn an_editor_registers_through_the_form_and_follows_the_clocks_to_the_reminder_notice() {
    let ts = TestServer::start().await;
    let (b, csrf) = ts.web_sign_in("editor", PASSWORD).await;
    let (status, form) = text(&b, ts.url("/events/new")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("测试镇") && form.contains("第二镇"),
        "units of the jurisdiction are offered"
    );
    let township = ts.org.township.to_string();
    let res = b
        .post(ts.url("/events"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("title", "页面登记的事件"),
            ("severity", "II"),
            ("unit_ids", township.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let at = res.headers()["location"].to_str().unwrap().to_string();
    let (_, page) = text(&b, ts.url(&at)).await;
    assert!(page.contains("页面登记的事件") && page.contains("class=\"countdown\""));
    let (_, dash) = text(&b, ts.url("/events")).await;
    assert!(dash.contains("页面登记的事件") && dash.contains("data-refresh"));
    let res = b
        .post(ts.url(&format!("{at}/reports")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("kind", "phone"),
            ("unit_id", township.as_str()),
            ("caller", "李四"),
            ("body", "已起火"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let bad = b
        .post(ts.url(&format!("{at}/reports")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("kind", "written"),
            ("unit_id", township.as_str()),
            ("body", "无要素"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("事发时间"));
    ts.clock.advance_seconds(61 * 60);
    ts.app.tick().await.unwrap();
    // An hour idle ends a web session: sign in again.
    let (b, _) = ts.web_sign_in("editor", PASSWORD).await;
    let (_, page) = text(&b, ts.url(&at)).await;
    assert!(
        page.contains("李四"),
        "{}",
        &page[page.find("id=\"reports\"").unwrap_or(0)..]
    );
    let start = page
        .find("/reminders/")
        .expect("a reminder link once the written limit passed");
    let id: String = page[start + 11..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let (status, notice) = text(&b, ts.url(&format!("/reminders/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(notice.contains("重要紧急信息催报通知单") && notice.contains("测试镇"));
    let docx = b
        .get(ts.url(&format!("/reminders/{id}/docx")))
        .send()
        .await
        .unwrap();
    assert_eq!(docx.status(), StatusCode::OK);
    let bytes = docx.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "a .docx is a zip package");
    let (other, _) = ts.web_sign_in("officer2", PASSWORD).await;
    assert_eq!(
        other
            .get(ts.url(&format!("/reminders/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let (status, ledger) = text(&b, ts.url("/ledger")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ledger.contains("迟报") && ledger.contains("页面登记的事件"));
    for fmt in ["docx", "xlsx"] {
        let r = b
            .get(ts.url(&format!("/ledger/export/{fmt}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{fmt}");
        assert_eq!(&r.bytes().await.unwrap()[..2], b"PK");
    }
}

#[tokio::test]
async fn rules_are_the_editors_and_the_calendar_the_administrators() {
    let ts = TestServer::start().await;
    let (b, csrf) = ts.web_sign_in("editor", PASSWORD).await;
    let (status, page) = text(&b, ts.url("/events/rules")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("rule-II"));
    let res = b
        .post(ts.url("/events/rules"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("severity", "III"),
            ("phone_minutes", "20"),
            ("written_minutes", "40"),
            ("warn_minutes", "5"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        b.get(ts.url("/admin/calendar"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let (a, acsrf) = ts.web_sign_in("admin", PASSWORD).await;
    let (status, cal) = text(&a, ts.url("/admin/calendar")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(cal.contains("2026-10-01") && cal.contains("国庆节"));
    let res = a
        .post(ts.url("/admin/calendar"))
        .form(&[
            ("_csrf", acsrf.as_str()),
            ("day", "2027-01-01"),
            ("kind", "holiday"),
            ("name", "元旦"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, cal) = text(&a, ts.url("/admin/calendar")).await;
    assert!(cal.contains("2027-01-01"));
    let bad = a
        .post(ts.url("/admin/calendar"))
        .form(&[
            ("_csrf", acsrf.as_str()),
            ("day", "not-a-day"),
            ("kind", "holiday"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_person_switches_a_channel_off_on_the_account_page() {
    let ts = TestServer::start().await;
    let (b, csrf) = ts.web_sign_in("officer", PASSWORD).await;
    let (_, page) = text(&b, ts.url("/account")).await;
    assert!(page.contains("id=\"channels\""));
    let res = b
        .post(ts.url("/account/channels"))
        .form(&[("_csrf", csrf.as_str()), ("channel", "sms")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let token = ts.token("officer", PASSWORD).await;
    let mine: serde_json::Value = ts
        .get(&token, "/api/v1/me/channels")
        .await
        .json()
        .await
        .unwrap();
    let sms = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["channel"] == "sms")
        .unwrap();
    assert_eq!(sms["enabled"], false);
    let email = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["channel"] == "email")
        .unwrap();
    assert_eq!(email["enabled"], true, "the administrator's default stays");
}

#[tokio::test]
async fn an_administrator_sets_a_units_robot_and_reads_the_delivery_log() {
    let ts = TestServer::start().await;
    let (a, csrf) = ts.web_sign_in("county-admin", PASSWORD).await;
    let path = format!("/admin/units/{}/robots", ts.org.township);
    let (status, page) = text(&a, ts.url(&path)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("robot-dingtalk"));
    let res = a
        .post(ts.url(&path))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("channel", "dingtalk"),
            ("url", "https://oapi.dingtalk.com/robot/send?access_token=x"),
            ("secret", "SECabc"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = text(&a, ts.url(&path)).await;
    assert!(
        page.contains("access_token=x") && !page.contains("SECabc"),
        "the secret is never shown"
    );
    let bad = a
        .post(ts.url(&path))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("channel", "wecom"),
            ("url", "javascript:alert(1)"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (officer, _) = ts.web_sign_in("officer", PASSWORD).await;
    assert_eq!(
        officer.get(ts.url(&path)).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let (admin, _) = ts.web_sign_in("admin", PASSWORD).await;
    let (status, _) = text(&admin, ts.url("/admin/deliveries")).await;
    assert_eq!(status, StatusCode::OK);
}
