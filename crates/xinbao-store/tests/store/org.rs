//! Units and people: unique names under one parent, stale versions refused, roles kept in history.

use super::*;

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
