//! Requests to a test server: API calls with a token, and pages in a browser session.

use super::{PASSWORD, TestServer, csrf_of};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client that keeps cookies and does not follow redirects.
    pub fn browser() -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    pub async fn token(&self, username: &str, password: &str) -> String {
        let res = Client::new()
            .post(self.url("/api/v1/session"))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "sign-in of {username}");
        res.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        Client::new()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn delete(&self, token: &str, path: &str, body: Value) -> Response {
        Client::new()
            .delete(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// A new named API token of the caller (its value, shown once).
    pub async fn named_token(&self, token: &str, name: &str) -> String {
        let created: Value = self
            .post(token, "/api/v1/tokens", json!({ "name": name }))
            .await
            .json()
            .await
            .unwrap();
        created["token"].as_str().unwrap().to_string()
    }

    pub async fn put(&self, token: &str, path: &str, body: Value) -> Response {
        Client::new()
            .put(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// The id of a seeded person.
    pub async fn person_id(&self, username: &str) -> i64 {
        let token = self.token(username, PASSWORD).await;
        let me: Value = self.get(&token, "/api/v1/me").await.json().await.unwrap();
        me["id"].as_i64().unwrap()
    }

    pub async fn post(&self, token: &str, path: &str, body: Value) -> Response {
        Client::new()
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Signs in through the web form; returns the browser and the CSRF token of its pages.
    /// A page's HTML, fetched with a signed-in browser client.
    pub async fn html(&self, b: &Client, path: &str) -> String {
        b.get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn web_sign_in(&self, username: &str, password: &str) -> (Client, String) {
        let b = Self::browser();
        let page = b
            .get(self.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let pre = csrf_of(&page);
        let res = b
            .post(self.url("/login"))
            .form(&[
                ("_csrf", pre.as_str()),
                ("username", username),
                ("password", password),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::SEE_OTHER,
            "web sign-in of {username}"
        );
        let home = b
            .get(self.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = csrf_of(&home);
        (b, csrf)
    }
}
