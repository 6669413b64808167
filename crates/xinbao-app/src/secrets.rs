//! Secrets the database holds (DingTalk robot signing secrets, TOTP seeds), encrypted with SM4
//! (GB/T 32907) in GCM mode under a key kept outside the database (`secrets.key`).
//!
//! Stored form: `sm4gcm:v1:<nonce hex>:<ciphertext and tag hex>`; the purpose of the value (for
//! example `unit_robots.secret`) is authenticated along (AAD), so a value copied into another
//! column does not open. A value without the prefix was written before encryption and is read
//! as plain text; it is sealed on its next write or by `App::seal_stored_secrets` at start.

use crate::{AppError, Result};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use rand::RngCore;
use sm4::Sm4;
use sm4::cipher::consts::U12;

type Sm4Gcm = aes_gcm::AesGcm<Sm4, U12>;

const PREFIX: &str = "sm4gcm:v1:";

/// The 128-bit SM4 key. Its `Debug` does not show the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretsKey([u8; 16]);

impl std::fmt::Debug for SecretsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretsKey(…)")
    }
}

impl SecretsKey {
    /// The fixed key of tests and of an `AppConfig::default()`; the server always loads
    /// its own (`secrets.key`).
    pub const TEST: SecretsKey = SecretsKey(*b"xinbao-test-key!");

    pub fn from_bytes(bytes: [u8; 16]) -> SecretsKey {
        SecretsKey(bytes)
    }

    /// A new random key.
    pub fn random() -> SecretsKey {
        let mut k = [0u8; 16];
        rand::rng().fill_bytes(&mut k);
        SecretsKey(k)
    }

    /// Reads a key file's text: 32 hex digits (surrounding whitespace ignored).
    pub fn from_hex(text: &str) -> Option<SecretsKey> {
        let bytes = hex::decode(text.trim()).ok()?;
        <[u8; 16]>::try_from(bytes.as_slice()).ok().map(SecretsKey)
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    fn cipher(&self) -> Result<Sm4Gcm> {
        Sm4Gcm::new_from_slice(&self.0).map_err(|e| AppError::Internal(e.to_string()))
    }

    /// Encrypts `plain` for `purpose`. An empty value stays empty (nothing to hide).
    pub fn seal(&self, purpose: &str, plain: &str) -> Result<String> {
        if plain.is_empty() {
            return Ok(String::new());
        }
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let payload = Payload {
            msg: plain.as_bytes(),
            aad: purpose.as_bytes(),
        };
        let sealed = self
            .cipher()?
            .encrypt(&nonce.into(), payload)
            .map_err(|_| AppError::Internal("SM4 encryption failed".into()))?;
        Ok(format!(
            "{PREFIX}{}:{}",
            hex::encode(nonce),
            hex::encode(sealed)
        ))
    }

    /// Decrypts a stored value for `purpose`; a value without the prefix is plain text from
    /// before encryption. A value this key does not open is an error that says so.
    pub fn open(&self, purpose: &str, stored: &str) -> Result<String> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_string());
        };
        let wrong = || {
            AppError::Internal(format!(
                "a stored secret ({purpose}) does not open with this secrets key: \
                 is secrets_key_file the key this database was written with?"
            ))
        };
        let (nonce, sealed) = rest.split_once(':').ok_or_else(wrong)?;
        let nonce: [u8; 12] = hex::decode(nonce)
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or_else(wrong)?;
        let sealed = hex::decode(sealed).map_err(|_| wrong())?;
        let payload = Payload {
            msg: &sealed,
            aad: purpose.as_bytes(),
        };
        let plain = self
            .cipher()?
            .decrypt(&nonce.into(), payload)
            .map_err(|_| wrong())?;
        String::from_utf8(plain).map_err(|_| wrong())
    }

    /// Is this stored value already sealed?
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(PREFIX)
    }
}

/// The purpose of a robot's signing secret.
pub const ROBOT_SECRET: &str = "unit_robots.secret";
/// The purpose of a person's TOTP seed.
pub const TOTP_SEED: &str = "person_totp.secret";

/// What `App::seal_stored_secrets` found: values it encrypted now, values already sealed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sealing {
    pub sealed_now: usize,
    pub already_sealed: usize,
}

impl crate::App {
    /// Run at start: encrypts secrets written in plain text before encryption came (robot
    /// secrets), and checks that every sealed one opens with this key, so a wrong key file
    /// stops the start with a clear message instead of failing a delivery or a sign-in later.
    pub async fn seal_stored_secrets(&self) -> Result<Sealing> {
        use xinbao_store::{sealed, second_factor};
        let key = &self.cfg.secrets_key;
        let mut found = Sealing::default();
        let mut tx = self.begin().await?;
        for (unit, channel, stored) in sealed::robot_secrets(&mut tx.conn()).await? {
            let plain = key.open(ROBOT_SECRET, &stored)?;
            if SecretsKey::is_sealed(&stored) {
                found.already_sealed += 1;
            } else {
                let sealed_value = key.seal(ROBOT_SECRET, &plain)?;
                sealed::set_robot_secret(&mut tx.conn(), unit, &channel, &sealed_value).await?;
                found.sealed_now += 1;
            }
        }
        for (person, stored) in second_factor::all_secrets(&mut tx.conn()).await? {
            let plain = key.open(TOTP_SEED, &stored)?;
            if SecretsKey::is_sealed(&stored) {
                found.already_sealed += 1;
            } else {
                let sealed_value = key.seal(TOTP_SEED, &plain)?;
                second_factor::set_secret(&mut tx.conn(), person, &sealed_value).await?;
                found.sealed_now += 1;
            }
        }
        tx.commit().await?;
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_its_key_and_purpose_only() {
        let k = SecretsKey::random();
        let sealed = k.seal(ROBOT_SECRET, "SECabc123").expect("seal");
        assert!(sealed.starts_with("sm4gcm:v1:"));
        assert!(!sealed.contains("SECabc123"));
        assert_eq!(k.open(ROBOT_SECRET, &sealed).expect("open"), "SECabc123");
        assert!(k.open(TOTP_SEED, &sealed).is_err());
        let other = SecretsKey::random();
        let err = other.open(ROBOT_SECRET, &sealed).expect_err("wrong key");
        assert!(err.to_string().contains("secrets key"));
    }

    #[test]
    fn plain_values_from_before_encryption_are_read_as_they_are() {
        let k = SecretsKey::TEST;
        assert_eq!(k.open(ROBOT_SECRET, "SECold").expect("open"), "SECold");
        assert_eq!(k.seal(ROBOT_SECRET, "").expect("seal"), "");
        assert!(k.open(ROBOT_SECRET, "sm4gcm:v1:zz").is_err());
    }

    #[test]
    fn key_files_hold_32_hex_digits() {
        let k = SecretsKey::random();
        assert_eq!(SecretsKey::from_hex(&format!("{}\n", k.to_hex())), Some(k));
        assert_eq!(SecretsKey::from_hex("abcd"), None);
        assert_eq!(format!("{:?}", SecretsKey::TEST), "SecretsKey(…)");
    }
}
