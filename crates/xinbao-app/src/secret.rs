//! Random secrets, their hashes, and password hashing (Argon2id, off the async executor).

use crate::{AppError, Result};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes, URL-safe base64: session ids, API tokens, CSRF tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Hashes a password with Argon2id on a blocking thread.
pub async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::Internal(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// Checks a password against a stored hash on a blocking thread. A malformed hash fails.
pub async fn verify_password(password: String, hash: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// A hash to verify against when the username is unknown, so both cases take equally long.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0oVs4nE5Nm1p1jzzm+CuRZHpRFwE5rdk3zGHu9Hv0Wk";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_verifies_against_its_own_hash_only() {
        let h = hash_password("Xinbao@2026!".into()).await.expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(
            verify_password("Xinbao@2026!".into(), h.clone())
                .await
                .expect("verify")
        );
        assert!(!verify_password("wrong".into(), h).await.expect("verify"));
        assert!(
            !verify_password("x".into(), "not a hash".into())
                .await
                .expect("verify")
        );
    }

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        assert_ne!(random_token(), random_token());
        assert_eq!(token_hash("a"), token_hash("a"));
        assert_eq!(token_hash("a").len(), 64);
    }
}
