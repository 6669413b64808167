//! `xinbao backup` and `xinbao restore` with the real binary: a backup taken under write load
//! holds everything acknowledged before it started, and a restore refuses what it must.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Acked, installation, ok, open_db, run};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_write_load_restores_every_item_and_attachment_acknowledged_before_it()
{
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (server, token) = installation(root.path(), &data).await;

    let stop = Arc::new(AtomicBool::new(false));
    let acked: Arc<Mutex<Vec<Acked>>> = Arc::default();
    let (count, mut counted) = tokio::sync::watch::channel(0usize);
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let (base, token) = (server.base.clone(), token.clone());
            let (stop, acked, count) = (stop.clone(), acked.clone(), count.clone());
            tokio::spawn(common::write_items(base, token, w, stop, acked, count))
        })
        .collect();
    common::until_acked(&mut counted, 40).await;

    let archive = root.path().join("backup.zip");
    let started = Instant::now();
    let args: Vec<String> = ["backup", "--data-dir", data.to_str().unwrap(), "--to"]
        .iter()
        .map(|s| s.to_string())
        .chain([archive.display().to_string()])
        .collect();
    let dir = root.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(&dir, &args)
    })
    .await
    .unwrap();
    assert!(out.contains("Backup written"), "{out}");
    let after = *counted.borrow();
    common::until_acked(&mut counted, after + 10).await;
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.await.unwrap();
    }
    server.kill();

    let restored = root.path().join("restored");
    let out = ok(
        root.path(),
        &[
            "restore",
            "--from",
            archive.to_str().unwrap(),
            "--data-dir",
            restored.to_str().unwrap(),
        ],
    );
    assert!(out.contains("integrity check ok"), "{out}");
    let verified = ok(
        root.path(),
        &["audit", "verify", "--data-dir", restored.to_str().unwrap()],
    );
    assert!(
        !verified.is_empty(),
        "the restored audit chain verifies with the restored key"
    );

    let acked = acked.lock().unwrap().clone();
    let before: Vec<&Acked> = acked.iter().filter(|a| a.at < started).collect();
    assert!(
        before.len() >= 40,
        "{} acknowledged before the backup",
        before.len()
    );
    let mut db = open_db(&restored.join("xinbao.db")).await;
    assert_eq!(common::integrity(&mut db).await, vec!["ok"]);
    let titles = common::titles(&mut db).await;
    for a in &before {
        assert!(titles.contains(&a.title), "{} is missing", a.title);
    }
    let files: Vec<_> = before
        .iter()
        .filter_map(|a| a.file.as_ref())
        .filter(|f| f.at < started)
        .collect();
    assert!(
        !files.is_empty(),
        "some attachments were acknowledged before the backup"
    );
    let hashes: Vec<String> = sqlx::query_scalar("SELECT file_hash FROM item_attachments")
        .fetch_all(&mut db)
        .await
        .unwrap();
    for f in files {
        assert!(
            hashes.contains(&f.hash),
            "attachment {} is not recorded",
            f.hash
        );
        let path = restored.join("files").join(&f.hash[..2]).join(&f.hash);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            f.bytes,
            "attachment {}",
            f.hash
        );
    }
    assert!(
        acked.iter().any(|a| a.at > started),
        "writers went on while the backup ran"
    );
}

#[tokio::test]
async fn a_restore_never_overwrites_a_database_and_refuses_a_damaged_archive() {
    let root = tempfile::tempdir().unwrap();
    let (r, data) = (root.path(), root.path().join("data"));
    let d = data.to_str().unwrap();
    ok(
        r,
        &[
            "admin",
            "init",
            "--office",
            "测试县委办公室",
            "--password",
            common::PASSWORD,
            "--data-dir",
            d,
        ],
    );
    let archive = r.join("b.zip");
    let a = archive.to_str().unwrap();
    ok(r, &["backup", "--data-dir", d, "--to", a]);

    let (success, _, err) = run(r, &["restore", "--from", a, "--data-dir", d]);
    assert!(!success);
    assert!(err.contains("already exists"), "{err}");

    let mut bytes = std::fs::read(&archive).unwrap();
    let middle = bytes.len() / 3;
    bytes[middle] ^= 0xff;
    let damaged = r.join("damaged.zip");
    std::fs::write(&damaged, bytes).unwrap();
    let fresh = r.join("fresh");
    let (success, _, err) = run(
        r,
        &[
            "restore",
            "--from",
            damaged.to_str().unwrap(),
            "--data-dir",
            fresh.to_str().unwrap(),
        ],
    );
    assert!(!success, "a damaged archive is refused");
    assert!(err.contains("damaged"), "{err}");
    assert!(!fresh.join("xinbao.db").exists(), "{err}");
    assert!(
        !fresh.join("xinbao.part").exists(),
        "nothing half-written is left"
    );

    let (success, _, err) = run(
        r,
        &[
            "restore",
            "--from",
            d,
            "--data-dir",
            fresh.to_str().unwrap(),
        ],
    );
    assert!(!success);
    assert!(!fresh.join("xinbao.db").exists(), "{err}");
}

#[tokio::test]
async fn a_backup_of_an_older_schema_is_upgraded_by_the_restore() {
    let root = tempfile::tempdir().unwrap();
    let (r, data) = (root.path(), root.path().join("old"));
    let cfg = xinbao_store::DbConfig::sqlite_in(&data);
    let store = xinbao_store::Store::connect(&cfg).await.unwrap();
    xinbao_store::migrate::apply_up_to(&store, 1).await.unwrap();
    store.close().await;
    let archive = r.join("old.zip");
    ok(
        r,
        &[
            "backup",
            "--data-dir",
            data.to_str().unwrap(),
            "--to",
            archive.to_str().unwrap(),
        ],
    );

    let restored = r.join("new");
    let out = ok(
        r,
        &[
            "restore",
            "--from",
            archive.to_str().unwrap(),
            "--data-dir",
            restored.to_str().unwrap(),
        ],
    );
    let latest = xinbao_store::migrate::binary_version();
    assert!(
        out.contains(&format!("schema version 1 → {latest}")),
        "{out}"
    );
}
