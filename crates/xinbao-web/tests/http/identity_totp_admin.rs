//! Administrators under the second-factor policy, the account page's QR code, and removing a lost factor.

use crate::common::{PASSWORD, TestServer};
use crate::identity_totp::{code_at, enrol, sign_in};
use reqwest::StatusCode;
use serde_json::{Value, json};
use xinbao_app::Actor;

#[tokio::test]
async fn under_the_policy_an_administrator_without_a_factor_may_only_enrol() {
    let s = TestServer::start().await;
    let security = s.token("security", PASSWORD).await;
    let res = s
        .put(
            &security,
            "/api/v1/security-policy",
            json!({"require_admin_totp": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let admin = s.token("admin", PASSWORD).await;
    let res = s.get(&admin, "/api/v1/units").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "totp_enrolment_required");
    assert_eq!(s.get(&admin, "/api/v1/me").await.status(), StatusCode::OK);
    let officer = s.token("officer", PASSWORD).await;
    assert_eq!(
        s.get(&officer, "/api/v1/me").await.status(),
        StatusCode::OK,
        "people without an administrative role are not held"
    );
    let b = TestServer::browser();
    let login = s.html(&b, "/login").await;
    let pre = crate::common::csrf_of(&login);
    let res = b
        .post(s.url("/login"))
        .form(&[
            ("_csrf", pre.as_str()),
            ("username", "auditor"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the password alone signs in"
    );
    let res = b.get(s.url("/admin/audit")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/account");
    let account = s.html(&b, "/account").await;
    assert!(account.contains("action=\"/account/totp\""), "{account}");
    let (secret, _) = enrol(&s, "admin").await;
    let res = s.get(&admin, "/api/v1/units").await;
    assert_eq!(res.status(), StatusCode::OK, "enrolled, the admin may work");
    let code = code_at(&s, &secret, 1);
    let (status, _) = sign_in(&s, "admin", Some(&code)).await;
    assert_eq!(status, StatusCode::OK);
    let off = json!({ "password": PASSWORD });
    assert_eq!(
        s.delete(&admin, "/api/v1/me/totp", off).await.status(),
        StatusCode::CONFLICT,
        "the policy keeps the factor on"
    );
}

#[tokio::test]
async fn the_account_page_shows_the_qr_code_and_confirms_with_a_code() {
    let s = TestServer::start().await;
    let (b, csrf) = s.web_sign_in("prov-editor", PASSWORD).await;
    let page = b
        .post(s.url("/account/totp"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<svg"), "the QR code is inline SVG");
    let marker = "<code class=\"token\">";
    let start = page.find(marker).unwrap() + marker.len();
    let secret = page[start..].split('<').next().unwrap().to_string();
    let code = code_at(&s, &secret, 0);
    let done = b
        .post(s.url("/account/totp/confirm"))
        .form(&[("_csrf", csrf.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let html = done.text().await.unwrap();
    assert_eq!(html.matches("<li><code>").count(), 10, "ten recovery codes");
    s.clock.advance_seconds(30);
    let (status, body) = sign_in(&s, "prov-editor", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "totp_required");
}

async fn id_of(s: &TestServer, username: &str) -> i64 {
    let mut r = s.db.store.read().await.unwrap();
    let person = xinbao_store::people::by_username(&mut r.conn(), username).await;
    person.unwrap().unwrap().id
}

#[tokio::test]
async fn a_lost_factor_is_removed_by_whoever_may_reset_the_password_only() {
    let s = TestServer::start().await;
    enrol(&s, "town-leader").await;
    let id = id_of(&s, "town-leader").await;
    let officer = s.app.principal(id_of(&s, "officer").await).await.unwrap();
    let err = s
        .app
        .remove_second_factor(&Actor::new(officer, None), id)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    s.app
        .remove_second_factor(&Actor::system(), id)
        .await
        .unwrap();
    let (status, _) = sign_in(&s, "town-leader", None).await;
    assert_eq!(status, StatusCode::OK, "the password alone again");
}
