//! Items as the store reads them: packed for a recompute, the items below a change, unknown statuses refused.

use super::*;

#[tokio::test]
async fn items_packed_for_a_full_recompute_come_back_whole_with_any_periodical_name() {
    use xinbao_store::bulk::{self, BulkItem};
    use xinbao_store::score_entries as se;
    use xinbao_store::score_ranges as sr;
    let db = TestDb::new().await;
    let mut w = db.store.write().await.unwrap();
    let base = an_item_at_a_county(&mut w).await;
    let item = |status, periodical, at| BulkItem {
        status,
        at,
        periodical,
        ..base.clone()
    };
    // Quotes, a comma, a backslash, a tab and a line break: what JSON and CSV must escape.
    let name = "《政务\"要情\"》,增刊\\第1期\t专报\n（二）";
    let ids = bulk::items(
        &mut w.conn(),
        &[
            item("adopted", Some(name), 1000),
            item("submitted", None, 2000),
        ],
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let mut r = db.store.read().await.unwrap();
    let packed = sr::packed_items(&mut r.conn(), 0, sr::RANGE, 0)
        .await
        .unwrap();
    let mut rows = packed.unwrap().into_items().unwrap();
    rows.sort_by_key(|i| i.id);
    let by_id = se::items(&mut r.conn(), &ids).await.unwrap();
    let mut expected: Vec<_> = by_id
        .into_iter()
        .map(|i| se::ScoreItem {
            // A recompute walks chains upward: the item below is not packed.
            source_item_id: None,
            ..i
        })
        .collect();
    expected.sort_by_key(|i| i.id);
    assert_eq!(rows, expected);
    assert_eq!(rows[0].periodical.as_deref(), Some(name));
    assert_eq!(rows[1].periodical, None);
    let none = sr::packed_items(&mut r.conn(), sr::RANGE, 2 * sr::RANGE, 0)
        .await
        .unwrap();
    let none = none.map_or(Ok(Vec::new()), sr::Packed::into_items).unwrap();
    assert!(none.is_empty());
    assert_eq!(sr::items_since(&mut r.conn(), 0).await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_items_below_a_change_are_its_copies_all_the_way_down_and_what_it_was_combined_into() {
    use xinbao_store::bulk::{self, BulkItem};
    let db = TestDb::new().await;
    let mut w = db.store.write().await.unwrap();
    let base = an_item_at_a_county(&mut w).await;
    let mut ids: Vec<i64> = Vec::new();
    // A county item, its copy at the city, that copy's copy at the province; then two
    // unrelated items, the first combined into the second.
    for source in [None, Some(0), Some(1), None, None] {
        let item = BulkItem {
            source_item_id: source.map(|s: usize| ids[s]),
            ..base.clone()
        };
        ids.extend(bulk::items(&mut w.conn(), &[item]).await.unwrap());
    }
    with_conn!(&mut w.conn(), |x| sqlx::query(
        "UPDATE items SET combined_into_id = $1 WHERE id = $2"
    )
    .bind(ids[4])
    .bind(ids[3])
    .execute(x)
    .await
    .map(|_| ()))
    .unwrap();
    w.commit().await.unwrap();
    let mut r = db.store.read().await.unwrap();
    assert_eq!(below(&mut r, &[ids[2]]).await, vec![ids[0], ids[1], ids[2]]);
    assert_eq!(below(&mut r, &[ids[1]]).await, vec![ids[0], ids[1]]);
    assert_eq!(below(&mut r, &[ids[3]]).await, vec![ids[3], ids[4]]);
    assert_eq!(
        below(&mut r, &[ids[4]]).await,
        vec![ids[4]],
        "nothing below"
    );
    assert_eq!(below(&mut r, &[ids[2], ids[3]]).await.len(), 5);
    assert!(below(&mut r, &[]).await.is_empty());
}

/// The ids `items_below` finds under `of`, in order.
async fn below(r: &mut xinbao_store::Read, of: &[i64]) -> Vec<i64> {
    let mut got: Vec<i64> = xinbao_store::score_entries::items_below(&mut r.conn(), of)
        .await
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    got.sort();
    got
}

/// A submitted item of a new county office, written by a new person there (not inserted).
async fn an_item_at_a_county(w: &mut xinbao_store::Write) -> xinbao_store::bulk::BulkItem {
    let o = units::insert(&mut w.conn(), &office("某县委办公室", None), 1)
        .await
        .unwrap();
    let p = people::NewPerson {
        username: "wang".into(),
        name: "王芳".into(),
        password_hash: "x".into(),
        ..Default::default()
    };
    let author = people::insert(&mut w.conn(), &p, 1).await.unwrap();
    xinbao_store::bulk::BulkItem {
        unit_id: o,
        office_id: o,
        author_id: author,
        title: "标题".into(),
        body: "正文".into(),
        item_type: "problem",
        status: "submitted",
        at: 1000,
        ..Default::default()
    }
}

#[tokio::test]
async fn an_unknown_status_in_the_database_is_an_error_naming_the_column_not_a_default() {
    let db = TestDb::new().await;
    let mut w = db.store.write().await.unwrap();
    let unit = units::insert(&mut w.conn(), &office("某县委办公室", None), 1)
        .await
        .unwrap();
    let person = people::insert(
        &mut w.conn(),
        &people::NewPerson {
            username: "writer".into(),
            name: "写稿人".into(),
            phone: None,
            title: None,
            email: None,
            password_hash: String::new(),
            must_change_password: false,
        },
        1,
    )
    .await
    .unwrap();
    let id: i64 = with_conn!(&mut w.conn(), |x| {
        sqlx::query_scalar(
            "INSERT INTO items (unit_id, author_id, title, body, body_text, item_type, importance, \
             urgency, urgent_rank, sensitivity, topics, authors, status, version, revision, \
             direct_report, created_at, updated_at) VALUES ($1, $2, '标题', '', '', 'dynamic', \
             'general', 'normal', 0, 'none', '', '', 'drafted', 1, 1, FALSE, 1, 1) RETURNING id",
        )
        .bind(unit)
        .bind(person)
        .fetch_one(x)
        .await
    })
    .unwrap();
    let err = xinbao_store::items::get(&mut w.conn(), id)
        .await
        .expect_err("an unknown status must not decode");
    let text = err.to_string();
    assert!(text.contains("decoding column status"), "{text}");
}
