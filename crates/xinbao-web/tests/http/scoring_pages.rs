//! The scheme and points pages, and a township's quota: its progress on the home page and the monthly reminder.

use crate::common::*;
use crate::scoring_kit::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn the_scheme_page_loads_an_example_and_the_points_page_explains_a_units_points() {
    let ts = TestServer::start().await;
    let editor = ts.token("editor", PASSWORD).await;
    for name in ["政务要情", "政务快讯"] {
        ts.post(&editor, "/api/v1/periodicals", json!({"name": name}))
            .await;
    }
    let (b, csrf) = ts.web_sign_in("county-admin", PASSWORD).await;
    let county = ts.org.county.to_string();
    let res = b
        .post(ts.url("/admin/scoring"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("office_id", county.as_str()),
            ("shipped", "liuan"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = b
        .get(ts.url(&format!("/admin/scoring?office_id={county}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("六安市政务信息采用计分办法") && page.contains("市政务要情采用"));
    let bad = b
        .post(ts.url("/admin/scoring"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("office_id", county.as_str()),
            ("body", "name = 1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text().await.unwrap().contains("计分方案无法使用"),
        "the reason, in Chinese"
    );

    let officer = ts.token("officer", PASSWORD).await;
    let item: Value = ts
        .post(
            &officer,
            "/api/v1/items?submit=true",
            json!({"title": "页面积分信息", "body": "<p>正文</p>", "type": "dynamic"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = item["id"].as_i64().unwrap();
    ts.post(&editor, &format!("/api/v1/items/{id}/adopt"), json!({}))
        .await;
    ts.post(&editor, "/api/v1/scoring/penalties",
            json!({"unit_id": ts.org.township, "points": -5, "reason": "约稿未报", "office_id": ts.org.county}))
        .await;
    let (ob, _) = ts.web_sign_in("officer", PASSWORD).await;
    let page = ts.html(&ob, "/scores").await;
    assert!(
        page.contains("测试镇") && page.contains("约稿未报") && page.contains("-5"),
        "{page}"
    );
    let (eb, _) = ts.web_sign_in("editor", PASSWORD).await;
    let page = ts.html(&eb, "/scores").await;
    assert!(page.contains("第1名"));
    assert!(
        page.contains("data-chart=\"chart-rank\"") && page.contains("data-chart=\"chart-types\"")
    );
    assert!(
        page.contains("\"问题建议\"") || page.contains("\"动态信息\""),
        "type names in the chart data"
    );
    let js = eb
        .get(ts.url("/static/vendor/echarts.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    assert!(
        js.text().await.unwrap().len() > 500_000,
        "ECharts is served by the binary"
    );
}

#[tokio::test]
async fn a_townships_home_page_shows_this_months_quota_progress_and_its_points() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    county_scheme(
        &ts,
        "[[rule]]\nid = \"县采用\"\non = \"adopted\"\nlevel = \"county\"\npoints = 3\n",
    )
    .await;
    for (title, kind) in [("问题一", "problem"), ("动态一", "dynamic")] {
        let id = submit(&ts, &officer, title, kind).await;
        if kind == "problem" {
            ts.post(&editor, &format!("/api/v1/items/{id}/adopt"), json!({}))
                .await;
        }
    }
    let (b, _) = ts.web_sign_in("officer", PASSWORD).await;
    let home = ts.html(&b, "/").await;
    let card = home
        .split("progress-card")
        .nth(1)
        .expect("the progress card");
    assert!(
        card.contains("<strong>2</strong>") && card.contains("<strong>1</strong>"),
        "sent 2, adopted 1: {card}"
    );
    assert!(
        card.contains("50%")
            && card.contains("问题建议 1")
            && card.contains("3分")
            && card.contains("第1名"),
        "{card}"
    );
}

async fn count(ts: &TestServer, token: &str, kind: &str) -> usize {
    let v: Value = ts
        .get(token, "/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    v.to_string().matches(&format!("\"{kind}\"")).count()
}

#[tokio::test]
async fn a_unit_behind_its_quota_pace_is_reminded_once_a_month_from_the_fifteenth() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let officer2 = ts.token("officer2", PASSWORD).await;
    // township2 keeps pace (its quota is 4 a month): two items, at least half.
    for t in ["一", "二"] {
        ts.post(
            &officer2,
            "/api/v1/items?submit=true",
            json!({"title": format!("第二镇信息{t}"), "body": "<p>正文</p>", "type": "dynamic"}),
        )
        .await;
    }
    let day: i64 = xinbao_app::i18n::local_time(ts.app.now())[8..10]
        .parse()
        .unwrap();
    if day < 15 {
        ts.clock.advance_seconds((15 - day) * 86_400);
        ts.post(
            &officer2,
            "/api/v1/items?submit=true",
            json!({"title": "第二镇信息三", "body": "<p>正文</p>", "type": "dynamic"}),
        )
        .await;
    }
    ts.app.tick().await.unwrap();
    assert_eq!(
        count(&ts, &officer, "quota_behind").await,
        1,
        "the township that sent nothing is reminded"
    );
    assert_eq!(
        count(&ts, &officer2, "quota_behind").await,
        0,
        "the one on pace is not"
    );
    ts.app.tick().await.unwrap();
    let (other, _base, stop) = ts.another_server(false).await;
    other.tick().await.unwrap();
    let _ = stop.send(());
    ts.clock.advance_seconds(86_400);
    ts.app.tick().await.unwrap();
    assert_eq!(
        count(&ts, &officer, "quota_behind").await,
        1,
        "once a month, whatever the ticks and instances"
    );
}
