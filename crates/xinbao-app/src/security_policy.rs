//! The installation's security policy (a second factor for every administrative role), set by
//! the top office's security administrator and kept in the `settings` table; and removing a
//! person's lost second factor.

use crate::audit::AuditEntry;
use crate::work::Work;
use crate::{Actor, App, AppError, Result};
use serde_json::json;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::second_factor::SecurityPolicy;
use xinbao_domain::{PersonId, UnitId};
use xinbao_store::people;
use xinbao_store::second_factor::{self as store, REQUIRE_ADMIN_TOTP};

impl App {
    /// The policy in force (no permission check: used by the rules themselves).
    pub(crate) async fn security_policy_now(&self) -> Result<SecurityPolicy> {
        let mut r = self.store.read().await?;
        let v = store::setting(&mut r.conn(), REQUIRE_ADMIN_TOTP).await?;
        Ok(SecurityPolicy {
            require_admin_totp: v.as_deref() == Some("true"),
        })
    }

    /// The policy, for administrators.
    pub async fn security_policy(&self, actor: &Actor) -> Result<SecurityPolicy> {
        let administrative = actor
            .principal
            .grants
            .iter()
            .any(|g| g.role.is_administrative());
        if !(actor.system || administrative) {
            return Err(AppError::Forbidden);
        }
        self.security_policy_now().await
    }

    /// Sets the policy: the top office's security administrator (or the operator at the
    /// command line); audited.
    pub async fn set_security_policy(&self, actor: &Actor, policy: SecurityPolicy) -> Result<()> {
        let mut tx = self.begin().await?;
        self.set_security_policy_in(&mut tx, actor, policy).await?;
        tx.commit().await
    }

    /// Sets the policy inside the caller's unit of work.
    pub(crate) async fn set_security_policy_in<'a>(
        &self,
        tx: &mut Work<'a>,
        actor: &'a Actor,
        policy: SecurityPolicy,
    ) -> Result<()> {
        let (_, tree) = crate::org::load_tree(&mut tx.conn()).await?;
        if !(actor.system || actor.principal.may_set_security_policy(&tree)) {
            return Err(AppError::Forbidden);
        }
        let now = self.now().0;
        let value = if policy.require_admin_totp {
            "true"
        } else {
            "false"
        };
        store::set_setting(&mut tx.conn(), REQUIRE_ADMIN_TOTP, value, now).await?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::SecurityPolicyChanged)
                .detail(json!({ "require_admin_totp": policy.require_admin_totp })),
        );
        tx.touched_sessions();
        Ok(())
    }

    /// Removes a person's second factor (phone and recovery codes lost): whoever may reset
    /// the person's password (or the operator at the command line); audited. Under the policy
    /// an administrator is then held to enrolling again.
    pub async fn remove_second_factor(&self, actor: &Actor, id: i64) -> Result<()> {
        {
            let mut r = self.store.read().await?;
            let grants = people::grants_of(&mut r.conn(), id).await?;
            let held: Vec<UnitId> = grants.iter().map(|g| UnitId(g.unit_id)).collect();
            drop(r);
            let org = self.org().await?;
            if !(actor.system || actor.principal.may_reset(&org.tree, PersonId(id), &held)) {
                return Err(AppError::Forbidden);
            }
        }
        let mut tx = self.begin().await?;
        store::get(&mut tx.conn(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        store::remove(&mut tx.conn(), id).await?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::SecondFactorDisabled)
                .target("person", id)
                .detail(json!({ "removed_by_administrator": true })),
        );
        tx.touched_sessions();
        tx.commit().await
    }
}
