//! Scoring schemes over the API: the file in and out, refusals naming the rule and reason,
//! the shipped examples loadable in one call.

use crate::common::*;
use crate::scoring_kit::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

const GOOD: &str = "name = \"县信息计分办法\"\neffective_from = \"2099-01-01\"\n\n[[rule]]\nid = \"县采用\"\non = \"adopted\"\nlevel = \"county\"\npoints = 3\n";

#[tokio::test]
async fn a_scheme_is_saved_from_its_file_and_a_bad_one_is_refused_naming_the_rule() {
    let ts = TestServer::start().await;
    let admin = ts.token("county-admin", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let officer = ts.token("officer", PASSWORD).await;
    let county = ts.org.county;
    let path = format!("/api/v1/scoring/scheme?office_id={county}");
    assert_eq!(ts.get(&admin, &path).await.status(), StatusCode::NOT_FOUND);

    let (status, body) = put_scheme(&ts, &admin, county, "name = \"x\"\n[[rule]\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (
            body["error"]["rule"].as_str(),
            body["error"]["reason"].as_str()
        ),
        (Some("#2"), Some("syntax"))
    );
    let overlap = format!(
        "{GOOD}\n[[rule]]\nid = \"任意采用\"\non = \"adopted\"\nitem_type = \"research\"\npoints = 5\n"
    );
    let (status, body) = put_scheme(&ts, &admin, county, &overlap).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["rule"], "任意采用");
    assert_eq!(body["error"]["reason"], "overlaps");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("县采用"),
        "the message names both rules"
    );
    let unknown = GOOD.replace(
        "level = \"county\"",
        "level = \"county\"\nperiodical = \"无此刊物\"",
    );
    let (status, body) = put_scheme(&ts, &admin, county, &unknown).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["reason"], "unknown_periodical");
    let closed = GOOD.replace("2099-01-01", "2001-01-01");
    let (status, body) = put_scheme(&ts, &admin, county, &closed).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "closed periods keep their scores"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("生效日期")
    );
    assert_eq!(
        put_scheme(&ts, &editor, county, GOOD).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ts.get(&admin, &path).await.status(),
        StatusCode::NOT_FOUND,
        "nothing was saved"
    );

    let (status, view) = put_scheme(&ts, &admin, county, GOOD).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["versions"].as_array().unwrap().len(), 1);
    assert!(view["current"].is_null(), "it takes effect in 2099");

    for name in ["政务要情", "政务快讯"] {
        let res = ts
            .post(&editor, "/api/v1/periodicals", json!({"name": name}))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let res = ts
        .post(
            &admin,
            &format!("/api/v1/scoring/scheme/shipped/liuan?office_id={county}"),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = ts.get(&officer, &path).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "a unit reads the rules it is scored by"
    );
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/toml")
    );
    let file = res.text().await.unwrap();
    assert!(file.contains("市政务要情采用") && file.contains("六安"));
    assert!(
        file.starts_with("# 六安 2013"),
        "the file comes back as it was written, comments included: {file}"
    );
    let (status, again) = put_scheme(&ts, &admin, county, &file).await;
    assert_eq!(status, StatusCode::OK, "the exported file imports again");
    assert_eq!(again["versions"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_townships_points_are_derived_from_its_item_and_each_one_is_explained() {
    let ts = TestServer::start().await;
    let officer = ts.token("officer", PASSWORD).await;
    let editor = ts.token("editor", PASSWORD).await;
    let prov = ts.token("prov-editor", PASSWORD).await;
    let county = ts.org.county;
    county_scheme(
        &ts,
        "[[rule]]\nid = \"县采用\"\non = \"adopted\"\nlevel = \"county\"\npoints = 3\n\n\
         [[rule]]\nid = \"报省\"\non = \"reported\"\nlevel = \"province\"\npoints = 5\n\n\
         [[rule]]\nid = \"省采用\"\non = \"adopted\"\nlevel = \"province\"\npoints = 40\n\n\
         [[rule]]\nid = \"省领导批示\"\non = \"instructed\"\nlevel = \"province\"\npoints = 30\n",
    )
    .await;
    let (id, up) = to_province(&ts, "秸秆禁烧零火点", "dynamic").await;
    let res = ts
        .post(
            &prov,
            &format!("/api/v1/items/{up}/instructions"),
            json!({"text": "好", "leader_level": "province", "leader_name": "省长"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);

    let path = format!(
        "/api/v1/scores?office_id={county}&unit_id={}",
        ts.org.township
    );
    let scores: Value = ts.get(&officer, &path).await.json().await.unwrap();
    let mine = &scores[0];
    assert_eq!(mine["unit_id"], ts.org.township);
    assert_eq!(mine["points"], 78.0, "3 + 5 + 40 + 30: {mine}");
    assert_eq!(mine["rank"], 1);
    let mut rules: Vec<&str> = mine["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    rules.sort_unstable();
    assert_eq!(rules, ["县采用", "报省", "省采用", "省领导批示"]);
    assert!(
        mine["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["item_id"] == id),
        "each point names the item"
    );
    let res = ts
        .post(&editor, "/api/v1/scoring/penalties",
              json!({"unit_id": ts.org.township, "points": -10, "reason": "约稿未报", "office_id": county}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let bad = ts
        .post(
            &editor,
            "/api/v1/scoring/penalties",
            json!({"unit_id": ts.org.township, "points": -10, "reason": "", "office_id": county}),
        )
        .await;
    assert_eq!(
        bad.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a penalty needs its reason"
    );
    let forbidden = ts
        .post(&officer, "/api/v1/scoring/penalties",
              json!({"unit_id": ts.org.township, "points": 10, "reason": "自己加分", "office_id": county}))
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    let scores: Value = ts.get(&officer, &path).await.json().await.unwrap();
    assert_eq!(scores[0]["points"], 68.0);
    let pen = scores[0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["rule"] == "penalty")
        .unwrap();
    assert_eq!(
        (pen["points"].as_f64(), pen["reason"].as_str()),
        (Some(-10.0), Some("约稿未报"))
    );
    let officer2 = ts.token("officer2", PASSWORD).await;
    assert_eq!(
        ts.get(&officer2, &path).await.status(),
        StatusCode::FORBIDDEN,
        "another township's points are not its business"
    );
    let all: Value = ts
        .get(&editor, &format!("/api/v1/scores?office_id={county}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1);

    let xlsx = ts
        .get(
            &editor,
            &format!("/api/v1/bulletins?office_id={county}&format=xlsx"),
        )
        .await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.unwrap();
    let row = sheet_row(&bytes, "通报", 4);
    assert_eq!(
        row,
        ["1", "1", "测试镇", "乡镇(街道)", "1", "1", "100.0%", "68"],
        "rank, rank within its kind, unit, kind, sent, adopted, rate, points"
    );
    let marks = sheet_row(&bytes, "采用及批示", 1)[3].clone();
    assert_eq!(marks, "县采用；省采用；省领导批示");
    let docx = ts
        .get(
            &editor,
            &format!("/api/v1/bulletins?office_id={county}&format=docx"),
        )
        .await;
    assert_eq!(docx.status(), StatusCode::OK);
    let doc = docx_rs::read_docx(&docx.bytes().await.unwrap()).unwrap();
    let text: String = doc
        .document
        .children
        .iter()
        .filter_map(|c| match c {
            docx_rs::DocumentChild::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .collect();
    assert!(
        text.contains("党政信息工作通报") && text.contains("秸秆禁烧零火点"),
        "{text}"
    );
    let res = ts
        .get(&officer, &format!("/api/v1/bulletins?office_id={county}"))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = ts
        .get(
            &editor,
            &format!("/api/v1/bulletins?office_id={county}&format=pdf"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let a: Value = ts
        .get(&editor, &format!("/api/v1/assessment?office_id={county}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(a["collective"][0]["name"], "测试镇", "{a}");
    assert_eq!(a["collective"][0]["points"], 68.0);
    assert_eq!(
        a["individual"][0]["name"], "测试officer",
        "the author of the points"
    );
    assert_eq!(
        a["instructed"][0]["item_id"], id,
        "a provincial leader's instruction"
    );
    assert_eq!(
        a["research"].as_array().unwrap().len(),
        0,
        "no research report"
    );
    let x = ts
        .get(
            &editor,
            &format!("/api/v1/assessment?office_id={county}&format=xlsx"),
        )
        .await;
    assert_eq!(x.status(), StatusCode::OK);
    assert_eq!(
        ts.get(&officer, &format!("/api/v1/assessment?office_id={county}"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
