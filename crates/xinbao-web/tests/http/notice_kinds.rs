//! A notice of every kind links only to a page its recipient may open: each kind is given,
//! about the same item and the same event, to the township officer who wrote the item and was
//! asked about the event, and to another township's officer who was not; the first may open
//! both, the second neither, and every link either follows opens.

use crate::common::*;
use crate::events::register;
use reqwest::StatusCode;
use serde_json::{Value, json};
use xinbao_app::Actor;
use xinbao_domain::notice::NoticeKind;
use xinbao_store::notifications;

async fn item_and_event(ts: &TestServer) -> (i64, i64) {
    let officer = ts.token("officer", PASSWORD).await;
    let body = json!({"title": "城关镇秋收进度", "body": "<p>正文内容</p>", "type": "dynamic"});
    let item: Value = ts
        .post(&officer, "/api/v1/items?submit=true", body)
        .await
        .json()
        .await
        .unwrap();
    let editor = ts.token("editor", PASSWORD).await;
    let body = json!({"title": "城关镇山洪", "severity": "III", "unit_ids": [ts.org.township]});
    let event = register(ts, &editor, body).await;
    (item["id"].as_i64().unwrap(), event["id"].as_i64().unwrap())
}

async fn give_every_kind(ts: &TestServer, person: i64, item: i64, event: i64) {
    let mut w = ts.db.store.write().await.unwrap();
    let args = json!({"title": "标题"}).to_string();
    for kind in NoticeKind::ALL {
        notifications::add(&mut w.conn(), person, Some(item), *kind, &args, 1)
            .await
            .unwrap();
        notifications::add_for_event(&mut w.conn(), person, event, *kind, &args, 1)
            .await
            .unwrap();
    }
    w.commit().await.unwrap();
}

/// Follows every link of `who`'s notices; returns the links, each kind seen once per link.
async fn follow(ts: &TestServer, who: &str) -> Vec<(String, Option<String>)> {
    let token = ts.token(who, PASSWORD).await;
    let notes: Vec<Value> = ts
        .get(&token, "/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    let (b, _) = ts.web_sign_in(who, PASSWORD).await;
    let mut links = Vec::new();
    for n in &notes {
        let href = n["href"].as_str().map(str::to_string);
        if let Some(h) = &href {
            let res = b.get(ts.url(h)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{who} opens {h} of {n}");
        }
        links.push((n["kind"].as_str().unwrap().to_string(), href));
    }
    links
}

#[tokio::test]
async fn a_notice_of_every_kind_links_only_to_a_page_its_recipient_may_open() {
    let ts = TestServer::start().await;
    let (item, event) = item_and_event(&ts).await;
    let sys = Actor::system();
    for who in ["officer", "officer2"] {
        let id = ts.app.person_id_by_username(&sys, who).await.unwrap();
        give_every_kind(&ts, id, item, event).await;
    }
    let mine = follow(&ts, "officer").await;
    let theirs = follow(&ts, "officer2").await;
    for kind in NoticeKind::ALL {
        let code = kind.code().to_string();
        let links = |all: &[(String, Option<String>)]| -> Vec<Option<String>> {
            all.iter()
                .filter(|(k, _)| *k == code)
                .map(|(_, h)| h.clone())
                .collect()
        };
        let (item_page, event_page) = (format!("/items/{item}"), format!("/events/{event}"));
        let own = links(&mine);
        assert!(own.contains(&Some(item_page.clone())), "{code}: {own:?}");
        assert!(own.contains(&Some(event_page.clone())), "{code}: {own:?}");
        let other = links(&theirs);
        assert_eq!(other.len(), 2, "{code}: {other:?}");
        for h in other.iter().flatten() {
            assert!(*h != item_page && *h != event_page, "{code} links {h}");
        }
    }
}
