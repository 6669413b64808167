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
