//! `xinbao admin …`: setting up an installation (one unit of work) and the operator's account
//! commands.

use super::*;

#[derive(clap::Subcommand)]
pub enum AdminAction {
    /// Create the top office and its three administrators (system, security, audit) on an
    /// empty installation.
    Init {
        /// Name of the top office, e.g. 中共某某市委办公室.
        #[arg(long)]
        office: String,
        /// province, city or county.
        #[arg(long, default_value = "city")]
        level: String,
        #[arg(long, default_value = "admin")]
        username: String,
        #[arg(long, default_value = "系统管理员")]
        name: String,
        /// Password of the three administrators (each generated and printed when absent).
        #[arg(long)]
        password: Option<String>,
        /// The security administrator's username (三员分立: roles, grants, security policy).
        #[arg(long, default_value = "security")]
        security_username: String,
        /// The audit administrator's username (三员分立: reads the audit trail).
        #[arg(long, default_value = "auditor")]
        auditor_username: String,
        /// Leave the second-factor policy off (test installations; the security
        /// administrator can turn it on later). By default administrators must use one.
        #[arg(long)]
        without_second_factor: bool,
    },
    /// Create a person, optionally with a role in a unit.
    CreatePerson {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        password: Option<String>,
        #[arg(long)]
        unit_id: Option<i64>,
        /// officer, unit_leader, principal_leader, editor, signer, reader or admin.
        #[arg(long)]
        role: Option<String>,
        /// For signers: section, deputy or chief.
        #[arg(long)]
        signer_level: Option<String>,
    },
    /// Reset a password (and lift a lockout).
    ResetPassword {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password: Option<String>,
    },
    /// Remove a person's second factor (phone and recovery codes lost); they enrol again.
    ResetSecondFactor {
        #[arg(long)]
        username: String,
    },
}

pub(super) async fn admin(cfg: &Config, action: AdminAction) -> anyhow::Result<()> {
    let app = open(cfg).await?;
    let sys = Actor::system();
    match action {
        AdminAction::Init {
            office,
            level,
            username,
            name,
            password,
            security_username,
            auditor_username,
            without_second_factor,
        } => {
            let input = InstallInput {
                office,
                level,
                admin: (username, name),
                password,
                security_username,
                auditor_username,
                require_second_factor: !without_second_factor,
            };
            let done = app.install(&sys, &input).await.map_err(message)?;
            let unit = done.office.to_string();
            for (username, _, generated) in &done.people {
                let args = [("unit", unit.as_str()), ("username", username.as_str())];
                println!("{}", say("cli.init_done", &args));
                if let Some(p) = generated {
                    println!("{}", say("cli.initial_password", &[("password", p)]));
                }
            }
            if input.require_second_factor {
                println!("{}", say("cli.init_totp_policy", &[]));
            }
        }
        AdminAction::CreatePerson {
            username,
            name,
            password,
            unit_id,
            role,
            signer_level,
        } => {
            let (id, generated) = app
                .create_person(
                    &sys,
                    &PersonInput {
                        username: username.clone(),
                        name,
                        password,
                        ..Default::default()
                    },
                )
                .await
                .map_err(message)?;
            if let (Some(unit), Some(role)) = (unit_id, role) {
                app.grant_role(&sys, id, unit, &role, signer_level.as_deref())
                    .await
                    .map_err(message)?;
            }
            println!(
                "{}",
                say(
                    "cli.person_created",
                    &[("username", &username), ("id", &id.to_string())]
                )
            );
            if let Some(p) = generated {
                println!("{}", say("cli.initial_password", &[("password", &p)]));
            }
        }
        AdminAction::ResetSecondFactor { username } => {
            let person = app
                .person_id_by_username(&sys, &username)
                .await
                .map_err(message)
                .with_context(|| format!("no person with username {username}"))?;
            app.remove_second_factor(&sys, person)
                .await
                .map_err(message)?;
            println!(
                "{}",
                say("cli.second_factor_removed", &[("username", &username)])
            );
        }
        AdminAction::ResetPassword { username, password } => {
            let person = app
                .person_id_by_username(&sys, &username)
                .await
                .map_err(message)
                .with_context(|| format!("no person with username {username}"))?;
            let generated = app
                .reset_password(&sys, person, password.as_deref())
                .await
                .map_err(message)?;
            println!("{}", say("cli.password_reset", &[("username", &username)]));
            if let Some(p) = generated {
                println!("{}", say("cli.initial_password", &[("password", &p)]));
            }
        }
    }
    Ok(())
}
