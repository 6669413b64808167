//! Walking the chain: records come in seq order, each is checked against the one before,
//! and the first one that does not fit is named with the reason.

use super::{AuditKey, ChainFields, hash_matches};

/// One sealed record as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainRow {
    pub id: i64,
    pub seq: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_username: Option<String>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    pub detail: String,
    pub ip: Option<String>,
    pub chain_hash: String,
}

impl ChainRow {
    pub fn fields(&self) -> ChainFields<'_> {
        ChainFields {
            seq: self.seq,
            at: self.at,
            actor_id: self.actor_id,
            actor_username: self.actor_username.as_deref(),
            action: &self.action,
            target_kind: self.target_kind.as_deref(),
            target_id: self.target_id,
            detail: &self.detail,
            ip: self.ip.as_deref(),
        }
    }
}

/// The chain's head as stored: the last seq and hash, and the key check value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub last_seq: i64,
    pub last_hash: String,
    pub key_check: Option<String>,
}

/// Why the chain does not verify. Codes are shown to auditors and scripts; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The record's content (or seq) is not what was sealed.
    Changed,
    /// Records before this one are missing (a gap in seq).
    Missing,
    /// The record is out of its place (records were swapped or renumbered).
    Reordered,
    /// Two records claim the same place.
    Duplicate,
    /// The key is not the one the chain was sealed with.
    WrongKey,
    /// Records after the last one are missing, or the head does not match the last record.
    Truncated,
    /// The record was never sealed.
    Unsealed,
    /// The chain's head row is missing.
    HeadMissing,
}

impl Problem {
    pub const ALL: [Problem; 8] = [
        Problem::Changed,
        Problem::Missing,
        Problem::Reordered,
        Problem::Duplicate,
        Problem::WrongKey,
        Problem::Truncated,
        Problem::Unsealed,
        Problem::HeadMissing,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Problem::Changed => "changed",
            Problem::Missing => "missing",
            Problem::Reordered => "reordered",
            Problem::Duplicate => "duplicate",
            Problem::WrongKey => "wrong_key",
            Problem::Truncated => "truncated",
            Problem::Unsealed => "unsealed",
            Problem::HeadMissing => "head_missing",
        }
    }
}

/// The first record that does not fit: its id and seq where there is one, the seq that was
/// expected in its place, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    pub id: Option<i64>,
    pub seq: Option<i64>,
    pub expected_seq: i64,
    pub problem: Problem,
}

/// What an intact chain holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub records: i64,
    pub last_seq: i64,
    pub last_hash: String,
}

/// Checks records one at a time. A record is judged once its successor has been seen, so
/// two swapped records are named as reordered rather than as changed.
pub struct Verifier<'k> {
    key: &'k AuditKey,
    next_seq: i64,
    previous_hash: String,
    pending: Option<ChainRow>,
    records: i64,
}

impl<'k> Verifier<'k> {
    /// Starts a walk; a head whose key check value is not this key's stops it at once.
    pub fn new(key: &'k AuditKey, head: &Head) -> Result<Verifier<'k>, Break> {
        if head
            .key_check
            .as_deref()
            .is_some_and(|c| c != key.check_value())
        {
            return Err(Break {
                id: None,
                seq: None,
                expected_seq: 1,
                problem: Problem::WrongKey,
            });
        }
        Ok(Verifier {
            key,
            next_seq: 1,
            previous_hash: String::new(),
            pending: None,
            records: 0,
        })
    }

    /// The next record in seq order.
    pub fn push(&mut self, row: ChainRow) -> Result<(), Break> {
        if let Some(p) = self.pending.take() {
            if p.id >= row.id {
                return Err(self.broken(&p, Problem::Reordered));
            }
            self.judge(p)?;
        }
        self.pending = Some(row);
        Ok(())
    }

    /// Ends the walk: the last record must be the one the head names.
    pub fn finish(mut self, head: &Head) -> Result<Summary, Break> {
        if let Some(p) = self.pending.take() {
            self.judge(p)?;
        }
        let last_seq = self.next_seq - 1;
        if head.last_seq != last_seq || head.last_hash != self.previous_hash {
            return Err(Break {
                id: None,
                seq: None,
                expected_seq: last_seq + 1,
                problem: Problem::Truncated,
            });
        }
        Ok(Summary {
            records: self.records,
            last_seq,
            last_hash: self.previous_hash,
        })
    }

    fn judge(&mut self, row: ChainRow) -> Result<(), Break> {
        if row.seq < self.next_seq {
            return Err(self.broken(&row, Problem::Duplicate));
        }
        if row.seq > self.next_seq {
            return Err(self.broken(&row, Problem::Missing));
        }
        if !hash_matches(
            self.key,
            &row.fields(),
            &self.previous_hash,
            &row.chain_hash,
        ) {
            return Err(self.broken(&row, Problem::Changed));
        }
        self.next_seq += 1;
        self.records += 1;
        self.previous_hash = row.chain_hash;
        Ok(())
    }

    fn broken(&self, row: &ChainRow, problem: Problem) -> Break {
        Break {
            id: Some(row.id),
            seq: Some(row.seq),
            expected_seq: self.next_seq,
            problem,
        }
    }
}
