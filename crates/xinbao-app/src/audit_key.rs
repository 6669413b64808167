//! The audit key file: the 32 random bytes that seal the audit chain, as hex, kept outside the
//! database and readable by the server's own user alone (mode 0600).

use rand::RngCore;
use std::io::{Error, ErrorKind, Write};
use std::path::Path;
use xinbao_domain::audit_chain::{AuditKey, KEY_LEN};

/// Reads the key file; a missing or malformed file is an error.
pub fn load(path: &Path) -> std::io::Result<AuditKey> {
    let text = std::fs::read_to_string(path)?;
    warn_if_readable_by_others(path);
    AuditKey::from_hex(&text).map_err(|e| Error::new(ErrorKind::InvalidData, e))
}

/// Reads the key file, or creates it with a new random key (mode 0600) when it does not exist.
pub fn load_or_create(path: &Path) -> std::io::Result<AuditKey> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    match opts.open(path) {
        Ok(mut file) => {
            let mut bytes = [0u8; KEY_LEN];
            rand::rng().fill_bytes(&mut bytes);
            let key = AuditKey::from_bytes(bytes);
            file.write_all(format!("{}\n", key.to_hex()).as_bytes())?;
            file.sync_all()?;
            tracing::info!(path = %path.display(), "created a new audit key");
            Ok(key)
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => load(path),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).map_or(0, |m| m.permissions().mode());
    if mode & 0o077 != 0 {
        tracing::warn!(path = %path.display(), "the audit key file is readable by other users: chmod 600 it");
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_missing_key_file_is_created_once_with_a_random_key_readable_by_the_owner_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("audit.key");
        let first = load_or_create(&path).unwrap();
        assert_ne!(first, AuditKey::TEST);
        assert_eq!(load_or_create(&path).unwrap(), first);
        assert_eq!(load(&path).unwrap(), first);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.trim().len(), KEY_LEN * 2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let other = dir.path().join("other.key");
        assert_ne!(load_or_create(&other).unwrap(), first);
    }

    #[test]
    fn a_missing_or_malformed_key_file_is_refused_when_only_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.key");
        assert_eq!(load(&path).unwrap_err().kind(), ErrorKind::NotFound);
        std::fs::write(&path, "not a key").unwrap();
        assert_eq!(load(&path).unwrap_err().kind(), ErrorKind::InvalidData);
        assert_eq!(
            load_or_create(&path).unwrap_err().kind(),
            ErrorKind::InvalidData
        );
    }
}
