//! Serving pages safely: cookies, refusals, assets and metrics, each demo role's home page, a database that stops answering, the unit page.

use crate::common::{PASSWORD, TestServer, csrf_of};
use reqwest::StatusCode;

#[tokio::test]
async fn session_cookies_are_http_only_and_same_site() {
    let s = TestServer::start().await;
    let b = TestServer::browser();
    let page = b
        .get(s.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let res = b
        .post(s.url("/login"))
        .form(&[
            ("_csrf", csrf_of(&page).as_str()),
            ("username", "admin"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("xb_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP in tests");
}

#[tokio::test]
async fn an_officer_opening_an_administrators_page_gets_a_clear_refusal() {
    let s = TestServer::start().await;
    let (b, _) = s.web_sign_in("officer", PASSWORD).await;
    let res = b.get(s.url("/admin/people")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("您没有权限执行此操作"));
    let res = b
        .get(s.url(&format!("/admin/units/{}", s.org.county)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pages_need_a_sign_in_and_assets_are_served_by_the_binary() {
    let s = TestServer::start().await;
    let b = TestServer::browser();
    let res = b.get(s.url("/admin/units")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    for asset in ["/static/app.css", "/static/app.js", "/static/icon.svg"] {
        assert_eq!(
            b.get(s.url(asset)).send().await.unwrap().status(),
            StatusCode::OK,
            "{asset}"
        );
    }
    let page = b
        .get(s.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "no external assets"
    );
}

#[tokio::test]
async fn metrics_count_requests_per_route() {
    let s = TestServer::start().await;
    reqwest::get(s.url("/healthz")).await.unwrap();
    let admin = s.token("admin", PASSWORD).await;
    let text = s.get(&admin, "/metrics").await.text().await.unwrap();
    assert!(text.contains("xinbao_http_requests_total"), "{text}");
    assert!(text.contains("path=\"/healthz\""));
}

#[tokio::test]
async fn a_person_of_each_demo_role_signs_in_and_sees_their_home_page_in_chinese() {
    let s = TestServer::start_demo().await;
    let cases = [
        ("admin", "attention-admin"),
        ("c1x1t1-officer", "attention-officer"),
        ("c1x1t1-leader", "attention-leader"),
        ("c1x1t1-principal", "attention-leader"),
        ("c1-editor", "attention-editor"),
        ("sheng-signer3", "attention-signer"),
        ("sheng-reader", "attention-reader"),
    ];
    for (username, panel) in cases {
        let (b, _) = s.web_sign_in(username, PASSWORD).await;
        let home = b
            .get(s.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            home.contains(&format!("id=\"{panel}\"")),
            "{username} sees {panel}"
        );
        assert!(
            home.contains("您好") && home.contains("lang=\"zh-CN\""),
            "{username} in Chinese"
        );
    }
}

#[tokio::test]
async fn cookies_are_secure_behind_a_tls_proxy() {
    let s = TestServer::start().await;
    let b = TestServer::browser();
    let page = b
        .get(s.url("/login"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    let pre = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(pre.contains("Secure"), "{pre}");
}

#[tokio::test]
async fn a_database_that_stops_answering_is_a_503_not_a_404() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    s.app.close().await;
    assert_eq!(
        reqwest::get(s.url("/healthz")).await.unwrap().status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    let res = s.get(&t, "/api/v1/units").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unavailable");
    assert!(
        !body["error"]["message"].as_str().unwrap().contains("pool"),
        "no internal detail leaks"
    );
}

#[tokio::test]
async fn the_unit_page_lets_an_administrator_set_the_sign_off_rule() {
    let s = TestServer::start().await;
    let (b, csrf) = s.web_sign_in("admin", PASSWORD).await;
    let page = b
        .get(s.url(&format!("/admin/units/{}", s.org.county)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"signoff-rule\""));
    for name in ["general", "important", "critical"] {
        assert!(page.contains(&format!("<select name=\"{name}\"")), "{name}");
    }
    let form = [
        ("_csrf", csrf.as_str()),
        ("general", "deputy"),
        ("important", "deputy"),
        ("critical", "chief"),
    ];
    let res = b
        .post(s.url(&format!("/admin/units/{}/signoff-rule", s.org.county)))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = b
        .get(s.url(&format!("/admin/units/{}", s.org.county)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<option value=\"deputy\" selected>"));
}

#[tokio::test]
async fn a_security_administrator_sees_the_people_but_no_form_to_create_one() {
    let s = TestServer::start().await;
    let (b, _) = s.web_sign_in("security", PASSWORD).await;
    let res = b.get(s.url("/admin/people")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        !res.text()
            .await
            .unwrap()
            .contains("href=\"/admin/people/new\"")
    );
    let res = b.get(s.url("/admin/people/new")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (admin, _) = s.web_sign_in("admin", PASSWORD).await;
    let res = admin.get(s.url("/admin/people")).send().await.unwrap();
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("href=\"/admin/people/new\"")
    );
    let res = admin.get(s.url("/admin/people/new")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
