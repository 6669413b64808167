//! Storage tests. Each runs on the suite's backend (SQLite, or PostgreSQL when
//! `XINBAO_TEST_DATABASE_URL` is set), each in its own database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "store/item_group.rs"]
mod item_group;
#[path = "store/items.rs"]
mod items;
#[path = "store/org.rs"]
mod org;
#[path = "store/transfer.rs"]
mod transfer;

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
