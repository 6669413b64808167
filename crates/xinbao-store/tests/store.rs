//! Storage tests. Each runs on the suite's backend (SQLite, or PostgreSQL when
//! `XINBAO_TEST_DATABASE_URL` is set), each in its own database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use xinbao_domain::audit_chain::AuditKey;
use xinbao_domain::{Role, SignerLevel, UnitKind};
use xinbao_store::testing::{TestDb, postgres_admin_url};
use xinbao_store::units::{self, UnitFields};
use xinbao_store::{DbConfig, Store, StoreError, TABLES, audit, people, with_conn};

fn office(name: &str, parent: Option<i64>) -> UnitFields {
    UnitFields {
        name: name.into(),
        kind: UnitKind::Office,
        parent_id: parent,
        office_level: None,
        office_branch: None,
        report_to_id: None,
        quota_override: None,
        responsible_section: None,
    }
}

#[tokio::test]
async fn a_fresh_database_is_migrated_to_the_binary_version() {
    let db = TestDb::new().await;
    let v = xinbao_store::migrate::schema_version(&db.store)
        .await
        .unwrap();
    assert_eq!(v, xinbao_store::migrate::binary_version());
}

#[tokio::test]
async fn a_database_newer_than_the_binary_is_refused() {
    let db = TestDb::new().await;
    {
        let mut w = db.store.write().await.unwrap();
        with_conn!(&mut w.conn(), |x| {
            sqlx::query(
                "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                 VALUES (99999, 'from the future', TRUE, $1, 0)",
            )
            .bind(vec![0u8; 4])
            .execute(x)
            .await
            .map(|_| ())
        })
        .unwrap();
        w.commit().await.unwrap();
    }
    let err = Store::open(&DbConfig::new(db.url.clone()))
        .await
        .expect_err("must refuse");
    assert!(
        matches!(err, StoreError::SchemaTooNew { db: 99999, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn reopening_a_database_keeps_its_data() {
    let db = TestDb::new().await;
    let mut w = db.store.write().await.unwrap();
    let id = units::insert(&mut w.conn(), &office("某市委办公室", None), 1)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let again = Store::open(&DbConfig::new(db.url.clone())).await.unwrap();
    let mut r = again.read().await.unwrap();
    assert_eq!(
        units::get(&mut r.conn(), id).await.unwrap().unwrap().name,
        "某市委办公室"
    );
}

#[tokio::test]
async fn a_newer_binary_upgrades_an_older_database_without_losing_data() {
    let db = TestDb::new().await;
    let url = db.url.clone();
    // Build a second database as the first release left it: schema version 1 with data.
    let old_url = match db.store.backend() {
        xinbao_store::Backend::Sqlite => url.replace("xinbao.db", "old.db"),
        xinbao_store::Backend::Postgres => {
            TestDb::create_pg_database(&postgres_admin_url().unwrap()).await
        }
    };
    let old = Store::connect(&DbConfig::new(old_url.clone()))
        .await
        .unwrap();
    xinbao_store::migrate::apply_up_to(&old, 1).await.unwrap();
    assert_eq!(
        xinbao_store::migrate::schema_version(&old).await.unwrap(),
        1
    );
    let mut w = old.write().await.unwrap();
    let id = units::insert(&mut w.conn(), &office("旧版本的单位", None), 1)
        .await
        .unwrap();
    w.commit().await.unwrap();
    old.close().await;
    let upgraded = Store::open(&DbConfig::new(old_url.clone())).await.unwrap();
    assert_eq!(
        xinbao_store::migrate::schema_version(&upgraded)
            .await
            .unwrap(),
        xinbao_store::migrate::binary_version()
    );
    let mut r = upgraded.read().await.unwrap();
    assert_eq!(
        units::get(&mut r.conn(), id).await.unwrap().unwrap().name,
        "旧版本的单位"
    );
    drop(r);
    upgraded.close().await;
    if let Some(admin) = postgres_admin_url() {
        TestDb::drop_pg_database(&admin, old_url.rsplit('/').next().unwrap());
    }
}

#[tokio::test]
async fn unit_names_are_unique_under_one_parent_only() {
    let db = TestDb::new().await;
    let mut w = db.store.write().await.unwrap();
    let root = units::insert(&mut w.conn(), &office("省委办公厅", None), 1)
        .await
        .unwrap();
    let a = units::insert(&mut w.conn(), &office("甲市委办", Some(root)), 1)
        .await
        .unwrap();
    let b = units::insert(&mut w.conn(), &office("乙市委办", Some(root)), 1)
        .await
        .unwrap();
    units::insert(&mut w.conn(), &office("城关镇", Some(a)), 1)
        .await
        .unwrap();
    units::insert(&mut w.conn(), &office("城关镇", Some(b)), 1)
        .await
        .unwrap();
    let dup = units::insert(&mut w.conn(), &office("城关镇", Some(a)), 1).await;
    assert!(matches!(dup, Err(StoreError::Duplicate(_))), "{dup:?}");
}

#[tokio::test]
async fn a_stale_version_does_not_overwrite_a_unit() {
    let db = TestDb::new().await;
    let mut w = db.store.write().await.unwrap();
    let id = units::insert(&mut w.conn(), &office("甲", None), 1)
        .await
        .unwrap();
    assert!(
        units::update(&mut w.conn(), id, 1, &office("乙", None), 2)
            .await
            .unwrap()
    );
    assert!(
        !units::update(&mut w.conn(), id, 1, &office("丙", None), 3)
            .await
            .unwrap()
    );
    let row = units::get(&mut w.conn(), id).await.unwrap().unwrap();
    assert_eq!((row.name.as_str(), row.version), ("乙", 2));
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes() {
    let db = TestDb::new().await;
    let mut w = db.store.write().await.unwrap();
    let entry = audit::NewAudit {
        at: 1,
        action: "sign_in",
        detail: "x".into(),
        ..Default::default()
    };
    audit::append(&mut w.conn(), &AuditKey::TEST, &entry)
        .await
        .unwrap();
    w.commit().await.unwrap();
    for sql in ["UPDATE audit_log SET detail = 'y'", "DELETE FROM audit_log"] {
        let mut w = db.store.write().await.unwrap();
        let r = with_conn!(&mut w.conn(), |x| sqlx::query(sql)
            .execute(x)
            .await
            .map(|_| ()));
        assert!(r.is_err(), "{sql} must fail");
    }
    let mut r = db.store.read().await.unwrap();
    let rows = audit::list(&mut r.conn(), &Default::default(), 10, 0)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
}

#[tokio::test]
async fn the_table_list_names_every_table_of_the_schema() {
    let db = TestDb::new().await;
    let mut r = db.store.read().await.unwrap();
    let names = xinbao_store::dialect::schema::table_names(&mut r.conn())
        .await
        .unwrap();
    let mut expected: Vec<String> = TABLES.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn a_deactivated_persons_roles_stay_in_history() {
    let db = TestDb::new().await;
    let mut w = db.store.write().await.unwrap();
    let u = units::insert(&mut w.conn(), &office("甲", None), 1)
        .await
        .unwrap();
    let p = people::NewPerson {
        username: "lina".into(),
        name: "李娜".into(),
        password_hash: "x".into(),
        ..Default::default()
    };
    let pid = people::insert(&mut w.conn(), &p, 1).await.unwrap();
    let g = people::grant(&mut w.conn(), pid, u, Role::Officer, None, 1)
        .await
        .unwrap();
    assert!(people::end_grant(&mut w.conn(), g, 2).await.unwrap());
    assert!(!people::end_grant(&mut w.conn(), g, 3).await.unwrap());
    let again = people::grant(&mut w.conn(), pid, u, Role::Officer, None, 4).await;
    assert!(again.is_ok(), "a role can be granted again after it ended");
    let kept = people::get_grant(&mut w.conn(), g).await.unwrap().unwrap();
    assert_eq!((kept.active, kept.ended_at), (false, Some(2)));
}

/// Both dialects' migrations must produce the same tables and columns. Needs PostgreSQL.
#[tokio::test]
async fn transfer_db_copies_every_table_exactly_to_postgresql() {
    let Some(admin) = postgres_admin_url().or_else(local_postgres) else {
        eprintln!("skipped: no PostgreSQL (set XINBAO_TEST_DATABASE_URL to require it)");
        return;
    };
    let src = TestDb::sqlite().await;
    fill(&src.store).await;
    let dst = TestDb::postgres(&admin).await;
    let report = xinbao_store::transfer::transfer(&src.store, &dst.store)
        .await
        .unwrap();
    assert_eq!(report.len(), TABLES.len());
    for table in TABLES {
        let a = xinbao_store::transfer::dump_table(&src.store, &dst.store, table)
            .await
            .unwrap();
        let b = xinbao_store::transfer::dump_table(&dst.store, &dst.store, table)
            .await
            .unwrap();
        assert_eq!(a, b, "table {table} differs after transfer");
    }
    // New rows after the copy get fresh ids, not ones already used.
    let mut w = dst.store.write().await.unwrap();
    let next = units::insert(&mut w.conn(), &office("新单位", None), 9)
        .await
        .unwrap();
    assert!(next > 3);
    // A second transfer into a non-empty database is refused.
    assert!(
        xinbao_store::transfer::transfer(&src.store, &dst.store)
            .await
            .is_err()
    );
}

fn local_postgres() -> Option<String> {
    let url = "postgres://postgres@127.0.0.1:5432/test".to_string();
    std::net::TcpStream::connect("127.0.0.1:5432")
        .ok()
        .map(|_| url)
}

async fn fill(store: &Store) {
    let mut w = store.write().await.unwrap();
    let c = &mut w.conn();
    let root = units::insert(c, &office("省委办公厅", None), 1)
        .await
        .unwrap();
    let city = units::insert(c, &office("甲市委办", Some(root)), 2)
        .await
        .unwrap();
    let gov = units::insert(c, &office("甲市政府办", Some(root)), 2)
        .await
        .unwrap();
    units::link_peers(c, city, gov).await.unwrap();
    units::set_active(c, gov, false, 3).await.unwrap();
    let p = people::NewPerson {
        username: "lina".into(),
        name: "李娜".into(),
        phone: Some("13800138000".into()),
        password_hash: "h".into(),
        ..Default::default()
    };
    let pid = people::insert(c, &p, 4).await.unwrap();
    people::grant(c, pid, city, Role::Signer, Some(SignerLevel::Deputy), 5)
        .await
        .unwrap();
    xinbao_store::sessions::create(c, "sess", pid, "csrf", 6, Some("127.0.0.1"))
        .await
        .unwrap();
    xinbao_store::tokens::create(c, pid, "脚本", "hash", 7, None)
        .await
        .unwrap();
    audit::append(
        c,
        &AuditKey::TEST,
        &audit::NewAudit {
            at: 8,
            actor_id: Some(pid),
            action: "sign_in",
            detail: "{\"a\":1}".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
}

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
