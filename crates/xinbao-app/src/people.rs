//! People use cases: accounts, roles in units, deactivation, password resets.

use crate::audit::AuditEntry;
use crate::auth::load_principal;
use crate::org::load_tree;
use crate::secret::{hash_password, random_token};
use crate::work::Work;
use crate::{Actor, App, AppError, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use xinbao_domain::access::Principal;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::org::OrgTree;
use xinbao_domain::person::{validate_person_name, validate_phone, validate_username};
use xinbao_domain::policy::check_password;
use xinbao_domain::{Role, SignerLevel, UnitId, UnitKind};
use xinbao_store::people::{self, GrantRow, PersonRow};
use xinbao_store::{sessions, tokens};

mod accounts;
mod roles;

pub(crate) use accounts::{initial_password, prepare_person};

/// What an administrator enters for a person.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct PersonInput {
    pub username: String,
    pub name: String,
    pub phone: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    /// Initial password; when absent one is generated and must be changed at first sign-in.
    pub password: Option<String>,
}

/// One role held, as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoleView {
    pub grant_id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    #[schema(value_type = String)]
    pub role: Role,
    #[schema(value_type = Option<String>)]
    pub signer_level: Option<SignerLevel>,
}

/// A person as shown to administrators and to themselves.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonView {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub phone: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub active: bool,
    pub locked_until: Option<i64>,
    pub must_change_password: bool,
    pub roles: Vec<RoleView>,
}

fn view(p: PersonRow, grants: &[GrantRow], names: &HashMap<i64, String>) -> PersonView {
    PersonView {
        roles: grants
            .iter()
            .filter(|g| g.person_id == p.id)
            .map(|g| RoleView {
                grant_id: g.id,
                unit_id: g.unit_id,
                unit_name: names.get(&g.unit_id).cloned().unwrap_or_default(),
                role: g.role,
                signer_level: *g.signer_level,
            })
            .collect(),
        id: p.id,
        username: p.username,
        name: p.name,
        phone: p.phone,
        title: p.title,
        email: p.email,
        active: p.active,
        locked_until: p.locked_until,
        must_change_password: p.must_change_password,
    }
}

/// An administrator manages a person whose every role lies in their subtree
/// (a person with no role yet can be managed by any administrator).
fn may_manage(actor: &Actor, tree: &OrgTree, grants: &[GrantRow]) -> bool {
    covers(actor, tree, grants, &[Role::Admin])
}

/// Do the actor's `by` roles cover every role of a person? Security administrators see the
/// people they grant roles to; only system administrators change them.
fn covers(actor: &Actor, tree: &OrgTree, grants: &[GrantRow], by: &[Role]) -> bool {
    actor.system
        || by.iter().any(|r| {
            actor.principal.units_with(*r).into_iter().any(|root| {
                grants
                    .iter()
                    .all(|g| tree.is_within(UnitId(g.unit_id), root))
            })
        })
}

const SEES_PEOPLE: [Role; 2] = [Role::Admin, Role::SecurityAdmin];

/// The units a person holds roles in.
fn held_units(grants: &[GrantRow]) -> Vec<UnitId> {
    grants.iter().map(|g| UnitId(g.unit_id)).collect()
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl App {
    /// The caller, with roles and unit names.
    pub async fn me(&self, principal: &Principal) -> Result<PersonView> {
        let mut r = self.store.read().await?;
        let p = people::get(&mut r.conn(), principal.person_id.0)
            .await?
            .ok_or(AppError::NotFound)?;
        let grants = people::grants_of(&mut r.conn(), p.id).await?;
        let (rows, _) = load_tree(&mut r.conn()).await?;
        let names = rows.into_iter().map(|u| (u.id, u.name)).collect();
        Ok(view(p, &grants, &names))
    }

    /// People matching `q`, one page; system and security administrators, limited to their
    /// subtree.
    pub async fn list_people(
        &self,
        actor: &Actor,
        q: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<PersonView>> {
        self.may_open(actor, xinbao_domain::menu::Section::People)?;
        let mut r = self.store.read().await?;
        let (rows, tree) = load_tree(&mut r.conn()).await?;
        let list =
            people::search(&mut r.conn(), q.trim(), limit.clamp(1, 5000), offset.max(0)).await?;
        let ids: Vec<i64> = list.iter().map(|p| p.id).collect();
        let grants = people::grants_of_people(&mut r.conn(), &ids).await?;
        let names: HashMap<i64, String> = rows.into_iter().map(|u| (u.id, u.name)).collect();
        Ok(list
            .into_iter()
            .filter(|p| {
                let mine: Vec<GrantRow> = grants
                    .iter()
                    .filter(|g| g.person_id == p.id)
                    .cloned()
                    .collect();
                covers(actor, &tree, &mine, &SEES_PEOPLE)
            })
            .map(|p| view(p, &grants, &names))
            .collect())
    }

    pub async fn person(&self, actor: &Actor, id: i64) -> Result<PersonView> {
        let mut r = self.store.read().await?;
        let p = people::get(&mut r.conn(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let grants = people::grants_of(&mut r.conn(), id).await?;
        let (rows, tree) = load_tree(&mut r.conn()).await?;
        if actor.principal.person_id.0 != id && !covers(actor, &tree, &grants, &SEES_PEOPLE) {
            return Err(AppError::Forbidden);
        }
        let names = rows.into_iter().map(|u| (u.id, u.name)).collect();
        Ok(view(p, &grants, &names))
    }

    /// People holding a role in a unit (administrators of that unit only).
    pub async fn people_in_unit(&self, actor: &Actor, unit: i64) -> Result<Vec<PersonView>> {
        let mut r = self.store.read().await?;
        let (rows, tree) = load_tree(&mut r.conn()).await?;
        if !(actor.system || actor.principal.may_administer(&tree, UnitId(unit))) {
            return Err(AppError::Forbidden);
        }
        let grants = people::grants_in(&mut r.conn(), unit).await?;
        let mut ids: Vec<i64> = grants.iter().map(|g| g.person_id).collect();
        ids.dedup();
        let names: HashMap<i64, String> = rows.into_iter().map(|u| (u.id, u.name)).collect();
        let mut out = Vec::new();
        for id in ids {
            if let Some(p) = people::get(&mut r.conn(), id).await? {
                out.push(view(p, &grants, &names));
            }
        }
        Ok(out)
    }

    pub async fn update_person(&self, actor: &Actor, id: i64, input: &PersonInput) -> Result<()> {
        let name =
            validate_person_name(&input.name).map_err(|_| AppError::invalid("name", "length"))?;
        let phone = validate_phone(input.phone.as_deref().unwrap_or(""))
            .map_err(|_| AppError::invalid("phone", "format"))?;
        let now = self.now().0;
        let mut tx = self.begin().await?;
        self.check_manage(&mut tx, actor, id).await?;
        let (title, email) = (clean(&input.title), clean(&input.email));
        people::update_profile(
            &mut tx.conn(),
            id,
            &name,
            phone.as_deref(),
            title.as_deref(),
            email.as_deref(),
            now,
        )
        .await?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::PersonUpdated)
                .target("person", id)
                .detail(json!({ "name": name, "phone": phone, "title": title, "email": email })),
        );
        tx.touched_sessions();
        tx.commit().await
    }

    async fn check_manage(
        &self,
        tx: &mut crate::Work<'_>,
        actor: &Actor,
        id: i64,
    ) -> Result<PersonRow> {
        let p = people::get(&mut tx.conn(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let grants = people::grants_of(&mut tx.conn(), id).await?;
        let (_, tree) = load_tree(&mut tx.conn()).await?;
        if !may_manage(actor, &tree, &grants) {
            return Err(AppError::Forbidden);
        }
        Ok(p)
    }

    /// Deactivates (ending sessions and tokens) or reactivates a person. Never deletes.
    pub async fn set_person_active(&self, actor: &Actor, id: i64, active: bool) -> Result<()> {
        if !active && actor.principal.person_id.0 == id {
            return Err(AppError::Conflict(crate::Conflict::CannotDeactivateSelf));
        }
        let now = self.now().0;
        let mut tx = self.begin().await?;
        self.check_manage(&mut tx, actor, id).await?;
        if people::set_active(&mut tx.conn(), id, active, now).await? {
            if !active {
                sessions::delete_for_person(&mut tx.conn(), id, None).await?;
                tokens::revoke_all(&mut tx.conn(), id, now).await?;
            }
            let action = if active {
                AuditAction::PersonReactivated
            } else {
                AuditAction::PersonDeactivated
            };
            tx.audit(AuditEntry::by(actor, action).target("person", id));
        }
        tx.touched_sessions();
        tx.commit().await
    }

    /// The signed-in person's principal, fresh from the database.
    pub async fn principal(&self, person_id: i64) -> Result<Principal> {
        let mut r = self.store.read().await?;
        let p = people::get(&mut r.conn(), person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        load_principal(&mut r.conn(), &p).await
    }
}
