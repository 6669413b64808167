//! Web sessions: resolved from their cookie (cached), ended on sign-out or when idle.

use super::load_principal;
use crate::audit::AuditEntry;
use crate::secret::token_hash;
use crate::session_cache::Resolved;
use crate::{Actor, App, Result};
use xinbao_domain::access::Principal;
use xinbao_domain::audit::AuditAction;
use xinbao_store::people::PersonRow;
use xinbao_store::sessions;

/// A live session, resolved from its cookie.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub principal: Principal,
    pub person: PersonRow,
    pub csrf_token: String,
    pub session_hash: String,
}

impl App {
    /// Resolves a session cookie; an idle session is ended and yields nothing.
    pub async fn session(&self, session_token: &str) -> Result<Option<SessionInfo>> {
        let hash = token_hash(session_token);
        let now = self.now().0;
        if let Some(Resolved::Session(s)) = self.sessions.get(&hash, now) {
            return Ok(Some(s));
        }
        let found = self.session_uncached(hash.clone(), now).await?;
        if let Some(s) = &found {
            self.sessions.put(hash, now, Resolved::Session(s.clone()));
        }
        Ok(found)
    }

    async fn session_uncached(&self, hash: String, now: i64) -> Result<Option<SessionInfo>> {
        let mut r = self.store.read().await?;
        let Some((s, person)) = sessions::get_with_person(&mut r.conn(), &hash).await? else {
            return Ok(None);
        };
        let person = Some(person);
        let principal = match &person {
            Some(p) if p.active => Some(load_principal(&mut r.conn(), p).await?),
            _ => None,
        };
        drop(r);
        let idle = now - s.last_seen_at > self.cfg.session_idle_seconds * 1000;
        let (Some(person), Some(principal), false) = (person, principal, idle) else {
            let mut tx = self.begin().await?;
            sessions::delete(&mut tx.conn(), &hash).await?;
            tx.commit().await?;
            return Ok(None);
        };
        if now - s.last_seen_at > 30_000 {
            let mut tx = self.begin().await?;
            sessions::touch(&mut tx.conn(), &hash, now).await?;
            tx.commit().await?;
        }
        Ok(Some(SessionInfo {
            principal,
            person,
            csrf_token: s.csrf_token,
            session_hash: hash,
        }))
    }

    pub async fn sign_out(&self, actor: &Actor, session_hash: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        sessions::delete(&mut tx.conn(), session_hash).await?;
        tx.audit(AuditEntry::by(actor, AuditAction::SignOut));
        tx.touched_sessions();
        tx.commit().await
    }

    /// Ends sessions idle past the timeout (run periodically).
    pub async fn purge_idle_sessions(&self) -> Result<u64> {
        let cutoff = self.now().0 - self.cfg.session_idle_seconds * 1000;
        let mut tx = self.begin().await?;
        let n = sessions::purge_idle(&mut tx.conn(), cutoff).await?;
        tx.commit().await?;
        Ok(n)
    }
}
