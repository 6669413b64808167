//! The keyed chain over the audit log (等保 2.0 安全审计, GB/T 39786): every record carries
//! HMAC-SM3 (GB/T 32905 with RFC 2104's HMAC) under a key kept outside the database, over the
//! record's canonical bytes and its predecessor's hash. Editing, deleting or reordering a
//! record breaks the chain at that record; without the key nobody can forge a new one.

use hmac_sm3::digest::{Key, KeyInit};
use hmac_sm3::{Hmac, Mac};
use sm3::Sm3;

pub mod verify;

/// Bytes in an audit key.
pub const KEY_LEN: usize = 32;

/// The label the key check value is computed over (so a wrong key is named as such).
const KEY_CHECK_LABEL: &[u8] = b"xinbao audit key check v1";

/// The first field of every record's bytes: names the format, so a later format cannot
/// produce the same bytes.
const FORMAT: &[u8] = b"xinbao-audit-chain-v1";

type HmacSm3 = Hmac<Sm3>;

/// The secret key of the chain. Its `Debug` shows nothing of it.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey([u8; KEY_LEN]);

/// Why a key could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("an audit key is {KEY_LEN} bytes written as {} hex digits", KEY_LEN * 2)]
    Malformed,
}

impl AuditKey {
    /// A fixed key for tests and examples; a real installation creates its own at random.
    pub const TEST: AuditKey = AuditKey([0x42; KEY_LEN]);

    pub const fn from_bytes(bytes: [u8; KEY_LEN]) -> AuditKey {
        AuditKey(bytes)
    }

    /// Reads the key file's text: 64 hex digits, surrounding whitespace ignored.
    pub fn from_hex(text: &str) -> Result<AuditKey, KeyError> {
        let bytes = hex::decode(text.trim()).map_err(|_| KeyError::Malformed)?;
        let bytes: [u8; KEY_LEN] = bytes.try_into().map_err(|_| KeyError::Malformed)?;
        Ok(AuditKey(bytes))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// HMAC-SM3 keyed with this key. A key shorter than SM3's 64-byte block is zero-padded
    /// to the block (RFC 2104), which is what `Key` of the HMAC type holds.
    fn mac(&self) -> HmacSm3 {
        let mut block = Key::<HmacSm3>::default();
        block[..KEY_LEN].copy_from_slice(&self.0);
        <HmacSm3 as KeyInit>::new(&block)
    }

    /// A value stored beside the chain that shows whether a key is the one that sealed it,
    /// without revealing the key.
    pub fn check_value(&self) -> String {
        let mut m = self.mac();
        m.update(KEY_CHECK_LABEL);
        hex::encode(m.finalize().into_bytes())
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

/// The fields of one record the chain covers (everything but the database id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainFields<'a> {
    pub seq: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_username: Option<&'a str>,
    pub action: &'a str,
    pub target_kind: Option<&'a str>,
    pub target_id: Option<i64>,
    pub detail: &'a str,
    pub ip: Option<&'a str>,
}

/// The canonical bytes of a record and its predecessor's hash (hex; empty for the first
/// record). Every field has a fixed width or a length prefix and every optional field a
/// presence byte, so two different records never have the same bytes.
pub fn canonical_bytes(f: &ChainFields<'_>, previous_hash: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(128 + f.detail.len());
    put_bytes(&mut out, FORMAT);
    put_int(&mut out, f.seq);
    put_int(&mut out, f.at);
    put_opt_int(&mut out, f.actor_id);
    put_opt_str(&mut out, f.actor_username);
    put_str(&mut out, f.action);
    put_opt_str(&mut out, f.target_kind);
    put_opt_int(&mut out, f.target_id);
    put_str(&mut out, f.detail);
    put_opt_str(&mut out, f.ip);
    put_bytes(&mut out, previous_hash.as_bytes());
    out
}

fn put_int(out: &mut Vec<u8>, v: i64) {
    out.extend_from_slice(&v.to_be_bytes());
}

/// Text as it survives every backend: control characters that PostgreSQL refuses (NUL) and
/// that `transfer-db` drops from old rows are left out here too, so a transferred chain
/// still verifies. Text entered since the input rule has none.
fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, crate::text::cleaned(s).as_bytes());
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u64).to_be_bytes());
    out.extend_from_slice(b);
}

fn put_opt_int(out: &mut Vec<u8>, v: Option<i64>) {
    match v {
        None => out.push(0),
        Some(v) => {
            out.push(1);
            put_int(out, v);
        }
    }
}

fn put_opt_str(out: &mut Vec<u8>, v: Option<&str>) {
    match v {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
    }
}

/// The record's chain hash: HMAC-SM3 over its canonical bytes, lower-case hex.
pub fn chain_hash(key: &AuditKey, f: &ChainFields<'_>, previous_hash: &str) -> String {
    let mut m = key.mac();
    m.update(&canonical_bytes(f, previous_hash));
    hex::encode(m.finalize().into_bytes())
}

/// Whether `stored` is the record's chain hash (compared in constant time).
pub fn hash_matches(
    key: &AuditKey,
    f: &ChainFields<'_>,
    previous_hash: &str,
    stored: &str,
) -> bool {
    let Ok(stored) = hex::decode(stored) else {
        return false;
    };
    let mut m = key.mac();
    m.update(&canonical_bytes(f, previous_hash));
    m.verify_slice(&stored).is_ok()
}

#[cfg(test)]
mod tests;
