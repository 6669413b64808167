//! The SM4 key of the secrets the database holds: a file outside the database
//! (`secrets_key_file`, by default `<data_dir>/secrets.key`), 32 hex digits, created with mode
//! 0600 on first start. Back it up apart from the database: without it the robot secrets and
//! second-factor seeds cannot be read.

use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};
use xinbao_app::secrets::SecretsKey;

/// Where the key file is: the configured path, or `secrets.key` in the data directory.
pub fn path(configured: &str, data_dir: &Path) -> PathBuf {
    if configured.is_empty() {
        data_dir.join("secrets.key")
    } else {
        PathBuf::from(configured)
    }
}

/// Reads the key, or creates a new random one (mode 0600) when the file does not exist.
pub fn load_or_create(path: &Path) -> anyhow::Result<SecretsKey> {
    match std::fs::read_to_string(path) {
        Ok(text) => SecretsKey::from_hex(&text).with_context(|| {
            format!(
                "{} does not hold a secrets key (32 hex digits)",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

fn create(path: &Path) -> anyhow::Result<SecretsKey> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let key = SecretsKey::random();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    writeln!(file, "{}", key.to_hex())?;
    file.sync_all()?;
    tracing::info!(path = %path.display(), "created a new secrets key");
    Ok(key)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_key_file_is_created_once_with_mode_0600_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = path("", &dir.path().join("data"));
        let k = load_or_create(&p).unwrap();
        assert_eq!(load_or_create(&p).unwrap(), k);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&p, "not a key").unwrap();
        let err = load_or_create(&p).unwrap_err();
        assert!(err.to_string().contains("secrets key"), "{err}");
    }
}
