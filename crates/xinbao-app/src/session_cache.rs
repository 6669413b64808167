//! Sessions and tokens resolved in the last second, so a page and the requests it triggers
//! read the session once.

use crate::SessionInfo;
use xinbao_domain::access::Principal;
use xinbao_store::people::PersonRow;

/// What a session cookie or bearer token resolved to.
#[derive(Clone)]
pub(crate) enum Resolved {
    Session(SessionInfo),
    Token(Principal, PersonRow),
}

/// Sessions and tokens resolved in the last second, by token hash. A page and the requests it
/// triggers resolve the same session several times a second; any change to people, roles,
/// passwords or sessions made through this instance clears the cache at once, so only a
/// change made on another instance can take up to a second to be seen (as with the
/// organisation cache). Idle-time bookkeeping is unaffected: it is written at most every 30 s.
#[derive(Clone, Default)]
pub(crate) struct SessionCache(std::sync::Arc<std::sync::Mutex<SessionMap>>);

/// Token hash → when it was resolved (wall clock, app clock) and what it resolved to.
type SessionMap = std::collections::HashMap<String, (std::time::Instant, i64, Resolved)>;

const SESSION_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(1);

impl SessionCache {
    /// A fresh entry: less than a second old by the wall clock and by the app's clock (so a
    /// test that moves its clock past an idle timeout is not answered from the cache).
    pub(crate) fn get(&self, hash: &str, now: i64) -> Option<Resolved> {
        let guard = self.0.lock().ok()?;
        let (at, clock_at, r) = guard.get(hash)?;
        let fresh = at.elapsed() < SESSION_CACHE_TTL && (0..1000).contains(&(now - clock_at));
        fresh.then(|| r.clone())
    }

    pub(crate) fn put(&self, hash: String, now: i64, r: Resolved) {
        if let Ok(mut guard) = self.0.lock() {
            if guard.len() > 10_000 {
                guard.retain(|_, (at, _, _)| at.elapsed() < SESSION_CACHE_TTL);
            }
            guard.insert(hash, (std::time::Instant::now(), now, r));
        }
    }

    pub(crate) fn forget(&self) {
        if let Ok(mut guard) = self.0.lock() {
            guard.clear();
        }
    }
}
