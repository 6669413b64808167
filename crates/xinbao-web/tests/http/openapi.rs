use crate::common::{PASSWORD, TestServer};
use reqwest::{Client, Method};
use serde_json::Value;

/// Every operation in the OpenAPI document is served by a route (none falls through to
/// "no such route"), and every `/api/v1` route is documented (utoipa-axum registers both).
#[tokio::test]
async fn the_openapi_document_matches_the_routes() {
    let s = TestServer::start().await;
    let doc: Value = Client::new()
        .get(s.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for required in [
        "/api/v1/session",
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/people",
    ] {
        assert!(paths.contains_key(required), "{required} is documented");
    }
    let token = s.token("officer", PASSWORD).await;
    let mut checked = 0;
    for (path, ops) in paths {
        for (method, _) in ops.as_object().unwrap() {
            let url = s.url(
                &path
                    .replace("{id}", "0")
                    .replace("{grant_id}", "0")
                    .replace("{kind}", "none"),
            );
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let res = Client::new()
                .request(m, url)
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_ne!(
                res.status(),
                reqwest::StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            let body: Value = res.json().await.unwrap_or(Value::Null);
            assert_ne!(
                body["error"]["code"], "no_such_route",
                "{method} {path} is documented but not served"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} operations");
    let res = Client::new()
        .get(s.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::NOT_FOUND);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "no_such_route"
    );
}
