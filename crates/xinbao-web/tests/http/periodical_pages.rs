//! The periodical pages in a signed-in browser: a periodical made through its form, an issue
//! compiled from adopted items, edited, frozen (the page locks and a posted edit is refused),
//! signed off and published; the print page, the reading view, and the archive search.

use crate::common::*;
use crate::periodicals::adopted_item;
use reqwest::StatusCode;

async fn text(b: &reqwest::Client, url: String) -> (StatusCode, String) {
    let r = b.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn post(b: &reqwest::Client, url: String, form: &[(&str, &str)]) -> reqwest::Response {
    b.post(url).form(form).send().await.unwrap()
}

#[tokio::test]
async fn an_issue_is_compiled_edited_frozen_signed_off_published_printed_and_read_in_the_pages() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let a = adopted_item(&ts, &officer, &editor, "页面编辑的第一条").await;
    let b_id = adopted_item(&ts, &officer, &editor, "页面编辑的第二条").await;
    let (b, csrf) = ts.web_sign_in("editor", PASSWORD).await;
    let c = csrf.as_str();
    let res = post(
        &b,
        ts.url("/periodicals"),
        &[
            ("_csrf", c),
            ("name", "每日要情"),
            ("restart_yearly", "on"),
            ("columns", "工作动态\n基层信息"),
            ("signoff_level", "section"),
            ("copies", "30"),
            ("dist_up", "市委办公室"),
            ("dist_down", "各乡镇"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let at = res.headers()["location"].to_str().unwrap().to_string();
    let (_, list) = text(&b, ts.url("/periodicals")).await;
    assert!(list.contains("《每日要情》"));
    let (_, archive) = text(&b, ts.url(&at)).await;
    assert!(
        archive.contains("页面编辑的第一条"),
        "adopted items are offered"
    );
    let (_, found) = text(&b, ts.url(&format!("{at}?find=第二条"))).await;
    assert!(found.contains("页面编辑的第二条") && !found.contains("页面编辑的第一条"));
    let (sa, sb) = (a.to_string(), b_id.to_string());
    let res = post(
        &b,
        ts.url(&format!("{at}/issues")),
        &[("_csrf", c), ("item", &sa), ("item", &sb)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let issue = res.headers()["location"].to_str().unwrap().to_string();
    let (_, page) = text(&b, ts.url(&issue)).await;
    assert!(page.contains("id=\"issue-edit\""));
    let version = page
        .split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let (pa, pb, ha) = (
        format!("pos_{a}"),
        format!("pos_{b_id}"),
        format!("headline_{a}"),
    );
    let ca = format!("column_{a}");
    let edit = [
        ("_csrf", c),
        ("version", version.as_str()),
        ("item", &sa),
        ("item", &sb),
        (pa.as_str(), "2"),
        (pb.as_str(), "1"),
        (ha.as_str(), "改写的标题"),
        (ca.as_str(), "工作动态"),
        ("editor_note", "请参阅。"),
    ];
    let res = post(&b, ts.url(&issue), &edit).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = text(&b, ts.url(&issue)).await;
    let (first, second) = (
        page.find("页面编辑的第二条").unwrap(),
        page.find("改写的标题").unwrap(),
    );
    assert!(first < second, "reordered");

    let res = post(&b, ts.url(&format!("{issue}/step/freeze")), &[("_csrf", c)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = text(&b, ts.url(&issue)).await;
    assert!(
        !page.contains("id=\"issue-edit\"") && page.contains("id=\"locked\""),
        "frozen locks the page"
    );
    let res = post(&b, ts.url(&issue), &edit).await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "and a posted edit is refused"
    );
    let (_, page) = text(&b, ts.url(&issue)).await;
    assert!(page.contains("改写的标题"), "nothing changed");

    let (sb2, scsrf) = ts.web_sign_in("county-signer", PASSWORD).await;
    let res = post(
        &sb2,
        ts.url(&format!("{issue}/step/sign_off")),
        &[("_csrf", scsrf.as_str())],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post(
        &b,
        ts.url(&format!("{issue}/step/publish")),
        &[("_csrf", c)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let (status, print) = text(&b, ts.url(&format!("{issue}/print"))).await;
    assert_eq!(status, StatusCode::OK);
    for want in [
        "class=\"masthead\"",
        "每日要情",
        "年第1期",
        "【工作动态】",
        "报：市委办公室",
        "（共印30份）",
        "/static/issue-print.css",
    ] {
        assert!(print.contains(want), "{want}");
    }
    let (status, css) = text(&b, ts.url("/static/issue-print.css")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(css.contains("size: A4"));

    let (status, read) = text(&sb2, ts.url(&format!("{issue}/read"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        read.contains("改写的标题") && read.contains("instruct-form"),
        "a leader reads and may instruct"
    );
    let (_, page) = text(&b, ts.url(&issue)).await;
    assert!(
        page.contains("id=\"readers\"") && page.contains("county-signer"),
        "the office sees who read it"
    );

    let (_, hit) = text(&b, ts.url(&format!("{at}?q=改写"))).await;
    let (_, miss) = text(&b, ts.url(&format!("{at}?q=没有这个词"))).await;
    assert!(
        hit.contains(&format!("href=\"{issue}\"")) && !miss.contains(&format!("href=\"{issue}\""))
    );
}
