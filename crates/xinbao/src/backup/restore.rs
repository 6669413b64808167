//! `xinbao restore`: checks an archive's manifest and every member's SHA-256, unpacks the
//! attachments and then the database (never over an existing one), applies the migrations of
//! this binary and, on SQLite, requires `PRAGMA integrity_check` to answer `ok`.

use super::archive::{self, Manifest};
use super::pg;
use crate::commands::say;
use crate::config::Config;
use anyhow::{Context, bail};
use std::io::BufReader;
use std::path::{Path, PathBuf};
use xinbao_store::Backend;

type Archive = zip::ZipArchive<BufReader<std::fs::File>>;

pub async fn restore(cfg: &Config, from: &Path) -> anyhow::Result<()> {
    let file = from.display().to_string();
    let not_backup = |e: anyhow::Error| {
        anyhow::anyhow!(say(
            "cli.restore_not_backup",
            &[("file", &file), ("reason", &format!("{e:#}"))]
        ))
    };
    let opened = std::fs::File::open(from).with_context(|| format!("reading {file}"))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(opened)).map_err(|e| not_backup(e.into()))?;
    let manifest = archive::read_manifest(&mut zip).map_err(not_backup)?;
    let binary = xinbao_store::migrate::binary_version();
    if manifest.schema_version > binary {
        bail!(say(
            "cli.restore_too_new",
            &[
                ("db", &manifest.schema_version.to_string()),
                ("binary", &binary.to_string())
            ]
        ));
    }
    let db = cfg.db();
    match (manifest.backend.as_str(), db.backend()?) {
        ("sqlite", Backend::Sqlite) => {
            restore_sqlite(cfg, zip, manifest, &xinbao_store::sqlite_path(&db.url)).await
        }
        ("postgres", Backend::Postgres) => restore_postgres(cfg, zip, manifest).await,
        (backup, _) => bail!(say("cli.restore_backend_mismatch", &[("backup", backup)])),
    }
}

async fn restore_sqlite(
    cfg: &Config,
    zip: Archive,
    manifest: Manifest,
    path: &Path,
) -> anyhow::Result<()> {
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    if path.exists() || wal.exists() {
        bail!(say(
            "cli.restore_exists",
            &[("path", &path.display().to_string())]
        ));
    }
    if manifest.database.as_deref() != Some(archive::SQLITE_MEMBER) {
        bail!(say(
            "cli.restore_not_backup",
            &[("file", archive::MANIFEST), ("reason", "no database")]
        ));
    }
    let files_dir = cfg.app().files_dir;
    let dest = path.to_path_buf();
    let m = manifest.clone();
    let keys = archive::key_files(cfg);
    tokio::task::spawn_blocking(move || unpack(zip, &m, Some(&dest), &files_dir, &keys)).await??;
    let problems = xinbao_store::backup::sqlite_integrity_check(path).await?;
    if problems != ["ok"] {
        let _ = std::fs::remove_file(path);
        bail!(say(
            "cli.restore_integrity_failed",
            &[("problems", &problems.join("; "))]
        ));
    }
    // Opening applies this binary's migrations: a newer binary upgrades an older backup.
    let store = xinbao_store::Store::open(&cfg.db())
        .await
        .context("opening the restored database")?;
    let to = xinbao_store::migrate::schema_version(&store).await?;
    store.close().await;
    let problems = xinbao_store::backup::sqlite_integrity_check(path).await?;
    anyhow::ensure!(
        problems == ["ok"],
        say(
            "cli.restore_integrity_failed",
            &[("problems", &problems.join("; "))]
        )
    );
    let contents = xinbao_store::backup::sqlite_contents(path).await?;
    let items = contents
        .counts
        .iter()
        .find(|(t, _)| t == "items")
        .map_or(0, |(_, n)| *n);
    println!(
        "{}",
        say(
            "cli.restored",
            &[
                ("path", &path.display().to_string()),
                ("from", &manifest.schema_version.to_string()),
                ("to", &to.to_string()),
                ("items", &items.to_string()),
                ("files", &manifest.attachments.to_string()),
            ]
        )
    );
    Ok(())
}

async fn restore_postgres(cfg: &Config, zip: Archive, manifest: Manifest) -> anyhow::Result<()> {
    let db = cfg.db();
    let store = xinbao_store::Store::connect(&db)
        .await
        .context("opening the database")?;
    let existing = xinbao_store::migrate::schema_version(&store).await?;
    store.close().await;
    if existing > 0 {
        bail!(say("cli.restore_pg_not_empty", &[]));
    }
    let files_dir = cfg.app().files_dir;
    let dir = files_dir.display().to_string();
    let work = tempfile::Builder::new()
        .prefix(".xinbao-restore-")
        .tempdir_in(std::env::temp_dir())?;
    let with_dump = manifest.database.is_some() && pg::on_path("pg_restore");
    // Without pg_restore the dump is left in the data directory for the operator.
    let dump = if with_dump || manifest.database.is_none() {
        work.path().join(archive::PG_MEMBER)
    } else {
        cfg.data_dir.join(archive::PG_MEMBER)
    };
    let (m, f, d) = (manifest.clone(), files_dir.clone(), dump.clone());
    let db_dest = manifest.database.is_some().then_some(d);
    let keys = archive::key_files(cfg);
    tokio::task::spawn_blocking(move || unpack(zip, &m, db_dest.as_deref(), &f, &keys)).await??;
    if manifest.database.is_none() {
        println!("{}", say("cli.restore_pg_no_dump", &[("dir", &dir)]));
        return Ok(());
    }
    if !with_dump {
        let command = pg::restore_command(&db.url, &dump);
        println!(
            "{}",
            say(
                "cli.restore_pg_command",
                &[("dir", &dir), ("command", &command)]
            )
        );
        return Ok(());
    }
    let url = db.url.clone();
    tokio::task::spawn_blocking(move || pg::restore(&url, &dump)).await??;
    let store = xinbao_store::Store::open(&db)
        .await
        .context("opening the restored database")?;
    let to = xinbao_store::migrate::schema_version(&store).await?;
    store.close().await;
    println!(
        "{}",
        say(
            "cli.restored_pg",
            &[
                ("from", &manifest.schema_version.to_string()),
                ("to", &to.to_string()),
                ("files", &manifest.attachments.to_string()),
                ("dir", &dir),
            ]
        )
    );
    Ok(())
}

/// Writes every member where it belongs, checking each one's SHA-256 against the manifest;
/// the database (at `db_dest`) comes last, so a damaged archive leaves no database behind.
fn unpack(
    mut zip: Archive,
    manifest: &Manifest,
    db_dest: Option<&Path>,
    files_dir: &Path,
    keys: &[(&'static str, std::path::PathBuf)],
) -> anyhow::Result<()> {
    let mut database = None;
    for member in &manifest.members {
        if Some(&member.name) == manifest.database.as_ref() {
            database = Some(member);
            continue;
        }
        let key = keys.iter().find(|(name, _)| *name == member.name);
        let dest = if let Some((_, key)) = key {
            // A key already there must be the same one: another would not open what it sealed.
            if key.is_file() && !same_content(key, &member.sha256) {
                bail!(say(
                    "cli.restore_key_differs",
                    &[("path", &key.display().to_string())]
                ));
            }
            Some(key.clone())
        } else {
            archive::member_path(files_dir, &member.name)
        };
        let Some(dest) = dest else {
            bail!(say(
                "cli.restore_not_backup",
                &[("file", archive::MANIFEST), ("reason", &member.name)]
            ));
        };
        if dest.is_file() && same_content(&dest, &member.sha256) {
            continue;
        }
        let mut entry = zip.by_name(&member.name)?;
        if !archive::extract_checked(&mut entry, &dest, member)? {
            bail!(say("cli.restore_damaged", &[("member", &member.name)]));
        }
        #[cfg(unix)]
        if key.is_some() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    if let Some(dest) = db_dest {
        let Some(member) = database else {
            bail!(say(
                "cli.restore_not_backup",
                &[("file", archive::MANIFEST), ("reason", "no database")]
            ));
        };
        let mut entry = zip.by_name(&member.name)?;
        if !archive::extract_checked(&mut entry, dest, member)? {
            bail!(say("cli.restore_damaged", &[("member", &member.name)]));
        }
    }
    Ok(())
}

/// Whether a file already holds the content with this SHA-256 (attachments are immutable).
fn same_content(path: &Path, sha256: &str) -> bool {
    std::fs::File::open(path)
        .and_then(|mut f| Ok(archive::copy_hashed(&mut f, &mut std::io::sink())?))
        .is_ok_and(|(_, h)| h == sha256)
}
