//! A real server on a random port, on its own database (SQLite, or PostgreSQL when
//! `XINBAO_TEST_DATABASE_URL` is set), with a clock the test moves.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

mod requests;

use std::sync::Arc;
use xinbao_app::{Actor, App, AppConfig, PersonInput, UnitInput};
use xinbao_domain::{ManualClock, Timestamp};
use xinbao_store::testing::TestDb;

pub const PASSWORD: &str = "Test-Passw0rd!";

pub struct TestServer {
    pub base: String,
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub org: Org,
    pub db: TestDb,
    _files: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

/// The seeded organisation: province office > county office > township.
#[derive(Debug, Clone, Copy)]
pub struct Org {
    pub province: i64,
    pub county: i64,
    pub township: i64,
    pub other_county: i64,
    pub township2: i64,
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(false).await
    }

    /// A server on the demo province (every demo account's password is `PASSWORD`).
    pub async fn start_demo() -> TestServer {
        Self::start_with(true).await
    }

    /// Test servers run no background worker: tests move the clock and run its steps
    /// (`tick`, `deliver_due`) themselves, so nothing races them. `another_server(true)`
    /// starts one that does, as a restarted server would.
    async fn start_with(demo: bool) -> TestServer {
        // These journeys hold one API client across hours and days of test time; sign-in
        // tokens ending after 30 idle minutes are tested with the defaults in `auth`.
        let cfg = AppConfig {
            api_session_idle_seconds: 400 * 86_400,
            ..AppConfig::default()
        };
        Self::start_configured(demo, cfg, false).await
    }

    /// A seeded server with settings of the test's own (its files directory is set here) and
    /// no background worker: the test runs the worker's steps itself.
    pub async fn start_with_config(cfg: AppConfig) -> TestServer {
        Self::start_configured(false, cfg, false).await
    }

    async fn start_configured(demo: bool, cfg: AppConfig, worker: bool) -> TestServer {
        let db = TestDb::new().await;
        let clock = Arc::new(ManualClock::new(Timestamp(1_780_000_000_000)));
        let files = tempfile::tempdir().unwrap();
        let cfg = AppConfig {
            files_dir: files.path().to_path_buf(),
            ..cfg
        };
        let app = App::new(db.store.clone(), cfg).with_clock(clock.clone());
        let org = if demo {
            xinbao_demo::build_demo(&app, PASSWORD).await.unwrap();
            Org {
                province: 1,
                county: 0,
                township: 0,
                other_county: 0,
                township2: 0,
            }
        } else {
            seed(&app).await
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let served = app.clone();
        let opts = xinbao_web::ServeOptions {
            worker,
            ..Default::default()
        };
        tokio::spawn(async move {
            let _ = xinbao_web::serve(served, opts, listener, async move {
                let _ = rx.await;
            })
            .await;
        });
        TestServer {
            base,
            app,
            clock,
            org,
            db,
            _files: files,
            stop: Some(tx),
        }
    }

    /// Another server on the same database and clock (as when several instances share one
    /// PostgreSQL, or the server was restarted): a fresh store, app and listener.
    pub async fn another_server(
        &self,
        worker: bool,
    ) -> (App, String, tokio::sync::oneshot::Sender<()>) {
        let store = xinbao_store::Store::open(&xinbao_store::DbConfig::new(self.db.url.clone()))
            .await
            .unwrap();
        let app = App::new(store, self.app.cfg.clone()).with_clock(self.clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let served = app.clone();
        tokio::spawn(async move {
            let opts = xinbao_web::ServeOptions {
                worker,
                ..Default::default()
            };
            let _ = xinbao_web::serve(served, opts, listener, async move {
                let _ = rx.await;
            })
            .await;
        });
        (app, base, tx)
    }

    /// Stops serving (the database stays).
    pub fn stop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

impl Drop for TestServer {
    /// Stops serving, then checks what every change left behind: the stored score entries
    /// equal a full recompute from the items (on the suite's backend). A test that failed
    /// already is not checked again.
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if !std::thread::panicking() {
            crate::in_step::assert_scores_in_step(&self.db.url);
        }
    }
}

/// The `_csrf` value in a page's first form.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("page has a CSRF field") + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

pub async fn unit(
    app: &App,
    name: &str,
    kind: &str,
    level: Option<&str>,
    parent: Option<i64>,
) -> i64 {
    let input = UnitInput {
        name: name.into(),
        kind: kind.into(),
        office_level: level.map(str::to_string),
        parent_id: parent,
        ..Default::default()
    };
    app.create_unit(&Actor::system(), &input).await.unwrap()
}

pub async fn person(app: &App, username: &str, unit: i64, role: &str) -> i64 {
    let sys = Actor::system();
    let input = PersonInput {
        username: username.into(),
        name: format!("测试{username}"),
        password: Some(PASSWORD.into()),
        ..Default::default()
    };
    let (id, _) = app.create_person(&sys, &input).await.unwrap();
    let level = (role == "signer").then_some("section");
    app.grant_role(&sys, id, unit, role, level).await.unwrap();
    id
}

async fn seed(app: &App) -> Org {
    let province = unit(app, "测试省委办公厅", "office", Some("province"), None).await;
    let county = unit(
        app,
        "测试县委办公室",
        "office",
        Some("county"),
        Some(province),
    )
    .await;
    let township = unit(app, "测试镇", "township", None, Some(county)).await;
    let other_county = unit(
        app,
        "另一县委办公室",
        "office",
        Some("county"),
        Some(province),
    )
    .await;
    person(app, "admin", province, "admin").await;
    person(app, "security", province, "security_admin").await;
    person(app, "auditor", province, "auditor").await;
    person(app, "county-admin", county, "admin").await;
    person(app, "officer", township, "officer").await;
    person(app, "editor", county, "editor").await;
    person(app, "editor2", county, "editor").await;
    person(app, "county-signer", county, "signer").await;
    person(app, "prov-editor", province, "editor").await;
    person(app, "town-leader", township, "unit_leader").await;
    let township2 = unit(app, "第二镇", "township", None, Some(county)).await;
    person(app, "officer2", township2, "officer").await;
    Org {
        province,
        county,
        township,
        other_county,
        township2,
    }
}
