use crate::common::{PASSWORD, TestServer, csrf_of};
use reqwest::StatusCode;

#[tokio::test]
async fn pages_speak_chinese_by_default_and_english_on_request() {
    let s = TestServer::start().await;
    let b = TestServer::browser();
    let zh = b
        .get(s.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(zh.contains("<html lang=\"zh-CN\">") && zh.contains("登录"));
    let en = b
        .get(s.url("/login?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("Sign in") && !en.contains("请使用本单位"));
    let again = b
        .get(s.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(again.contains("Sign in"), "the choice sticks");
}

#[tokio::test]
async fn signing_in_on_the_web_shows_the_home_page_for_the_persons_roles() {
    let s = TestServer::start().await;
    let (b, _) = s.web_sign_in("officer", PASSWORD).await;
    let home = b
        .get(s.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("id=\"attention-officer\""));
    assert!(home.contains("您起草和报送的信息将显示在这里"));
    assert!(
        !home.contains("/admin/units"),
        "officers do not see administration"
    );
    let (b, _) = s.web_sign_in("admin", PASSWORD).await;
    let home = b
        .get(s.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("id=\"attention-admin\"") && home.contains("/admin/units"));
    for path in [
        "/admin/units",
        "/admin/units/new",
        &format!("/admin/units/{}", s.org.township),
        "/admin/people",
        "/admin/people/new",
        "/admin/roster",
        "/admin/kinds",
        "/account",
    ] {
        let res = b.get(s.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn a_forged_form_without_the_csrf_token_is_refused_and_changes_nothing() {
    let s = TestServer::start().await;
    let (b, csrf) = s.web_sign_in("admin", PASSWORD).await;
    let form = [
        ("name", "伪造镇"),
        ("kind", "township"),
        ("parent_id", &s.org.county.to_string()),
    ];
    let res = b
        .post(s.url("/admin/units"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("安全令牌"));
    let res = b
        .post(s.url("/admin/units"))
        .form(&[("_csrf", "wrong"), ("name", "伪造镇"), ("kind", "township")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let units = b
        .get(s.url("/admin/units"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!units.contains("伪造镇"));
    let mut real = form.to_vec();
    real.push(("_csrf", &csrf));
    let res = b
        .post(s.url("/admin/units"))
        .form(&real)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let units = b
        .get(s.url("/admin/units"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(units.contains("伪造镇"));
}

#[tokio::test]
async fn the_sign_in_form_needs_its_own_token_too() {
    let s = TestServer::start().await;
    let b = TestServer::browser();
    let res = b
        .post(s.url("/login"))
        .form(&[("username", "admin"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_wrong_password_on_the_web_shows_the_form_again_with_a_message() {
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
            ("password", "bad"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await.unwrap().contains("用户名或密码错误"));
}

#[tokio::test]
async fn an_idle_session_ends_and_the_person_must_sign_in_again() {
    let s = TestServer::start().await;
    let (b, _) = s.web_sign_in("officer", PASSWORD).await;
    s.clock.advance_seconds(29 * 60);
    assert_eq!(
        b.get(s.url("/")).send().await.unwrap().status(),
        StatusCode::OK
    );
    s.clock.advance_seconds(31 * 60);
    let res = b.get(s.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login");
}

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
