//! Units' sign-off rules (who signs which importance before an item leaves): read with the stored
//! defaults, and set by those who administer the unit.

use super::*;

pub(crate) async fn rules(c: &mut Conn<'_>, unit: i64) -> Result<Rules> {
    Ok(rules_of(units::signoff_rule(c, unit).await?))
}

/// The rules from a unit's stored sign-off rule (general, important, critical), if any.
pub(crate) fn rules_of(stored: Option<(String, String, String)>) -> Rules {
    let mut r = Rules {
        unit: UnitSignoffRule::default(),
        office: OfficeSignoffRule::default(),
    };
    if let Some((g, i, k)) = stored {
        let role = |s: &str| Role::from_code(s);
        r.unit = UnitSignoffRule {
            general: role(&g),
            important: role(&i),
            critical: role(&k),
        };
        let level = |s: &str, d| SignerLevel::from_code(s).unwrap_or(d);
        r.office = OfficeSignoffRule {
            general: level(&g, r.office.general),
            important: level(&i, r.office.important),
            critical: level(&k, r.office.critical),
        };
    }
    r
}

/// A unit's sign-off rule as shown and edited: per importance, a role (ordinary units:
/// `unit_leader`, `principal_leader` or empty for none) or a signer level (offices:
/// `section`, `deputy`, `chief`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct SignoffRuleView {
    pub general: String,
    pub important: String,
    pub critical: String,
}

impl App {
    pub async fn signoff_rule(&self, actor: &Actor, unit: i64) -> Result<SignoffRuleView> {
        crate::org::reads_org(actor)?;
        let org = self.org().await?;
        let r = rules(&mut self.store.read().await?.conn(), unit).await?;
        let role = |x: Option<Role>| x.map(|r| r.code().to_string()).unwrap_or_default();
        Ok(if org.is_office(unit) {
            SignoffRuleView {
                general: r.office.general.code().into(),
                important: r.office.important.code().into(),
                critical: r.office.critical.code().into(),
            }
        } else {
            SignoffRuleView {
                general: role(r.unit.general),
                important: role(r.unit.important),
                critical: role(r.unit.critical),
            }
        })
    }

    /// Sets a unit's sign-off rule (administrators of the unit).
    pub async fn set_signoff_rule(
        &self,
        actor: &Actor,
        unit: i64,
        v: &SignoffRuleView,
    ) -> Result<()> {
        let org = self.org().await?;
        if !org.rows.contains_key(&unit) {
            return Err(AppError::NotFound);
        }
        if !(actor.system || actor.principal.may_administer(&org.tree, UnitId(unit))) {
            return Err(AppError::Forbidden);
        }
        let office = org.is_office(unit);
        let ok = |s: &str| {
            if office {
                SignerLevel::from_code(s).is_some()
            } else {
                s.is_empty()
                    || matches!(
                        Role::from_code(s),
                        Some(Role::UnitLeader | Role::PrincipalLeader)
                    )
            }
        };
        if ![&v.general, &v.important, &v.critical]
            .iter()
            .all(|s| ok(s.trim()))
        {
            return Err(AppError::invalid("signoff_rule", "unknown"));
        }
        let mut tx = self.begin().await?;
        units::set_signoff_rule(
            &mut tx.conn(),
            unit,
            (v.general.trim(), v.important.trim(), v.critical.trim()),
        )
        .await?;
        tx.audit(
            crate::audit::AuditEntry::by(actor, xinbao_domain::audit::AuditAction::UnitUpdated)
                .target("unit", unit)
                .detail(serde_json::json!({ "signoff_rule": v })),
        );
        tx.commit().await
    }
}
