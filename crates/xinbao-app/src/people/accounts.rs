//! Creating accounts and resetting passwords: checked input, the password hashed before any
//! transaction opens, the generated initial password shown once.

use super::*;

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

/// A generated initial password that meets the rules: `Xb-` + 16 random URL-safe characters + `9a`.
pub(crate) fn initial_password() -> String {
    let t: String = random_token()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(14)
        .collect();
    format!("Xb-{t}9a")
}

impl App {
    /// Creates a person; returns the id and the generated initial password, if one was made.
    pub async fn create_person(
        &self,
        actor: &Actor,
        input: &PersonInput,
    ) -> Result<(i64, Option<String>)> {
        if !self.may_create_people(actor) {
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
}
