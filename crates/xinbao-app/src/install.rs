//! Setting up a new installation (`xinbao admin init`): the top office and its three
//! administrators (三员分立: system, security, audit), each with their role, and the second-factor
//! policy, in one unit of work — a failure midway leaves nothing, and the command can run
//! again.

use crate::org::UnitInput;
use crate::people::{PersonInput, prepare_person};
use crate::{Actor, App, AppError, Result};
use xinbao_domain::second_factor::SecurityPolicy;
use xinbao_domain::{OfficeBranch, OfficeLevel, Role, UnitKind};
use xinbao_store::units;

/// What the operator gives.
#[derive(Debug, Clone)]
pub struct InstallInput {
    /// The top office's name and level (`county`, `city`, `province`).
    pub office: String,
    pub level: String,
    /// The system administrator: username, name, password (generated when none).
    pub admin: (String, String),
    pub password: Option<String>,
    pub security_username: String,
    pub auditor_username: String,
    /// Administrators sign in with a second factor from the start (等保 level 3).
    pub require_second_factor: bool,
}

/// One administrator created: username, id, the generated initial password if any.
pub type Installed = (String, i64, Option<String>);

/// The installation made: the office and its three administrators.
#[derive(Debug, Clone)]
pub struct Installation {
    pub office: i64,
    pub people: Vec<Installed>,
}

impl App {
    /// Sets up an empty installation; refused (a conflict) once it has any unit.
    pub async fn install(&self, actor: &Actor, input: &InstallInput) -> Result<Installation> {
        if !actor.system {
            return Err(AppError::Forbidden);
        }
        let three = [
            (&input.admin.0, input.admin.1.as_str(), Role::Admin),
            (&input.security_username, "安全管理员", Role::SecurityAdmin),
            (&input.auditor_username, "审计管理员", Role::Auditor),
        ];
        let mut prepared = Vec::with_capacity(3);
        for (username, name, role) in three {
            let person = PersonInput {
                username: username.clone(),
                name: name.to_string(),
                password: input.password.clone(),
                ..Default::default()
            };
            prepared.push((prepare_person(&person).await?, role));
        }
        let mut tx = self.begin().await?;
        if units::count(&mut tx.conn()).await? > 0 {
            return Err(AppError::Conflict(crate::Conflict::AlreadyInstalled));
        }
        let office = UnitInput {
            name: input.office.clone(),
            kind: UnitKind::Office.code().into(),
            office_level: Some(input.level.clone()),
            office_branch: Some(OfficeBranch::Party.code().into()),
            ..Default::default()
        };
        OfficeLevel::from_code(&input.level).ok_or(AppError::invalid("office_level", "unknown"))?;
        let unit = self.create_unit_in(&mut tx, actor, &office).await?;
        let mut people = Vec::with_capacity(3);
        for (p, role) in prepared {
            let id = self.insert_person_in(&mut tx, actor, &p.row).await?;
            self.grant_role_in(&mut tx, actor, id, unit, role, None)
                .await?;
            people.push((p.row.username, id, p.generated));
        }
        if input.require_second_factor {
            let policy = SecurityPolicy {
                require_admin_totp: true,
            };
            self.set_security_policy_in(&mut tx, actor, policy).await?;
        }
        tx.commit().await?;
        Ok(Installation {
            office: unit,
            people,
        })
    }

    /// True while the installation has no unit yet (before `admin init` or the demo).
    pub async fn is_new(&self) -> Result<bool> {
        let mut r = self.store.read().await?;
        Ok(units::count(&mut r.conn()).await? == 0)
    }
}

/// The database as a whole, for the operator's commands and the readiness probe.
impl App {
    /// The schema version the database is at.
    pub async fn schema_version(&self) -> Result<i64> {
        Ok(xinbao_store::migrate::schema_version(&self.store).await?)
    }

    /// Answers when the database does (the readiness probe).
    pub async fn ping(&self) -> Result<()> {
        Ok(self.store.ping().await?)
    }

    /// Closes the database's connections (on shutdown, after the last request).
    pub async fn close(&self) {
        self.store.close().await;
    }
}

impl App {
    /// The id of the person with `username` (any case), for the operator's commands.
    pub async fn person_id_by_username(&self, actor: &Actor, username: &str) -> Result<i64> {
        if !actor.system {
            return Err(AppError::Forbidden);
        }
        let mut r = self.store.read().await?;
        let person = xinbao_store::people::by_username(&mut r.conn(), &username.to_lowercase())
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(person.id)
    }
}
