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

/// A person checked and their password hashed, ready to store; the generated initial
/// password, when none was given. Hashing runs before any transaction opens.
pub(crate) struct PreparedPerson {
    pub row: people::NewPerson,
    pub generated: Option<String>,
}

pub(crate) async fn prepare_person(input: &PersonInput) -> Result<PreparedPerson> {
    let username =
        validate_username(&input.username).map_err(|_| AppError::invalid("username", "format"))?;
    let name =
        validate_person_name(&input.name).map_err(|_| AppError::invalid("name", "length"))?;
    let phone = validate_phone(input.phone.as_deref().unwrap_or(""))
        .map_err(|_| AppError::invalid("phone", "format"))?;
    let (password, generated) = match clean(&input.password) {
        Some(p) => {
            let problems = check_password(&p, &username);
            if !problems.is_empty() {
                return Err(AppError::WeakPassword(problems));
            }
            (p, None)
        }
        None => {
            let p = initial_password();
            (p.clone(), Some(p))
        }
    };
    let row = people::NewPerson {
        username,
        name,
        phone,
        title: clean(&input.title),
        email: clean(&input.email),
        password_hash: hash_password(password).await?,
        must_change_password: generated.is_some(),
    };
    Ok(PreparedPerson { row, generated })
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
        if !(actor.is_admin() || actor.principal.has_role(Role::SecurityAdmin)) {
            return Err(AppError::Forbidden);
        }
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

    /// Creates a person; returns the id and the generated initial password, if one was made.
    pub async fn create_person(
        &self,
        actor: &Actor,
        input: &PersonInput,
    ) -> Result<(i64, Option<String>)> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden);
        }
        let new = prepare_person(input).await?;
        let mut tx = self.begin().await?;
        let id = self.insert_person_in(&mut tx, actor, &new.row).await?;
        tx.commit().await?;
        Ok((id, new.generated))
    }

    /// Stores a checked person inside the caller's unit of work.
    pub(crate) async fn insert_person_in<'a>(
        &self,
        tx: &mut Work<'a>,
        actor: &'a Actor,
        new: &people::NewPerson,
    ) -> Result<i64> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden);
        }
        let now = self.now().0;
        let id = people::insert(&mut tx.conn(), new, now)
            .await
            .map_err(|e| match e {
                xinbao_store::StoreError::Duplicate(_) => {
                    AppError::Conflict(crate::Conflict::DuplicateUsername)
                }
                other => other.into(),
            })?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::PersonCreated)
                .target("person", id)
                .detail(json!({ "username": new.username, "name": new.name })),
        );
        tx.touched_sessions();
        Ok(id)
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

    /// Resets a password: to `password` if given (checked against the rules), otherwise to a
    /// generated one that must be changed at the next sign-in. Ends the person's sessions and
    /// API tokens.
    pub async fn reset_password(
        &self,
        actor: &Actor,
        id: i64,
        password: Option<&str>,
    ) -> Result<Option<String>> {
        let now = self.now().0;
        let person = {
            let mut r = self.store.read().await?;
            let p = people::get(&mut r.conn(), id)
                .await?
                .ok_or(AppError::NotFound)?;
            let held = held_units(&people::grants_of(&mut r.conn(), id).await?);
            let (_, tree) = load_tree(&mut r.conn()).await?;
            let target = xinbao_domain::PersonId(id);
            if !(actor.system || actor.principal.may_reset(&tree, target, &held)) {
                return Err(AppError::Forbidden);
            }
            p
        };
        let (password, generated) = match password.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => {
                let problems = check_password(p, &person.username);
                if !problems.is_empty() {
                    return Err(AppError::WeakPassword(problems));
                }
                (p.to_string(), None)
            }
            None => {
                let p = initial_password();
                (p.clone(), Some(p))
            }
        };
        let hash = hash_password(password).await?;
        let mut tx = self.begin().await?;
        people::set_password(
            &mut tx.conn(),
            id,
            &hash,
            generated.is_some() || !actor.system,
            now,
        )
        .await?;
        sessions::delete_for_person(&mut tx.conn(), id, None).await?;
        tokens::revoke_all(&mut tx.conn(), id, now).await?;
        tx.audit(AuditEntry::by(actor, AuditAction::PasswordReset).target("person", id));
        tx.touched_sessions();
        tx.commit().await?;
        Ok(generated)
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

/// A generated initial password that meets the rules: `Xb-` + 16 random URL-safe characters + `9a`.
pub(crate) fn initial_password() -> String {
    let t: String = random_token()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(14)
        .collect();
    format!("Xb-{t}9a")
}
