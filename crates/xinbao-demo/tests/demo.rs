//! The demo province: a living system on first start, on the suite's backend.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use xinbao_app::{App, AppConfig};
use xinbao_domain::event::EventStatus;
use xinbao_domain::{OfficeLevel, Role, UnitKind};
use xinbao_store::testing::TestDb;

#[tokio::test]
async fn the_demo_province_has_every_role_and_signs_people_in() {
    let db = TestDb::new().await;
    let app = App::new(db.store.clone(), AppConfig::default());
    let accounts = xinbao_demo::build_demo(&app, "Demo-Passw0rd!")
        .await
        .unwrap();
    for role in Role::ALL {
        assert!(accounts.iter().any(|a| a.role == role), "no {role:?}");
    }
    let units = app.list_units(&xinbao_app::Actor::system()).await.unwrap();
    let offices = |level: OfficeLevel| {
        units
            .iter()
            .filter(|u| u.kind == UnitKind::Office && u.office_level == Some(level))
            .count()
    };
    assert!(offices(OfficeLevel::Province) >= 1);
    assert!(offices(OfficeLevel::City) >= 3);
    assert!(offices(OfficeLevel::County) >= 10);
    for kind in [
        UnitKind::Department,
        UnitKind::Stationed,
        UnitKind::Township,
        UnitKind::DirectPoint,
    ] {
        assert!(units.iter().any(|u| u.kind == kind), "no {kind}");
    }
    let direct = units
        .iter()
        .find(|u| u.kind == UnitKind::DirectPoint && u.report_to_id.is_some())
        .unwrap();
    assert_eq!(
        direct.reporting_office_id, direct.report_to_id,
        "a direct-report point reports to its configured office"
    );
    assert!(
        units.iter().any(|u| u.vacancy_officer) && units.iter().any(|u| u.vacancy_leader),
        "some vacancies show"
    );
    for username in [
        "admin",
        "sheng-editor",
        "c1x1t1-officer",
        "c1-signer3",
        "sheng-reader",
    ] {
        app.sign_in_web(username, "Demo-Passw0rd!", None, None)
            .await
            .unwrap();
    }
    assert!(
        xinbao_demo::build_demo(&app, "Demo-Passw0rd!")
            .await
            .is_err(),
        "the demo is built only into an empty database"
    );
    xinbao_demo::build_demo_items(&app).await.unwrap();
    let mut r = db.store.read().await.unwrap();
    let editor_id = xinbao_store::people::by_username(&mut r.conn(), "c1x1-editor")
        .await
        .unwrap()
        .unwrap()
        .id;
    drop(r);
    let editor = xinbao_app::Actor::new(app.principal(editor_id).await.unwrap(), None);
    let inbox = app
        .inbox(&editor, None, &Default::default(), 100, 0)
        .await
        .unwrap();
    let states: std::collections::BTreeSet<String> = inbox
        .counts
        .iter()
        .map(|(s, _)| s.code().to_string())
        .collect();
    for s in [
        "adopted",
        "forwarded",
        "returned",
        "declined",
        "on_hold",
        "reserve",
        "merged",
    ] {
        assert!(
            states.contains(s),
            "the demo county inbox has {s} items: {states:?}"
        );
    }
    xinbao_demo::build_demo_events(&app).await.unwrap();
    let city = xinbao_app::Actor::new(
        app.principal(person_id(&db, "c1-editor").await)
            .await
            .unwrap(),
        None,
    );
    let all = app.office_events(&city, None, false).await.unwrap();
    assert!(
        all.iter().any(|e| e.event.status == EventStatus::Closed),
        "a closed event"
    );
    let open = app.office_events(&city, None, true).await.unwrap();
    let statuses: std::collections::BTreeSet<&str> = open
        .iter()
        .flat_map(|e| e.deadlines.iter().map(|d| d.status.code()))
        .collect();
    for s in ["open", "met", "overdue"] {
        assert!(
            statuses.contains(s),
            "open events show {s} limits: {statuses:?}"
        );
    }
    let now = app.now().0;
    let ledger = app
        .ledger(&city, now - 30 * 86_400_000, now + 1)
        .await
        .unwrap();
    let kinds: std::collections::BTreeSet<&str> = ledger.iter().map(|l| l.kind.code()).collect();
    for k in ["late", "praise", "false"] {
        assert!(kinds.contains(k), "the ledger has {k} records: {kinds:?}");
    }
    xinbao_demo::build_demo_periodicals(&app).await.unwrap();
    let county = xinbao_app::Actor::new(
        app.principal(person_id(&db, "c1x1-editor").await)
            .await
            .unwrap(),
        None,
    );
    let periodicals = app.periodicals(&county, None).await.unwrap();
    assert!(periodicals.iter().any(|p| p.name == "每日要情"));
    for p in &periodicals {
        let issues = app.issues_of(&county, p.id, None, None).await.unwrap();
        assert!(
            issues
                .iter()
                .any(|i| i.status == xinbao_domain::periodical::IssueStatus::Published),
            "《{}》 has a published issue",
            p.name
        );
    }
    let office = county.principal.grants[0].unit_id.0;
    xinbao_demo::build_demo_scoring(&app).await.unwrap();
    let now = app.now().0;
    let scores = app
        .scores(&county, Some(office), now - 300 * 86_400_000, now + 1, None)
        .await
        .unwrap();
    assert!(
        scores.len() >= 2,
        "several units have points: {}",
        scores.len()
    );
    assert_eq!(scores[0].rank, 1);
    assert!(scores[0].points > 0.0 && !scores[0].entries.is_empty());
    let follow = app.instructions_for(&county, office).await.unwrap();
    let states: std::collections::BTreeSet<&str> =
        follow.iter().map(|v| v.instruction.status.code()).collect();
    assert_eq!(states.len(), 2, "open and closed instructions: {states:?}");
    assert!(
        follow
            .iter()
            .any(|v| !v.reports.is_empty() && v.instruction.status.code() == "open"),
        "an open instruction with a progress report"
    );
    // What every change of the demo left behind: stored entries equal a full recompute.
    let key = |r: &xinbao_store::score_entries::EntryRow| (r.root_id, r.event, r.unit_id);
    let mut stored = app.stored_scores().await.unwrap();
    let mut fresh = app.recomputed_scores().await.unwrap();
    stored.sort_by_key(key);
    fresh.sort_by_key(key);
    assert!(!stored.is_empty() && stored == fresh);
}

async fn person_id(db: &TestDb, username: &str) -> i64 {
    let mut r = db.store.read().await.unwrap();
    xinbao_store::people::by_username(&mut r.conn(), username)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn a_synthetic_organisation_has_the_size_asked_for() {
    let db = TestDb::new().await;
    let app = App::new(db.store.clone(), AppConfig::default());
    let (units, people) = xinbao_demo::build_synthetic(&app, 300, "Demo-Passw0rd!")
        .await
        .unwrap();
    assert_eq!(units, 300);
    assert_eq!(
        app.list_units(&xinbao_app::Actor::system())
            .await
            .unwrap()
            .len(),
        300
    );
    assert!(people > 200);
}
