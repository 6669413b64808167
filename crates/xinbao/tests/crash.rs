//! A crash under load loses nothing acknowledged: `xinbao serve` is killed with SIGKILL while
//! writers submit items, restarted on the same data directory, and every item it answered 2xx
//! for is there, in a database that passes SQLite's integrity check. A few rounds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Acked, Server, installation, open_db};
use reqwest::Client;
use sqlx::Connection;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

const ROUNDS: usize = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_item_acknowledged_before_a_kill_9_is_there_after_the_restart() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (mut server, token) = installation(root.path(), &data).await;
    let mut all: Vec<Acked> = Vec::new();
    for round in 0..ROUNDS {
        let stop = Arc::new(AtomicBool::new(false));
        let acked: Arc<Mutex<Vec<Acked>>> = Arc::default();
        let (count, mut counted) = tokio::sync::watch::channel(0usize);
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let (base, token) = (server.base.clone(), token.clone());
                let (stop, acked, count) = (stop.clone(), acked.clone(), count.clone());
                tokio::spawn(common::write_items(
                    base,
                    token,
                    round * 10 + w,
                    stop,
                    acked,
                    count,
                ))
            })
            .collect();
        // Killed while the writers are in full flow, requests in flight.
        common::until_acked(&mut counted, 30).await;
        server.kill();
        stop.store(true, Ordering::SeqCst);
        for w in writers {
            w.await.unwrap();
        }
        all.extend(acked.lock().unwrap().iter().cloned());

        let db = data.join("xinbao.db");
        let mut c = open_db(&db).await;
        assert_eq!(common::integrity(&mut c).await, vec!["ok"], "round {round}");
        let titles = common::titles(&mut c).await;
        for a in &all {
            assert!(
                titles.contains(&a.title),
                "round {round}: {} is lost",
                a.title
            );
        }
        c.close().await.unwrap();

        server = Server::start(root.path(), &data).await;
        let client = Client::new();
        for (id, title) in all.iter().filter_map(|a| a.id.map(|id| (id, &a.title))) {
            let res = client
                .get(format!("{}/api/v1/items/{id}", server.base))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert!(
                res.status().is_success(),
                "round {round}: {title} after the restart"
            );
        }
    }
    assert!(all.len() >= ROUNDS * 30);
}
