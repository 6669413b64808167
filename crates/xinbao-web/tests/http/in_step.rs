//! The check every test ends with (`TestServer`'s drop): whatever the test did to the items,
//! the stored score entries equal a full recompute, on the suite's backend.

use xinbao_app::{App, AppConfig};

/// Stored score entries equal a full recompute. Runs on a runtime of its own, on a store of
/// its own: it is called from `drop`, inside the test's runtime, which it cannot block on.
pub fn assert_scores_in_step(url: &str) {
    let url = url.to_string();
    let checked = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let store = xinbao_store::Store::open(&xinbao_store::DbConfig::new(url))
                .await
                .unwrap();
            let app = App::new(store.clone(), AppConfig::default());
            let key = |r: &xinbao_store::score_entries::EntryRow| (r.root_id, r.event, r.unit_id);
            let mut stored = app.stored_scores().await.unwrap();
            let mut fresh = app.recomputed_scores().await.unwrap();
            stored.sort_by_key(key);
            fresh.sort_by_key(key);
            store.close().await;
            (stored, fresh)
        })
    })
    .join();
    let (stored, fresh) = checked.unwrap();
    assert!(
        stored == fresh,
        "at the end of the test, the stored score entries ({}) differ from a full recompute ({})",
        stored.len(),
        fresh.len()
    );
}
