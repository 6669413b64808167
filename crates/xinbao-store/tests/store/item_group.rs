//! What a new item reads before it is written, in one round trip.

use super::office;
use xinbao_domain::{Role, UnitKind};
use xinbao_store::item_group::{BeforeWrite, before_write};
use xinbao_store::testing::TestDb;
use xinbao_store::units::{self, UnitFields};
use xinbao_store::{Conn, people, scoring};

async fn person(c: &mut Conn<'_>, username: &str, name: &str) -> i64 {
    let p = people::NewPerson {
        username: username.into(),
        name: name.into(),
        password_hash: "x".into(),
        ..Default::default()
    };
    people::insert(c, &p, 1).await.unwrap()
}

async fn grant(c: &mut Conn<'_>, person: i64, unit: i64, role: Role) {
    people::grant(c, person, unit, role, None, 1).await.unwrap();
}

const SIGNERS: [Role; 3] = [Role::UnitLeader, Role::PrincipalLeader, Role::Signer];

#[tokio::test]
async fn a_new_item_reads_its_rule_author_scheme_and_people_to_notify_at_once() {
    let db = TestDb::new().await;
    let mut w = db.store.write().await.unwrap();
    let c = &mut w.conn();
    let county = units::insert(c, &office("县委办", None), 1).await.unwrap();
    let town = UnitFields {
        kind: UnitKind::Township,
        ..office("东城镇", Some(county))
    };
    let town = units::insert(c, &town, 1).await.unwrap();
    let author = person(c, "officer", "王芳").await;
    grant(c, author, town, Role::Officer).await;
    let (lead, chief, gone) = (
        person(c, "lead", "赵强").await,
        person(c, "chief", "钱敏").await,
        person(c, "gone", "孙立").await,
    );
    grant(c, lead, town, Role::UnitLeader).await;
    grant(c, lead, town, Role::PrincipalLeader).await;
    grant(c, chief, town, Role::PrincipalLeader).await;
    grant(c, gone, town, Role::UnitLeader).await;
    people::set_active(c, gone, false, 2).await.unwrap();
    let (editor, other) = (
        person(c, "editor", "周洁").await,
        person(c, "other", "吴刚").await,
    );
    grant(c, editor, county, Role::Editor).await;
    grant(c, other, town, Role::Editor).await;
    grant(c, other, county, Role::Reader).await;

    let read = before_write(c, town, Some(county), author, &SIGNERS, &[Role::Editor]);
    assert_eq!(
        read.await.unwrap(),
        BeforeWrite {
            signoff_rule: None,
            author_name: "王芳".into(),
            office_scored: false,
            unit_signers: vec![lead, chief],
            office_receivers: vec![editor],
        }
    );

    units::set_signoff_rule(c, town, ("unit_leader", "principal_leader", ""))
        .await
        .unwrap();
    scoring::insert(c, county, "2026", "2026-01-01", "", editor, 3)
        .await
        .unwrap();
    let read = before_write(c, town, Some(county), author, &SIGNERS, &[Role::Editor]);
    let read = read.await.unwrap();
    assert_eq!(
        read.signoff_rule,
        Some((
            "unit_leader".into(),
            "principal_leader".into(),
            String::new()
        ))
    );
    assert!(read.office_scored);
}

#[tokio::test]
async fn a_unit_with_no_office_above_and_no_one_to_notify_reads_empty_lists() {
    let db = TestDb::new().await;
    let mut w = db.store.write().await.unwrap();
    let c = &mut w.conn();
    let alone = units::insert(c, &office("独立单位", None), 1)
        .await
        .unwrap();
    let author = person(c, "officer", "王芳").await;
    let read = before_write(c, alone, None, author, &SIGNERS, &[Role::Editor]);
    assert_eq!(
        read.await.unwrap(),
        BeforeWrite {
            author_name: "王芳".into(),
            ..Default::default()
        }
    );
}
