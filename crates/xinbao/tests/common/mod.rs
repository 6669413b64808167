//! The real `xinbao` binary on a temporary data directory: an installation made with
//! `admin init`, a township officer made over the API, and writers submitting items over
//! the JSON API who record what the server acknowledged.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

mod writers;

// Not every test binary uses the writers.
#[allow(unused_imports)]
pub use writers::{Acked, AckedFile, until_acked, write_items};

use reqwest::Client;
use serde_json::{Value, json};
use sqlx::{Connection, SqliteConnection};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "Test-Passw0rd!";

/// The binary, in `dir`, with none of the caller's `XINBAO_*` settings and English messages.
pub fn xinbao(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xinbao"));
    c.current_dir(dir);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("XINBAO_") {
            c.env_remove(k);
        }
    }
    c.env("XINBAO_LANG", "en").env("XINBAO_LOG", "warn");
    c
}

/// Runs a command to its end: (success, stdout, stderr).
pub fn run(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = xinbao(dir).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs a command that must succeed; returns its stdout.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let (success, out, err) = run(dir, args);
    assert!(success, "xinbao {args:?} failed:\n{out}\n{err}");
    out
}

/// `xinbao serve` on `data` and a random port; killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    _stdout: BufReader<ChildStdout>,
    pub base: String,
    /// The administrator's token, once `installation` signed in and enrolled the second
    /// factor `admin init`'s security policy requires.
    pub admin: String,
}

impl Server {
    pub async fn start(root: &Path, data: &Path) -> Server {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(root.join("serve.log"))
            .unwrap();
        let mut child = xinbao(root)
            .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // The first line says where it listens ("Xinbao is running: http://…/").
        let (line, reader) = tokio::task::spawn_blocking(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            (line, reader)
        })
        .await
        .unwrap();
        let addr = line.split("http://").nth(1).expect("the serving line");
        let base = format!("http://{}", addr.trim().trim_end_matches('/'));
        let server = Server {
            child,
            _stdout: reader,
            base,
            admin: String::new(),
        };
        server.wait_healthy().await;
        server
    }

    /// Polls `/healthz` until it answers 200 (at most 20 s).
    async fn wait_healthy(&self) {
        let client = Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let res = client
                .get(format!("{}/healthz", self.base))
                .timeout(Duration::from_secs(1))
                .send()
                .await;
            if res.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            assert!(Instant::now() < deadline, "the server did not come up");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `kill -9`: the process gets no chance to finish anything.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn sign_in(base: &str, username: &str) -> String {
    let res: Value = Client::new()
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": username, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    res["token"].as_str().expect("a token").to_string()
}

async fn post(base: &str, token: &str, path: &str, body: Value) -> Value {
    let res = Client::new()
        .post(format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "POST {path}: {}", res.status());
    res.json().await.unwrap()
}

/// A county office (`admin init`), a township under it and its officer; the data directory
/// is initialised before the server starts. Returns the server and the officer's token.
/// Enrols the caller's second factor (TOTP), as `admin init`'s policy requires of
/// administrators, with a code computed at the system time the server also uses.
async fn enrol_second_factor(base: &str, token: &str) {
    let e = post(base, token, "/api/v1/me/totp", json!({})).await;
    let secret = totp_rs::Secret::try_from_base32(e["secret"].as_str().unwrap()).unwrap();
    let totp = totp_rs::Builder::new().with_secret(secret).build().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let code = totp.generate(now).to_string();
    post(
        base,
        token,
        "/api/v1/me/totp/confirm",
        json!({ "code": code }),
    )
    .await;
}

pub async fn installation(root: &Path, data: &Path) -> (Server, String) {
    let d = data.to_str().unwrap();
    ok(
        root,
        &[
            "admin",
            "init",
            "--office",
            "测试县委办公室",
            "--level",
            "county",
            "--password",
            PASSWORD,
            "--data-dir",
            d,
        ],
    );
    let mut server = Server::start(root, data).await;
    let base = server.base.clone();
    let admin = sign_in(&base, "admin").await;
    enrol_second_factor(&base, &admin).await;
    server.admin = admin.clone();
    let units: Value = Client::new()
        .get(format!("{base}/api/v1/units"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let office = units[0]["id"].as_i64().expect("the office");
    let unit = json!({"name": "测试镇", "kind": "township", "parent_id": office});
    let town = post(&base, &admin, "/api/v1/units", unit).await["id"]
        .as_i64()
        .unwrap();
    let person = json!({"username": "officer", "name": "测试信息员", "password": PASSWORD});
    let officer = post(&base, &admin, "/api/v1/people", person).await["id"]
        .as_i64()
        .unwrap();
    let role = json!({"unit_id": town, "role": "officer"});
    post(
        &base,
        &admin,
        &format!("/api/v1/people/{officer}/roles"),
        role,
    )
    .await;
    let token = sign_in(&base, "officer").await;
    (server, token)
}

/// A connection to a database file that exists (opening it recovers its WAL if needed).
pub async fn open_db(path: &Path) -> SqliteConnection {
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
    SqliteConnection::connect_with(&opts).await.unwrap()
}

pub async fn integrity(c: &mut SqliteConnection) -> Vec<String> {
    sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(c)
        .await
        .unwrap()
}

pub async fn titles(c: &mut SqliteConnection) -> std::collections::HashSet<String> {
    sqlx::query_scalar("SELECT title FROM items")
        .fetch_all(c)
        .await
        .unwrap()
        .into_iter()
        .collect()
}
