//! The real server under hostile uploads: four .docx and four .xlsx packages of about half a
//! megabyte that inflate to 500 MiB and 1.5 GiB, all at once. Each is refused with a 422, the
//! server keeps answering, and its peak memory (VmHWM) stays under the documented 300 MB.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::installation;
use reqwest::{Client, StatusCode};
use std::io::Write;
use std::time::{Duration, Instant};

/// A zip package with one part of `mib` MiB of zeros.
fn bomb(part: &str, mib: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file(part, opts).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..mib {
        w.write_all(&zeros).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Peak resident memory of a process, in MiB (`VmHWM` of /proc).
fn peak_rss_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib / 1024
}

async fn refused(base: &str, token: &str, path: &str, body: Vec<u8>) -> (StatusCode, Duration) {
    let started = Instant::now();
    let res = Client::new()
        .post(format!("{base}{path}"))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status(), started.elapsed())
}

#[tokio::test]
async fn eight_hostile_packages_at_once_are_refused_within_the_memory_ceiling() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (server, officer) = installation(root.path(), &data).await;
    let base = server.base.clone();
    let admin = server.admin.clone();
    let docx = bomb("word/document.xml", 500);
    let xlsx = bomb("xl/sharedStrings.xml", 1536);
    assert!(docx.len() < 1 << 20 && xlsx.len() < 2 << 20);
    let before = peak_rss_mib(server.pid());
    let mut tasks = Vec::new();
    for i in 0..8 {
        let (base, token) = (base.clone(), if i < 4 { &officer } else { &admin }.clone());
        let (path, body) = if i < 4 {
            ("/api/v1/items/import-docx", docx.clone())
        } else {
            ("/api/v1/roster", xlsx.clone())
        };
        tasks.push(tokio::spawn(async move {
            refused(&base, &token, path, body).await
        }));
    }
    let health = Client::new()
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    for t in tasks {
        let (status, took) = t.await.unwrap();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(took < Duration::from_secs(5), "{took:?}");
    }
    let peak = peak_rss_mib(server.pid());
    println!("peak RSS: {before} MiB before, {peak} MiB after eight hostile uploads");
    assert!(peak <= 300, "peak RSS {peak} MiB");
}
