use crate::common::{PASSWORD, TestServer};
use reqwest::StatusCode;

fn id_from(res: &reqwest::Response) -> i64 {
    let loc = res.headers()["location"].to_str().unwrap();
    loc.trim_start_matches("/items/").parse().unwrap()
}

#[tokio::test]
async fn an_item_goes_round_the_cycle_through_the_web_pages() {
    let s = TestServer::start().await;
    let (officer, ocsrf) = s.web_sign_in("officer", PASSWORD).await;
    let form = [
        ("_csrf", ocsrf.as_str()),
        ("title", "城关镇网页测试"),
        ("body", "<p class=\"Mso\">第一段</p><p>第二段</p>"),
        ("item_type", "dynamic"),
        ("then", "submit"),
    ];
    let res = officer
        .post(s.url("/items"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = id_from(&res);
    let page = officer
        .get(s.url(&format!("/items/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("已报送") && page.contains("<p>第一段</p>"),
        "{page}"
    );

    let (editor, ecsrf) = s.web_sign_in("editor", PASSWORD).await;
    let inbox = editor
        .get(s.url("/inbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(inbox.contains("城关镇网页测试"));
    let res = editor
        .post(s.url(&format!("/items/{id}/do/return")))
        .form(&[("_csrf", ecsrf.as_str()), ("comment", "请补充数据")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = officer
        .get(s.url(&format!("/items/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("退回意见：请补充数据"));

    let edit = officer
        .get(s.url(&format!("/items/{id}/edit")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let version = edit
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let form = [
        ("_csrf", ocsrf.as_str()),
        ("title", "城关镇网页测试（修改）"),
        ("body", "第一段，补充了数据。"),
        ("item_type", "dynamic"),
        ("version", &version),
        ("then", "submit"),
    ];
    let res = officer
        .post(s.url(&format!("/items/{id}")))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = editor
        .post(s.url(&format!("/items/{id}/do/adopt")))
        .form(&[("_csrf", ecsrf.as_str()), ("periodical", "每日要情")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = officer
        .get(s.url(&format!("/items/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("采用") && page.contains("每日要情"));
    let diff = officer
        .get(s.url(&format!("/items/{id}/diff?from=1&to=2")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        diff.contains("<ins>") && diff.contains("<del>"),
        "the writer sees how the text changed"
    );
    for path in [
        "/items",
        "/inbox?status=adopted",
        "/notifications",
        "/signoffs",
        "/",
    ] {
        let b = if path == "/items" { &officer } else { &editor };
        assert_eq!(
            b.get(s.url(path)).send().await.unwrap().status(),
            StatusCode::OK,
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_stale_save_on_the_web_shows_both_versions_and_loses_nothing() {
    let s = TestServer::start().await;
    let (officer, csrf) = s.web_sign_in("officer", PASSWORD).await;
    let form = [
        ("_csrf", csrf.as_str()),
        ("title", "冲突测试"),
        ("body", "原文"),
        ("item_type", "dynamic"),
        ("then", "save"),
    ];
    let id = id_from(
        &officer
            .post(s.url("/items"))
            .form(&form)
            .send()
            .await
            .unwrap(),
    );
    let save = |title: &'static str| {
        let form = [
            ("_csrf", csrf.clone()),
            ("title", title.to_string()),
            ("body", format!("{title}的正文")),
            ("item_type", "dynamic".into()),
            ("version", "1".into()),
            ("then", "save".into()),
        ];
        officer
            .post(s.url(&format!("/items/{id}")))
            .form(&form)
            .send()
    };
    assert_eq!(
        save("第一次保存").await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    let res = save("第二次保存").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("id=\"conflict\"")
            && page.contains("第一次保存的正文")
            && page.contains("第二次保存的正文")
    );
}

#[tokio::test]
async fn the_editor_merges_from_the_inbox_page() {
    let s = TestServer::start().await;
    let mut ids = Vec::new();
    for (user, title) in [("officer", "甲镇情况"), ("officer2", "乙镇情况")] {
        let (b, csrf) = s.web_sign_in(user, PASSWORD).await;
        let form = [
            ("_csrf", csrf.as_str()),
            ("title", title),
            ("body", "正文"),
            ("item_type", "dynamic"),
            ("then", "submit"),
        ];
        ids.push(id_from(
            &b.post(s.url("/items")).form(&form).send().await.unwrap(),
        ));
    }
    let (editor, csrf) = s.web_sign_in("editor", PASSWORD).await;
    let list = format!("{},{}", ids[0], ids[1]);
    let page = editor
        .get(s.url(&format!("/inbox/merge?ids={list}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("甲镇情况") && page.contains("乙镇情况"));
    let res = editor
        .post(s.url("/inbox/merge"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("ids", &list),
            ("title", "两镇综合"),
            ("body", "综合正文"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cid = id_from(&res);
    let page = editor
        .get(s.url(&format!("/items/{cid}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("综合自") && page.contains("50%"));
}
