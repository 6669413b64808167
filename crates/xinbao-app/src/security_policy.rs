//! The installation's security policy (a second factor for every administrative role), set by
//! the top office's security administrator and kept in the `settings` table.

use crate::audit::AuditEntry;
use crate::{Actor, App, AppError, Result};
use serde_json::json;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::second_factor::SecurityPolicy;
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
        let org = self.org().await?;
        if !(actor.system || actor.principal.may_set_security_policy(&org.tree)) {
            return Err(AppError::Forbidden);
        }
        let now = self.now().0;
        let value = if policy.require_admin_totp {
            "true"
        } else {
            "false"
        };
        let mut tx = self.store.write().await?;
        store::set_setting(&mut tx.conn(), REQUIRE_ADMIN_TOTP, value, now).await?;
        AuditEntry::by(actor, AuditAction::SecurityPolicyChanged)
            .detail(json!({ "require_admin_totp": policy.require_admin_totp }))
            .write(&mut tx.conn(), now)
            .await?;
        self.commit_and_forget_sessions(tx).await
    }
}
