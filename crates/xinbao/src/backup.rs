//! `xinbao backup`: one archive with a consistent copy of the database and every attachment
//! it refers to, taken while the server runs. SQLite is copied with `VACUUM INTO` (one read
//! snapshot); PostgreSQL with `pg_dump -Fc` when it is on PATH. Attachments are immutable
//! files named by their SHA-256 and written before the transaction that records them, so
//! those named by the copied database all exist when they are copied after it.

mod archive;
mod pg;
mod restore;

pub use restore::restore;

use crate::commands::say;
use crate::config::Config;
use anyhow::Context;
use archive::{Manifest, Member};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use xinbao_store::Backend;

/// What goes into the archive besides the manifest.
struct Plan {
    backend: &'static str,
    schema_version: i64,
    /// The database member's name and the file holding it.
    database: Option<(&'static str, PathBuf)>,
    counts: BTreeMap<String, i64>,
    /// Attachments to copy; `None` means every one under `files_dir`.
    hashes: Option<Vec<String>>,
}

pub async fn backup(cfg: &Config, to: &Path) -> anyhow::Result<()> {
    let db = cfg.db();
    let files_dir = cfg.app().files_dir;
    let dir = match to.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    // Work beside the target, so the finished archive is renamed into place, never half-written.
    let work = tempfile::Builder::new()
        .prefix(".xinbao-backup-")
        .tempdir_in(&dir)
        .with_context(|| format!("writing in {}", dir.display()))?;
    let plan = match db.backend()? {
        Backend::Sqlite => {
            let copy = work.path().join(archive::SQLITE_MEMBER);
            let live = xinbao_store::sqlite_path(&db.url);
            xinbao_store::backup::sqlite_snapshot(&live, &copy)
                .await
                .context("copying the database")?;
            let contents = xinbao_store::backup::sqlite_contents(&copy).await?;
            Plan {
                backend: "sqlite",
                schema_version: contents.schema_version,
                database: Some((archive::SQLITE_MEMBER, copy)),
                counts: contents.counts.into_iter().collect(),
                hashes: Some(contents.file_hashes),
            }
        }
        Backend::Postgres => postgres_plan(cfg, work.path(), to).await?,
    };
    let scratch = work.path().join("archive.zip");
    let files = files_dir.clone();
    let zip_path = scratch.clone();
    let keys = archive::key_files(cfg);
    let manifest =
        tokio::task::spawn_blocking(move || write_archive(&plan, &files, &keys, &zip_path))
            .await??;
    std::fs::rename(&scratch, to).with_context(|| format!("writing {}", to.display()))?;
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    for hash in &manifest.missing_attachments {
        let dir = files_dir.display().to_string();
        eprintln!(
            "{}",
            say(
                "cli.backup_attachment_missing",
                &[("hash", hash), ("dir", &dir)]
            )
        );
    }
    let items = manifest.counts.get("items").copied().unwrap_or(0);
    println!(
        "{}",
        say(
            "cli.backup_written",
            &[
                ("file", &to.display().to_string()),
                ("version", &manifest.schema_version.to_string()),
                ("items", &items.to_string()),
                ("files", &manifest.attachments.to_string()),
            ]
        )
    );
    Ok(())
}

/// PostgreSQL: the schema version, and `pg_dump` when it is on PATH (otherwise the operator
/// is told the exact command and the archive holds the attachments only).
async fn postgres_plan(cfg: &Config, work: &Path, to: &Path) -> anyhow::Result<Plan> {
    let db = cfg.db();
    let store = xinbao_store::Store::connect(&db)
        .await
        .context("opening the database")?;
    let schema_version = xinbao_store::migrate::schema_version(&store).await?;
    store.close().await;
    let database = if pg::on_path("pg_dump") {
        let dump = work.join(archive::PG_MEMBER);
        let (url, file) = (db.url.clone(), dump.clone());
        tokio::task::spawn_blocking(move || pg::dump(&url, &file)).await??;
        println!("{}", say("cli.backup_pg_dumped", &[]));
        Some((archive::PG_MEMBER, dump))
    } else {
        let command = pg::dump_command(&db.url, &to.with_extension("pgdump"));
        eprintln!("{}", say("cli.backup_pg_no_dump", &[("command", &command)]));
        None
    };
    Ok(Plan {
        backend: "postgres",
        schema_version,
        database,
        counts: BTreeMap::new(),
        hashes: None,
    })
}

/// Every attachment under `files_dir` (for PostgreSQL, listed after the dump was taken).
fn stored_hashes(files_dir: &Path) -> std::io::Result<Vec<String>> {
    let mut hashes = Vec::new();
    let Ok(dirs) = std::fs::read_dir(files_dir) else {
        return Ok(hashes);
    };
    for d in dirs {
        let d = d?;
        if d.file_name().len() != 2 || !d.file_type()?.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(d.path())? {
            let name = f?.file_name().to_string_lossy().into_owned();
            if archive::is_hash(&name) {
                hashes.push(name);
            }
        }
    }
    hashes.sort();
    Ok(hashes)
}

fn write_archive(
    plan: &Plan,
    files_dir: &Path,
    keys: &[(&'static str, std::path::PathBuf)],
    out: &Path,
) -> anyhow::Result<Manifest> {
    // The archive holds password hashes and sessions: readable by its owner only.
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    let file = open.open(out)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let mut members: Vec<Member> = Vec::new();
    if let Some((name, path)) = &plan.database {
        members.push(archive::add_file(&mut zip, name, path, true)?);
    }
    // The restored audit chain verifies, and the sealed secrets open, only with their keys.
    for (name, path) in keys.iter().filter(|(_, p)| p.is_file()) {
        members.push(archive::add_file(&mut zip, name, path, true)?);
    }
    let hashes = match &plan.hashes {
        Some(h) => h.clone(),
        None => stored_hashes(files_dir)?,
    };
    let mut attachments = 0;
    let mut missing_attachments = Vec::new();
    for hash in hashes.iter().filter(|h| archive::is_hash(h)) {
        let path = archive::attachment_path(files_dir, hash);
        if !path.is_file() {
            missing_attachments.push(hash.clone());
            continue;
        }
        // Pictures, audio and video are compressed already: stored as they are.
        let name = format!("files/{}/{hash}", &hash[..2]);
        members.push(archive::add_file(&mut zip, &name, &path, false)?);
        attachments += 1;
        let thumb = archive::thumbnail_path(files_dir, hash);
        if thumb.is_file() {
            let name = format!("files/thumbs/{hash}.png");
            members.push(archive::add_file(&mut zip, &name, &thumb, false)?);
        }
    }
    let manifest = Manifest {
        format: archive::FORMAT.to_string(),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        xinbao_version: env!("CARGO_PKG_VERSION").to_string(),
        backend: plan.backend.to_string(),
        schema_version: plan.schema_version,
        database: plan.database.as_ref().map(|(name, _)| (*name).to_string()),
        counts: plan.counts.clone(),
        attachments,
        missing_attachments,
        members,
    };
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(archive::now())
        .unix_permissions(0o600);
    zip.start_file(archive::MANIFEST, options)?;
    serde_json::to_writer_pretty(&mut zip, &manifest)?;
    let writer = zip.finish()?;
    let file = writer.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(manifest)
}
