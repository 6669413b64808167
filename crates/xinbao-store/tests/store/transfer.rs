//! The whole-installation copy (`transfer-db`) from SQLite to PostgreSQL.

use super::*;

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
