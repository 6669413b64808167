//! The backup archive: a zip file whose members are the database (`xinbao.db` from SQLite or
//! `xinbao.pgdump` from `pg_dump -Fc`), the attachments as they lie under `files_dir`
//! (`files/ab/abcd…`, thumbnails under `files/thumbs/`) and `manifest.json`, written last,
//! which records the SHA-256 of every other member.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub const FORMAT: &str = "xinbao-backup/1";
pub const MANIFEST: &str = "manifest.json";
pub const SQLITE_MEMBER: &str = "xinbao.db";
pub const PG_MEMBER: &str = "xinbao.pgdump";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// When the backup was taken (UTC, RFC 3339).
    pub created_at: String,
    /// The version of the xinbao binary that took it.
    pub xinbao_version: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The newest migration applied to the database that was copied.
    pub schema_version: i64,
    /// The database member, absent when a PostgreSQL backup ran without `pg_dump`.
    pub database: Option<String>,
    /// Rows per table in the copied database (SQLite).
    pub counts: BTreeMap<String, i64>,
    /// Attachments copied (thumbnails not counted).
    pub attachments: usize,
    /// Attachments the database names that were not found under `files_dir`.
    pub missing_attachments: Vec<String>,
    /// Every member but the manifest, with its size and SHA-256.
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// The key files an archive carries, by member name, and where each lives by the config:
/// the audit key (HMAC-SM3 chain) and the secrets key (SM4).
pub fn key_files(cfg: &crate::config::Config) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("keys/audit.key", cfg.audit_key_path()),
        (
            "keys/secrets.key",
            crate::secrets_key::path(&cfg.secrets_key_file, &cfg.data_dir),
        ),
    ]
}

/// An attachment's name is its SHA-256 in hex.
pub fn is_hash(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Where an attachment lies under `files_dir` (the layout the app writes).
pub fn attachment_path(files_dir: &Path, hash: &str) -> PathBuf {
    files_dir.join(&hash[..2]).join(hash)
}

pub fn thumbnail_path(files_dir: &Path, hash: &str) -> PathBuf {
    files_dir.join("thumbs").join(format!("{hash}.png"))
}

/// Where a member of an archive goes when restored: the database member is named by the
/// caller; an attachment or thumbnail goes under `files_dir`. Any other name (absolute,
/// `..`, unknown) is refused, so an archive cannot write outside these places.
pub fn member_path(files_dir: &Path, name: &str) -> Option<PathBuf> {
    let rest = name.strip_prefix("files/")?;
    if let Some(file) = rest.strip_prefix("thumbs/") {
        let hash = file.strip_suffix(".png")?;
        return is_hash(hash).then(|| thumbnail_path(files_dir, hash));
    }
    let (dir, hash) = rest.split_once('/')?;
    (is_hash(hash) && hash.starts_with(dir) && dir.len() == 2)
        .then(|| attachment_path(files_dir, hash))
}

/// Why a copy stopped: the source could not be read (for an archive member: it is damaged)
/// or the destination could not be written.
#[derive(Debug)]
pub enum CopyError {
    Read(std::io::Error),
    Write(std::io::Error),
}

impl From<CopyError> for std::io::Error {
    fn from(e: CopyError) -> Self {
        match e {
            CopyError::Read(e) | CopyError::Write(e) => e,
        }
    }
}

/// Copies everything from `from` to `to`, returning the bytes copied and their SHA-256.
pub fn copy_hashed(from: &mut impl Read, to: &mut impl Write) -> Result<(u64, String), CopyError> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyError::Read(e)),
        };
        hasher.update(&buf[..n]);
        to.write_all(&buf[..n]).map_err(CopyError::Write)?;
        size += n as u64;
    }
    Ok((size, hex::encode(hasher.finalize())))
}

/// Adds a file as a member, compressed or stored as it is, and returns its record.
pub fn add_file<W: Write + std::io::Seek>(
    zip: &mut zip::ZipWriter<W>,
    name: &str,
    path: &Path,
    compress: bool,
) -> anyhow::Result<Member> {
    let method = if compress {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true)
        .last_modified_time(now())
        .unix_permissions(0o600);
    zip.start_file(name, options)?;
    let mut file = std::fs::File::open(path)?;
    let (size, sha256) = copy_hashed(&mut file, zip).map_err(std::io::Error::from)?;
    Ok(Member {
        name: name.to_string(),
        size,
        sha256,
    })
}

/// The time members are stamped with (UTC; zip times carry no zone).
pub fn now() -> zip::DateTime {
    use chrono::{Datelike, Timelike};
    let t = chrono::Utc::now();
    let field = |v: u32| u8::try_from(v).unwrap_or(0);
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).unwrap_or(1980),
        field(t.month()),
        field(t.day()),
        field(t.hour()),
        field(t.minute()),
        field(t.second()),
    )
    .unwrap_or_default()
}

/// Reads and checks the manifest of an opened archive.
pub fn read_manifest<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> anyhow::Result<Manifest> {
    let mut text = String::new();
    zip.by_name(MANIFEST)?.read_to_string(&mut text)?;
    let m: Manifest = serde_json::from_str(&text)?;
    anyhow::ensure!(m.format == FORMAT, "unknown format {}", m.format);
    Ok(m)
}

/// Writes a file's bytes to `dest` through a temporary file beside it, checking the size and
/// SHA-256 on the way: `false`, and nothing left behind, when the member is damaged.
pub fn extract_checked(from: &mut impl Read, dest: &Path, member: &Member) -> anyhow::Result<bool> {
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = dest.with_extension("part");
    let mut out = std::fs::File::create(&tmp)?;
    let copied = copy_hashed(from, &mut out).and_then(|c| {
        out.sync_all().map_err(CopyError::Write)?;
        Ok(c)
    });
    drop(out);
    let intact = match copied {
        Ok((size, sha256)) => size == member.size && sha256 == member.sha256,
        Err(CopyError::Read(_)) => false,
        Err(CopyError::Write(e)) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
    };
    if !intact {
        std::fs::remove_file(&tmp)?;
        return Ok(false);
    }
    std::fs::rename(&tmp, dest)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_database_attachments_and_thumbnails_may_be_restored() {
        let dir = Path::new("/srv/files");
        let h = "ab".repeat(32);
        assert_eq!(
            member_path(dir, &format!("files/ab/{h}")),
            Some(dir.join("ab").join(&h))
        );
        assert_eq!(
            member_path(dir, &format!("files/thumbs/{h}.png")),
            Some(dir.join("thumbs").join(format!("{h}.png")))
        );
        assert_eq!(member_path(dir, &format!("files/cd/{h}")), None);
        assert_eq!(member_path(dir, "files/../../etc/passwd"), None);
        assert_eq!(member_path(dir, "/etc/passwd"), None);
        assert_eq!(
            member_path(dir, &format!("files/ab/{}", "AB".repeat(32))),
            None
        );
    }

    #[test]
    fn a_copy_reports_the_size_and_sha256_of_what_it_copied() {
        let mut out = Vec::new();
        let (n, h) = copy_hashed(&mut &b"abc"[..], &mut out).unwrap();
        assert_eq!(n, 3);
        assert_eq!(
            h,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(out, b"abc");
    }
}
