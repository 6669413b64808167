//! PostgreSQL's side of backups: `pg_dump -Fc` and `pg_restore`, run when they are on PATH.
//! The password never goes on a command line (other users see those in `ps`): it is taken
//! out of the URL and handed over in `PGPASSWORD`.

use anyhow::Context;
use std::path::Path;
use std::process::Command;

/// A database URL without its password, and the password (percent-decoded) if it had one.
pub fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_string(), None);
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return (url.to_string(), None);
    };
    let Some((user, password)) = userinfo.split_once(':') else {
        return (url.to_string(), None);
    };
    let password = urlencoding::decode(password)
        .map(|p| p.into_owned())
        .unwrap_or_else(|_| password.to_string());
    (format!("{scheme}://{user}@{host}{tail}"), Some(password))
}

/// Whether a program can be found on PATH.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// The command an operator runs by hand (password left out: use `PGPASSWORD` or `~/.pgpass`).
pub fn dump_command(url: &str, file: &Path) -> String {
    let (bare, _) = split_password(url);
    format!("pg_dump -Fc -f '{}' '{bare}'", file.display())
}

pub fn restore_command(url: &str, file: &Path) -> String {
    let (bare, _) = split_password(url);
    format!(
        "pg_restore --no-owner --no-privileges --exit-on-error -d '{bare}' '{}'",
        file.display()
    )
}

fn run(mut cmd: Command, url: &str, what: &str) -> anyhow::Result<()> {
    let (_, password) = split_password(url);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    let out = cmd.output().with_context(|| format!("running {what}"))?;
    anyhow::ensure!(
        out.status.success(),
        "{what} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr).trim()
    );
    Ok(())
}

/// `pg_dump -Fc` of the whole database into `file`: one consistent snapshot, taken without
/// stopping writers.
pub fn dump(url: &str, file: &Path) -> anyhow::Result<()> {
    let (bare, _) = split_password(url);
    let mut cmd = Command::new("pg_dump");
    cmd.arg("-Fc").arg("-f").arg(file).arg(&bare);
    run(cmd, url, "pg_dump")
}

/// `pg_restore` of a custom-format dump into an (empty) database.
pub fn restore(url: &str, file: &Path) -> anyhow::Result<()> {
    let (bare, _) = split_password(url);
    let mut cmd = Command::new("pg_restore");
    cmd.args(["--no-owner", "--no-privileges", "--exit-on-error", "-d"])
        .arg(&bare)
        .arg(file);
    run(cmd, url, "pg_restore")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_taken_out_of_the_url_and_decoded() {
        assert_eq!(
            split_password("postgres://xinbao:p%40ss@db.local:5432/xinbao?sslmode=require"),
            (
                "postgres://xinbao@db.local:5432/xinbao?sslmode=require".to_string(),
                Some("p@ss".to_string())
            )
        );
        assert_eq!(
            split_password("postgres://postgres@127.0.0.1/test"),
            ("postgres://postgres@127.0.0.1/test".to_string(), None)
        );
        assert!(!dump_command("postgres://u:secret@h/db", Path::new("x")).contains("secret"));
    }
}
