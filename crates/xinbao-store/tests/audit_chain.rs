//! The keyed audit chain on the suite's backend (SQLite, or PostgreSQL when
//! `XINBAO_TEST_DATABASE_URL` is set): intact chains verify, and every edit, deletion or
//! reordering made by someone who dropped the triggers is found and named.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use xinbao_domain::audit_chain::AuditKey;
use xinbao_store::audit::{self, NewAudit};
use xinbao_store::audit_chain::{self, ChainStatus};
use xinbao_store::testing::{TestDb, postgres_admin_url};
use xinbao_store::{Backend, DbConfig, Store, with_conn};

async fn append(store: &Store, key: &AuditKey, n: i64) {
    let mut w = store.write().await.unwrap();
    let detail = format!("{{\"n\":{n}}}");
    let entry = NewAudit {
        at: 1_780_000_000_000 + n,
        actor_id: None,
        actor_username: Some("审计员"),
        action: "sign_in",
        target_kind: Some("person"),
        target_id: Some(n),
        detail,
        ip: Some("127.0.0.1"),
    };
    audit::append(&mut w.conn(), key, &entry).await.unwrap();
    w.commit().await.unwrap();
}

async fn chain_of(n: i64) -> TestDb {
    let db = TestDb::new().await;
    for i in 1..=n {
        append(&db.store, &AuditKey::TEST, i).await;
    }
    db
}

async fn verify(store: &Store, key: &AuditKey) -> ChainStatus {
    let mut r = store.read().await.unwrap();
    audit_chain::verify(&mut r.conn(), key).await.unwrap()
}

async fn exec(store: &Store, sql: &str) {
    let mut w = store.write().await.unwrap();
    with_conn!(&mut w.conn(), |x| sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(x)
        .await
        .map(|_| ()))
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
    w.commit().await.unwrap();
}

/// What someone with the database's owner rights could do to get past the append-only rule.
async fn drop_triggers(store: &Store) {
    match store.backend() {
        Backend::Sqlite => {
            exec(store, "DROP TRIGGER audit_log_no_update").await;
            exec(store, "DROP TRIGGER audit_log_no_delete").await;
        }
        Backend::Postgres => exec(store, "DROP TRIGGER audit_log_no_change ON audit_log").await,
    }
}

fn bad(s: &ChainStatus) -> (Option<i64>, Option<i64>, &str) {
    let b = s.first_bad.as_ref().expect("a bad record");
    (b.id, b.seq, b.problem.as_str())
}

#[tokio::test]
async fn a_chain_of_records_verifies() {
    let db = chain_of(5).await;
    let s = verify(&db.store, &AuditKey::TEST).await;
    assert!(s.intact, "{s:?}");
    assert_eq!((s.records, s.first_bad.is_none()), (5, true));
    let mut r = db.store.read().await.unwrap();
    let rows = audit::list(&mut r.conn(), &Default::default(), 10, 0)
        .await
        .unwrap();
    let seqs: Vec<Option<i64>> = rows.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, [Some(5), Some(4), Some(3), Some(2), Some(1)]);
    assert_eq!(rows[0].chain_hash.as_deref(), Some(s.last_hash.as_str()));
}

#[tokio::test]
async fn an_empty_log_verifies() {
    let db = TestDb::new().await;
    let s = verify(&db.store, &AuditKey::TEST).await;
    assert!(s.intact && s.records == 0, "{s:?}");
}

#[tokio::test]
async fn editing_a_records_detail_with_the_triggers_dropped_is_detected() {
    let db = chain_of(5).await;
    drop_triggers(&db.store).await;
    exec(
        &db.store,
        "UPDATE audit_log SET detail = '{\"n\":0}' WHERE seq = 3",
    )
    .await;
    let s = verify(&db.store, &AuditKey::TEST).await;
    assert!(!s.intact);
    assert_eq!(bad(&s), (Some(3), Some(3), "changed"));
    assert_eq!(s.records, 2);
}

#[tokio::test]
async fn deleting_a_record_with_the_triggers_dropped_is_detected() {
    let db = chain_of(5).await;
    drop_triggers(&db.store).await;
    exec(&db.store, "DELETE FROM audit_log WHERE seq = 2").await;
    let s = verify(&db.store, &AuditKey::TEST).await;
    assert_eq!(bad(&s), (Some(3), Some(3), "missing"));
    assert_eq!(s.first_bad.unwrap().expected_seq, 2);
}

#[tokio::test]
async fn deleting_the_last_record_with_the_triggers_dropped_is_detected() {
    let db = chain_of(3).await;
    drop_triggers(&db.store).await;
    exec(&db.store, "DELETE FROM audit_log WHERE seq = 3").await;
    let s = verify(&db.store, &AuditKey::TEST).await;
    assert_eq!(bad(&s), (None, None, "truncated"));
}

#[tokio::test]
async fn swapping_two_records_is_detected() {
    let db = chain_of(5).await;
    drop_triggers(&db.store).await;
    // Records 2 and 3 trade places in the chain, each with its own hash.
    exec(
        &db.store,
        "UPDATE audit_log SET seq = -seq WHERE seq IN (2, 3)",
    )
    .await;
    exec(
        &db.store,
        "UPDATE audit_log SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE seq < 0",
    )
    .await;
    let s = verify(&db.store, &AuditKey::TEST).await;
    assert_eq!(bad(&s), (Some(3), Some(2), "reordered"));
}

#[tokio::test]
async fn a_wrong_key_is_detected() {
    let db = chain_of(3).await;
    let s = verify(&db.store, &AuditKey::from_bytes([9; 32])).await;
    assert_eq!(bad(&s), (None, None, "wrong_key"));
}

#[tokio::test]
async fn concurrent_writers_on_two_servers_still_produce_a_verifying_chain() {
    let db = TestDb::new().await;
    // A second server: its own pool on the same database.
    let other = Store::open(&DbConfig::new(db.url.clone())).await.unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|t| {
            let store = if t % 2 == 0 {
                db.store.clone()
            } else {
                other.clone()
            };
            tokio::spawn(async move {
                for i in 0..10 {
                    append(&store, &AuditKey::TEST, t * 100 + i).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    other.close().await;
    let s = verify(&db.store, &AuditKey::TEST).await;
    assert!(s.intact, "{s:?}");
    assert_eq!(s.records, 80);
}

/// A database as the release before the chain left it, with three audit rows.
async fn database_from_before_the_chain() -> (String, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = match postgres_admin_url() {
        Some(admin) => TestDb::create_pg_database(&admin).await,
        None => DbConfig::sqlite_in(dir.path()).url,
    };
    let old = Store::connect(&DbConfig::new(url.clone())).await.unwrap();
    xinbao_store::migrate::apply_up_to(&old, 9).await.unwrap();
    for n in 1..=3 {
        let sql = format!(
            "INSERT INTO audit_log (at, actor_username, action, detail) VALUES ({n}, 'old', 'sign_in', 'before')"
        );
        exec(&old, &sql).await;
    }
    old.close().await;
    let store = Store::open(&DbConfig::new(url.clone())).await.unwrap();
    (url, store, dir)
}

fn forget(url: &str) {
    if let Some(admin) = postgres_admin_url() {
        TestDb::drop_pg_database(&admin, url.rsplit('/').next().unwrap());
    }
}

#[tokio::test]
async fn rows_from_before_the_chain_are_sealed_in_id_order_and_then_refuse_updates() {
    let (url, store, _dir) = database_from_before_the_chain().await;
    let s = verify(&store, &AuditKey::TEST).await;
    assert_eq!(bad(&s), (Some(1), None, "unsealed"));
    let mut w = store.write().await.unwrap();
    assert_eq!(
        audit_chain::seal_pending(&mut w.conn(), &AuditKey::TEST)
            .await
            .unwrap(),
        3
    );
    w.commit().await.unwrap();
    let mut w = store.write().await.unwrap();
    assert_eq!(
        audit_chain::seal_pending(&mut w.conn(), &AuditKey::TEST)
            .await
            .unwrap(),
        0
    );
    w.commit().await.unwrap();
    append(&store, &AuditKey::TEST, 4).await;
    let s = verify(&store, &AuditKey::TEST).await;
    assert!(s.intact && s.records == 4, "{s:?}");
    let mut r = store.read().await.unwrap();
    let ids: Vec<(i64, Option<i64>)> = audit::list(&mut r.conn(), &Default::default(), 10, 0)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.id, r.seq))
        .collect();
    assert_eq!(
        ids,
        [(4, Some(4)), (3, Some(3)), (2, Some(2)), (1, Some(1))]
    );
    drop(r);
    for sql in [
        "UPDATE audit_log SET seq = 9, chain_hash = 'x' WHERE id = 1",
        "UPDATE audit_log SET detail = 'y' WHERE id = 1",
        "DELETE FROM audit_log WHERE id = 1",
    ] {
        let mut w = store.write().await.unwrap();
        let r = with_conn!(&mut w.conn(), |x| sqlx::query(sql)
            .execute(x)
            .await
            .map(|_| ()));
        assert!(r.is_err(), "{sql} must fail");
    }
    store.close().await;
    forget(&url);
}

#[tokio::test]
async fn the_first_append_seals_rows_from_before_the_chain_ahead_of_itself() {
    let (url, store, _dir) = database_from_before_the_chain().await;
    append(&store, &AuditKey::TEST, 4).await;
    let s = verify(&store, &AuditKey::TEST).await;
    assert!(s.intact && s.records == 4, "{s:?}");
    store.close().await;
    forget(&url);
}
