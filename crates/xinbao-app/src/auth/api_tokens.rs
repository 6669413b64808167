//! API tokens: resolving a bearer token (cached), creating, listing and revoking tokens.

use super::load_principal;
use crate::audit::AuditEntry;
use crate::secret::{random_token, token_hash};
use crate::session_cache::Resolved;
use crate::{Actor, App, AppError, Result};
use serde_json::json;
use xinbao_domain::access::Principal;
use xinbao_domain::audit::AuditAction;
use xinbao_store::people::PersonRow;
use xinbao_store::tokens::{self, TokenRow};

impl App {
    /// Resolves a bearer token of an active person.
    pub async fn token_principal(&self, token: &str) -> Result<Option<(Principal, PersonRow)>> {
        let hash = token_hash(token);
        let now = self.now().0;
        if let Some(Resolved::Token(p, person)) = self.sessions.get(&hash, now) {
            return Ok(Some((p, person)));
        }
        let found = self.token_uncached(&hash).await?;
        if let Some((p, person)) = &found {
            self.sessions
                .put(hash, now, Resolved::Token(p.clone(), person.clone()));
        }
        Ok(found)
    }

    async fn token_uncached(&self, hash: &str) -> Result<Option<(Principal, PersonRow)>> {
        let now = self.now().0;
        let mut r = self.store.read().await?;
        let idle = tokens::IdleLimits {
            sign_in_ms: self.cfg.api_session_idle_seconds * 1000,
            named_ms: self.cfg.token_idle_days * 86_400_000,
        };
        let found = tokens::find_live_with_person(&mut r.conn(), hash, now, idle).await?;
        let Some((token_id, last_used_at, person)) = found.filter(|(_, _, p)| p.active) else {
            return Ok(None);
        };
        let principal = load_principal(&mut r.conn(), &person).await?;
        drop(r);
        if last_used_at.is_none_or(|u| now - u > 60_000) {
            let mut tx = self.begin().await?;
            tokens::touch(&mut tx.conn(), token_id, now).await?;
            tx.commit().await?;
        }
        Ok(Some((principal, person)))
    }

    /// Revokes the bearer token used for this call (API sign-out).
    pub async fn revoke_current_token(&self, actor: &Actor, token: &str) -> Result<()> {
        let now = self.now().0;
        let mut tx = self.begin().await?;
        if let Some(t) = tokens::find_live(&mut tx.conn(), &token_hash(token), now).await? {
            tokens::revoke(&mut tx.conn(), t.person_id, t.id, now).await?;
            tx.audit(AuditEntry::by(actor, AuditAction::TokenRevoked).target("api_token", t.id));
        }
        tx.touched_sessions();
        tx.commit().await
    }

    /// Creates a named API token for oneself; the token is shown once.
    pub async fn create_token(&self, actor: &Actor, name: &str) -> Result<(i64, String)> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(AppError::invalid("token_name", "length"));
        }
        if name == tokens::SIGN_IN_TOKEN {
            return Err(AppError::invalid("token_name", "reserved"));
        }
        let token = format!("xb_{}", random_token());
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let id = tokens::create(
            &mut tx.conn(),
            actor.principal.person_id.0,
            name,
            &token_hash(&token),
            now,
            None,
        )
        .await?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::TokenCreated)
                .target("api_token", id)
                .detail(json!({ "name": name })),
        );
        tx.commit().await?;
        Ok((id, token))
    }

    pub async fn list_tokens(&self, actor: &Actor) -> Result<Vec<TokenRow>> {
        let mut r = self.store.read().await?;
        Ok(tokens::list_for(&mut r.conn(), actor.principal.person_id.0).await?)
    }

    pub async fn revoke_token(&self, actor: &Actor, id: i64) -> Result<()> {
        let now = self.now().0;
        let mut tx = self.begin().await?;
        if !tokens::revoke(&mut tx.conn(), actor.principal.person_id.0, id, now).await? {
            return Err(AppError::NotFound);
        }
        tx.audit(AuditEntry::by(actor, AuditAction::TokenRevoked).target("api_token", id));
        tx.touched_sessions();
        tx.commit().await
    }
}
