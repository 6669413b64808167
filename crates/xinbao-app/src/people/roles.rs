//! Granting and ending roles in units, for those who manage the person.

use super::*;

impl App {
    /// Gives a person a role in a unit the administrator manages.
    pub async fn grant_role(
        &self,
        actor: &Actor,
        person: i64,
        unit: i64,
        role: &str,
        level: Option<&str>,
    ) -> Result<i64> {
        let role = Role::from_code(role).ok_or(AppError::invalid("role", "unknown"))?;
        let level = level.map(str::trim).filter(|l| !l.is_empty());
        let level = match (role, level) {
            (Role::Signer, Some(l)) => Some(
                SignerLevel::from_code(l).ok_or(AppError::invalid("signer_level", "unknown"))?,
            ),
            (Role::Signer, None) => return Err(AppError::invalid("signer_level", "required")),
            _ => None,
        };
        let mut tx = self.begin().await?;
        let id = self
            .grant_role_in(&mut tx, actor, person, unit, role, level)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Grants a checked role inside the caller's unit of work.
    pub(crate) async fn grant_role_in<'a>(
        &self,
        tx: &mut Work<'a>,
        actor: &'a Actor,
        person: i64,
        unit: i64,
        role: Role,
        level: Option<SignerLevel>,
    ) -> Result<i64> {
        let now = self.now().0;
        let (rows, tree) = load_tree(&mut tx.conn()).await?;
        let u = rows
            .iter()
            .find(|u| u.id == unit)
            .ok_or(AppError::invalid("unit_id", "unknown_unit"))?;
        if !u.active {
            return Err(AppError::invalid("unit_id", "inactive"));
        }
        if role.office_only() && u.kind != UnitKind::Office {
            return Err(AppError::invalid("role", "office_only"));
        }
        people::get(&mut tx.conn(), person)
            .await?
            .ok_or(AppError::NotFound)?;
        // Only someone the actor manages (every role of theirs in the actor's subtree), and
        // never oneself: nobody raises their own rights or reaches into another city.
        let held = held_units(&people::grants_of(&mut tx.conn(), person).await?);
        let target = xinbao_domain::PersonId(person);
        if !(actor.system
            || actor
                .principal
                .may_grant(&tree, role, UnitId(unit), target, &held))
        {
            return Err(AppError::Forbidden);
        }
        let id = people::grant(&mut tx.conn(), person, unit, role, level, now)
            .await
            .map_err(|e| match e {
                xinbao_store::StoreError::Duplicate(_) => {
                    AppError::Conflict(crate::Conflict::DuplicateRole)
                }
                other => other.into(),
            })?;
        tx.audit(AuditEntry::by(actor, AuditAction::RoleGranted)
            .target("person", person)
            .detail(json!({ "unit_id": unit, "role": role.code(), "signer_level": level.map(|l| l.code()) })));
        tx.touched_sessions();
        Ok(id)
    }

    /// Ends a role (kept in history, the vacancy shows again).
    pub async fn revoke_role(&self, actor: &Actor, grant_id: i64) -> Result<()> {
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let g = people::get_grant(&mut tx.conn(), grant_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (_, tree) = load_tree(&mut tx.conn()).await?;
        let role = g.role;
        let held = held_units(&people::grants_of(&mut tx.conn(), g.person_id).await?);
        let target = xinbao_domain::PersonId(g.person_id);
        if !(actor.system
            || actor
                .principal
                .may_grant(&tree, role, UnitId(g.unit_id), target, &held))
        {
            return Err(AppError::Forbidden);
        }
        if people::end_grant(&mut tx.conn(), grant_id, now).await? {
            tx.audit(
                AuditEntry::by(actor, AuditAction::RoleRevoked)
                    .target("person", g.person_id)
                    .detail(json!({ "unit_id": g.unit_id, "role": g.role })),
            );
        }
        tx.touched_sessions();
        tx.commit().await
    }
}
