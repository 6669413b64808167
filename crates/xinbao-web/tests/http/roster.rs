use crate::common::{PASSWORD, TestServer};
use reqwest::{Client, StatusCode};
use serde_json::Value;

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from(
        "\u{feff}单位名称,上级单位,单位类别,办公室级别,责任科室,姓名,用户名,角色,手机,职务\n",
    );
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

async fn import(s: &TestServer, token: &str, body: Vec<u8>) -> reqwest::Response {
    Client::new()
        .post(s.url("/api/v1/roster"))
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn counts(s: &TestServer, token: &str) -> (usize, usize) {
    let u: Value = s.get(token, "/api/v1/units").await.json().await.unwrap();
    let p: Value = s.get(token, "/api/v1/people").await.json().await.unwrap();
    (u.as_array().unwrap().len(), p.as_array().unwrap().len())
}

#[tokio::test]
async fn a_roster_with_broken_rows_imports_nothing_and_lists_every_bad_line() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    let before = counts(&s, &t).await;
    let body = csv(&[
        "好镇,测试县委办公室,乡镇,,党政办,王芳,wangfang,信息员,13800000001,",
        ",测试县委办公室,乡镇,,,,,,,",
        "坏镇,不存在的县,乡镇,,,李强,liqiang,信息员,,",
        "怪镇,测试县委办公室,工厂,,,,,,,",
        "好镇,测试县委办公室,乡镇,,,赵敏,张三丰,信息员,,",
        "好镇,测试县委办公室,乡镇,,,孙丽,sunli,校长,,",
    ]);
    let res = import(&s, &t, body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["code"], "roster_invalid");
    let rows = err["error"]["rows"].as_array().unwrap();
    let lines: Vec<i64> = rows.iter().map(|r| r["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, vec![3, 4, 5, 6, 7]);
    assert_eq!(rows[1]["message"], "第 4 行：上级单位“不存在的县”不存在");
    assert_eq!(rows[2]["message"], "第 5 行：单位类别“工厂”无法识别");
    assert_eq!(counts(&s, &t).await, before, "nothing was imported");
}

#[tokio::test]
async fn a_good_csv_roster_creates_units_people_and_roles_who_can_sign_in() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    let body = csv(&[
        "新区委办公室,测试省委办公厅,办公室,县级,信息科,陈静,chenjing,编辑、审签领导(科长),13800000002,科长",
        "新区街道,新区委办公室,街道,,党政办,周杰,zhoujie,信息员,13800000003,",
        "新区街道,新区委办公室,街道,,党政办,吴磊,wulei,分管领导,,副主任",
    ]);
    let res = import(&s, &t, body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["units_created"], 2);
    assert_eq!(report["people_created"], 3);
    assert_eq!(report["roles_granted"], 4);
    let pw = report["initial_passwords"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["username"] == "zhoujie")
        .unwrap()["password"]
        .as_str()
        .unwrap()
        .to_string();
    let officer = s.token("zhoujie", &pw).await;
    let me: Value = s.get(&officer, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["units"][0]["name"], "新区街道");
    assert_eq!(me["must_change_password"], true);
}

#[tokio::test]
async fn an_xlsx_roster_from_excel_imports_the_same_way() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    let rows = [
        [
            "单位名称",
            "上级单位",
            "单位类别",
            "姓名",
            "用户名",
            "角色",
            "手机",
        ],
        [
            "河湾镇",
            "测试县委办公室",
            "乡镇",
            "郑爽",
            "zhengshuang",
            "信息员",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    sheet.write_number(1, 6, 13_800_000_004.0).unwrap();
    let res = import(&s, &t, wb.save_to_buffer().unwrap()).await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let people: Value = s
        .get(&t, "/api/v1/people?q=zhengshuang")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(people[0]["phone"], "13800000004");
}

#[tokio::test]
async fn the_roster_template_downloads_as_xlsx_and_as_csv() {
    let s = TestServer::start().await;
    let t = s.token("admin", PASSWORD).await;
    let res = s.get(&t, "/api/v1/roster/template?format=xlsx").await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"));
    let res = s.get(&t, "/api/v1/roster/template?format=csv").await;
    let text = res.text().await.unwrap();
    assert!(text.contains("单位名称") && text.contains("某某县委办公室"));
}

#[tokio::test]
async fn an_officer_cannot_import_a_roster() {
    let s = TestServer::start().await;
    let t = s.token("officer", PASSWORD).await;
    let res = import(&s, &t, csv(&["甲镇,测试县委办公室,乡镇,,,,,,,"])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
