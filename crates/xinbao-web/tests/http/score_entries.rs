//! Score entries are kept in each change's transaction; a full recompute from the items must
//! give exactly the stored entries, whatever happened to the items (both backends).

use crate::common::*;
use xinbao_app::{Actor, App, ItemInput};

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn pick(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

async fn sorted(mut rows: Vec<xinbao_store::score_entries::EntryRow>) -> Vec<String> {
    rows.sort_by_key(|r| (r.root_id, r.event, r.unit_id));
    rows.iter().map(|r| format!("{r:?}")).collect()
}

async fn assert_in_step(app: &App, when: &str) {
    let stored = sorted(app.stored_scores().await.unwrap()).await;
    let fresh = sorted(app.recomputed_scores().await.unwrap()).await;
    assert_eq!(
        stored, fresh,
        "stored entries differ from a recompute {when}"
    );
}

async fn actors(app: &App, names: &[&str]) -> Vec<Actor> {
    let mut out = Vec::new();
    for n in names {
        out.push(app.actor_named(n).await.unwrap());
    }
    out
}

#[tokio::test]
async fn stored_score_entries_equal_a_full_recompute_after_random_item_histories() {
    let ts = TestServer::start_demo().await;
    let app = &ts.app;
    xinbao_demo::build_demo_items(app).await.unwrap();
    xinbao_demo::build_demo_periodicals(app).await.unwrap();
    xinbao_demo::build_demo_scoring(app).await.unwrap();
    assert_in_step(app, "after the demo").await;
    assert!(
        !app.stored_scores().await.unwrap().is_empty(),
        "the demo scores"
    );
    let officers = actors(app, &["c1x1t1-officer", "c1x1t2-officer", "c1x1t3-officer"]).await;
    let [editor, signer, city, prov]: [Actor; 4] = actors(
        app,
        &["c1x1-editor", "c1x1-signer3", "c1-editor", "sheng-editor"],
    )
    .await
    .try_into()
    .unwrap();
    let mut rng = Lcg(7);
    let mut ids: Vec<i64> = Vec::new();
    let types = ["dynamic", "problem", "research", "experience"];
    for step in 0..120 {
        let id = ids.get(rng.pick(ids.len().max(1))).copied();
        match (rng.pick(9), id) {
            (0 | 1, _) | (_, None) => {
                let input = ItemInput {
                    title: format!("随机信息第{step}条"),
                    body: "<p>正文</p>".into(),
                    item_type: types[rng.pick(types.len())].into(),
                    ..Default::default()
                };
                let who = &officers[rng.pick(officers.len())];
                if let Ok(row) = app.create_and_submit(who, &input, None).await {
                    ids.push(row.id);
                }
            }
            (2, Some(id)) => {
                let p = ["每日要情", "信息快报"][rng.pick(2)];
                let _ = app.adopt_item(&editor, id, Some(p)).await;
                let _ = app.adopt_item(&editor, id, None).await;
            }
            (3, Some(id)) => {
                let _ = app.reserve_item(&editor, id, "备用").await;
            }
            (4, Some(id)) => {
                if let Ok(up) = app.forward_item(&editor, id, rng.pick(2) == 0).await {
                    let _ = app.approve_item(&signer, up.id, "").await;
                    ids.push(up.id);
                }
            }
            (5, Some(id)) => {
                let _ = app.adopt_item(&city, id, None).await;
                if let Ok(up) = app.forward_item(&city, id, false).await {
                    ids.push(up.id);
                }
                let _ = app.adopt_item(&prov, id, None).await;
            }
            (6, Some(id)) => {
                let level = ["county", "city", "province"][rng.pick(3)];
                for who in [&editor, &city, &prov] {
                    let input = xinbao_app::instructions::InstructionInput {
                        text: "请抓好落实".into(),
                        leader_level: level.into(),
                        leader_name: "领导".into(),
                        ..Default::default()
                    };
                    let _ = app.add_instruction(who, id, &input).await;
                }
            }
            (7, Some(id)) => {
                let other = ids[rng.pick(ids.len())];
                let input = ItemInput {
                    title: "综合信息".into(),
                    body: "<p>综合</p>".into(),
                    item_type: "dynamic".into(),
                    ..Default::default()
                };
                if let Ok(row) = app.merge_items(&editor, &[id, other], &input).await {
                    ids.push(row.id);
                }
            }
            (_, Some(id)) => {
                let _ = app.decline_item(&editor, id, "不予采用", "").await;
            }
        }
        if step % 30 == 29 {
            assert_in_step(app, &format!("at step {step}")).await;
        }
    }
    let stored = app.stored_scores().await.unwrap();
    for kind in ["reported", "adopted", "instructed"] {
        assert!(
            stored.iter().any(|e| e.kind == kind),
            "the histories gave {kind} entries"
        );
    }
    assert_in_step(app, "at the end").await;
    let n = app.rebuild_scores().await.unwrap();
    assert_eq!(n, stored.len(), "a rebuild writes what was kept");
}

#[tokio::test]
async fn changing_an_offices_level_rescores_the_items_that_passed_through_it() {
    let ts = TestServer::start().await;
    let app = &ts.app;
    crate::scoring_kit::county_scheme(
        &ts,
        "[[rule]]\nid = \"省采用\"\non = \"adopted\"\nlevel = \"province\"\npoints = 40\n\n\
         [[rule]]\nid = \"市采用\"\non = \"adopted\"\nlevel = \"city\"\npoints = 10\n",
    )
    .await;
    crate::scoring_kit::to_province(&ts, "某县经验做法", "experience").await;
    assert_in_step(app, "before the change").await;
    let rules = |rows: &[xinbao_store::score_entries::EntryRow]| -> Vec<String> {
        rows.iter().map(|e| e.rule.clone()).collect()
    };
    assert!(rules(&app.stored_scores().await.unwrap()).contains(&"省采用".to_string()));
    // The office above the county had been entered at the wrong level: it is a city's.
    let row = app
        .organisation(&xinbao_app::Actor::system())
        .await
        .unwrap()
        .rows[&ts.org.province]
        .clone();
    let input = xinbao_app::UnitInput {
        office_level: Some("city".into()),
        ..xinbao_app::UnitInput::of(&row)
    };
    app.update_unit(&Actor::system(), ts.org.province, &input)
        .await
        .unwrap();
    assert_in_step(app, "after the office's level changed").await;
    let stored = rules(&app.stored_scores().await.unwrap());
    assert!(stored.contains(&"市采用".to_string()), "{stored:?}");
    assert!(!stored.contains(&"省采用".to_string()), "{stored:?}");
}

/// The check every test ends with notices entries out of step with the items: here one that
/// no item earns (a draft scores nothing), written behind the use cases' back.
#[tokio::test]
#[should_panic(expected = "differ from a full recompute")]
async fn the_end_of_test_check_notices_stored_entries_out_of_step() {
    let ts = TestServer::start_demo().await;
    let officer = ts.app.actor_named("c1x1t1-officer").await.unwrap();
    let input = ItemInput {
        title: "草稿".into(),
        body: "正文".into(),
        item_type: "dynamic".into(),
        ..Default::default()
    };
    let item = ts.app.create_item(&officer, &input, None).await.unwrap();
    let unit = officer.principal.grants[0].unit_id.0;
    let row = xinbao_store::score_entries::EntryRow {
        root_id: item.id,
        office_id: ts.org.province,
        root_at: 0,
        unit_id: unit,
        event: 1,
        kind: "reported".into(),
        at: 0,
        rule: "forged".into(),
        points: 100,
        note: None,
    };
    let mut r = ts.db.store.writer_connection().await.unwrap();
    xinbao_store::score_entries::insert(&mut r.conn(), &[row])
        .await
        .unwrap();
}
