//! The weekly list of items sent to the province, quotas per week counting adopted items,
//! structure targets, and the points page's penalty form and exports.

use crate::common::*;
use crate::scoring_kit::*;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn the_weekly_list_shows_each_countys_items_that_reached_the_province() {
    let ts = TestServer::start().await;
    let (_, up) = to_province(&ts, "县里防汛经验", "experience").await;
    let prov = ts.token("prov-editor", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let officer = ts.token("officer", PASSWORD).await;
    let today = &xinbao_app::i18n::local_time(ts.app.now())[..10];
    let path = |office: i64, rest: &str| {
        format!("/api/v1/bulletins/weekly?office_id={office}&week={today}{rest}")
    };
    let list: Value = ts
        .get(&prov, &path(ts.org.province, ""))
        .await
        .json()
        .await
        .unwrap();
    let county = &list["counties"][0];
    assert_eq!(county["name"], "测试县委办公室", "{list}");
    assert_eq!(
        (county["sent"].as_i64(), county["adopted"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(county["items"][0]["title"], "县里防汛经验");
    assert_eq!(
        county["items"][0]["unit"], "测试镇",
        "where it was first written"
    );
    assert!(county["types"].as_str().unwrap().contains("1条"));
    let own: Value = ts
        .get(&editor, &path(ts.org.county, ""))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        own["counties"].as_array().unwrap().len(),
        1,
        "the county sees its own"
    );
    let last_week: Value = ts
        .get(
            &prov,
            &format!("/api/v1/bulletins/weekly?office_id={}", ts.org.province),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        last_week["counties"].as_array().unwrap().is_empty(),
        "by default last week, when nothing was sent"
    );

    let xlsx = ts.get(&prov, &path(ts.org.province, "&format=xlsx")).await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let first = sheet_row(&xlsx.bytes().await.unwrap(), "清单", 1);
    assert_eq!(first[..3], ["测试县委办公室", "测试镇", "县里防汛经验"]);
    let docx = ts.get(&prov, &path(ts.org.province, "&format=docx")).await;
    assert_eq!(docx.status(), StatusCode::OK);
    assert!(docx_rs::read_docx(&docx.bytes().await.unwrap()).is_ok());

    assert_eq!(
        ts.get(&officer, &path(ts.org.county, "")).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ts.get(
            &prov,
            &format!(
                "/api/v1/bulletins/weekly?week=上周&office_id={}",
                ts.org.province
            )
        )
        .await
        .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(up > 0);
}

#[tokio::test]
async fn a_weekly_quota_of_adopted_items_and_the_structure_target_show_on_the_home_page_and_remind()
{
    let ts = TestServer::start().await;
    county_scheme(
        &ts,
        "[[rule]]\nid = \"县采用\"\non = \"adopted\"\nlevel = \"county\"\npoints = 3\n\n\
         [[target]]\nkind = \"township\"\nper = \"week\"\ncounting = \"adopted\"\nitems = 5\n\n\
         [[structure]]\ntypes = [\"problem\", \"special\", \"research\"]\nmin_percent = 80\n",
    )
    .await;
    to_province(&ts, "群众反映供暖问题", "problem").await;
    to_province(&ts, "镇里开展安全检查", "dynamic").await;
    let (b, _) = ts.web_sign_in("officer", PASSWORD).await;
    let home = ts.html(&b, "/").await;
    let card = home
        .split("progress-card")
        .nth(1)
        .expect("the progress card");
    assert!(
        card.contains("本周报送进度") && card.contains("每周采用任务"),
        "{card}"
    );
    assert!(
        card.contains("<strong>2</strong> / 5"),
        "2 adopted of 5: {card}"
    );
    assert!(
        card.contains("今年报省信息 2 条")
            && card.contains("50% / ≥ 80%")
            && card.contains("未达结构要求"),
        "one of two items at the province is a problem: {card}"
    );

    // From Thursday, a unit under half its weekly quota is reminded, once that week.
    let officer = ts.token("officer", PASSWORD).await;
    let count = |v: Value| v.to_string().matches("\"quota_behind\"").count();
    for _ in 0..7 {
        ts.app.tick().await.unwrap();
        ts.clock.advance_seconds(86_400);
    }
    let v: Value = ts
        .get(&officer, "/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        count(v),
        2,
        "the test clock starts on a Friday: reminded that day, and on the next week's Thursday"
    );
}

#[tokio::test]
async fn the_points_page_takes_a_penalty_with_its_reason_and_exports_the_bulletin() {
    let ts = TestServer::start().await;
    county_scheme(
        &ts,
        "[[rule]]\nid = \"县采用\"\non = \"adopted\"\nlevel = \"county\"\npoints = 3\n",
    )
    .await;
    let (id, _) = to_province(&ts, "镇里秋粮收购顺利", "dynamic").await;
    let (b, csrf) = ts.web_sign_in("editor", PASSWORD).await;
    let page = ts.html(&b, "/scores").await;
    assert!(
        page.contains("id=\"penalty-form\"") && page.contains("本季度"),
        "{page}"
    );
    let form = |points: &str, reason: &str, corrects: &str| {
        vec![
            ("_csrf", csrf.clone()),
            ("office_id", ts.org.county.to_string()),
            ("unit_id", ts.org.township.to_string()),
            ("points", points.to_string()),
            ("reason", reason.to_string()),
            ("item_id", id.to_string()),
            ("corrects_id", corrects.to_string()),
        ]
    };
    let post = |f: Vec<(&'static str, String)>| {
        let b = b.clone();
        let url = ts.url("/scores/penalties");
        async move { b.post(url).form(&f).send().await.unwrap() }
    };
    let res = post(form("-10", "信息失实", "")).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "back to the points page"
    );
    let back = res.headers()["location"].to_str().unwrap().to_string();
    let page = b
        .get(ts.url(&back))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("信息失实") && page.contains("-7分"),
        "3 − 10: {page}"
    );
    assert_eq!(
        post(form("10", "经核实撤销扣分", "1")).await.status(),
        StatusCode::SEE_OTHER
    );
    for bad in [
        form("-5", "", ""),
        form("-5", "理由", "999"),
        form("多少", "理由", ""),
    ] {
        assert_eq!(post(bad).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let scores: Value = ts
        .get(
            &ts.token("editor", PASSWORD).await,
            &format!("/api/v1/scores?office_id={}", ts.org.county),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        scores[0]["points"], 3.0,
        "the correction cancels the penalty; nothing refused was kept"
    );

    let today = &xinbao_app::i18n::local_time(ts.app.now())[..10];
    let res = b
        .get(ts.url(&format!(
            "/scores/export/bulletin?from={today}&to={today}&format=docx&office_id={}",
            ts.org.county
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".docx"),
        "a Word download"
    );
    let (officer, _) = ts.web_sign_in("officer", PASSWORD).await;
    let res = officer
        .get(ts.url(&format!(
            "/scores/export/weekly?format=xlsx&office_id={}",
            ts.org.county
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
