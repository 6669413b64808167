//! The keyed chain over the audit log: appending a sealed record, sealing the rows written
//! before the chain existed, and walking the chain to verify it.
//!
//! Every append first updates the one row of `audit_chain`. On PostgreSQL that row lock is held
//! until the transaction commits, so appends from any number of servers take seq numbers one at
//! a time, in commit order; SQLite has a single writer. Only the audit insert serialises.

use crate::audit::{AuditRow, COLUMNS, NewAudit};
use crate::{Conn, StoreError, with_conn};
use xinbao_domain::audit_chain::verify::{Break, ChainRow, Head, Problem, Verifier};
use xinbao_domain::audit_chain::{AuditKey, ChainFields, chain_hash};

/// Rows read per query when sealing or verifying.
const PAGE: i64 = 1000;

/// Whether the chain verifies, as the audit page, the API and `xinbao audit verify` show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ChainStatus {
    /// Every record verifies.
    pub intact: bool,
    /// Records verified (before the first bad one, when there is one).
    pub records: i64,
    /// The hash of the last verified record (hex; empty for an empty log).
    pub last_hash: String,
    pub first_bad: Option<BadRecord>,
}

/// The first record that does not verify.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct BadRecord {
    /// The row's id, when the problem is one row.
    pub id: Option<i64>,
    /// The row's place in the chain, when it has one.
    pub seq: Option<i64>,
    /// The place that was expected here.
    pub expected_seq: i64,
    /// `changed`, `missing`, `reordered`, `duplicate`, `wrong_key`, `truncated`, `unsealed`
    /// or `head_missing`.
    pub problem: String,
}

impl ChainStatus {
    fn broken(b: Break) -> ChainStatus {
        ChainStatus {
            intact: false,
            records: b.expected_seq - 1,
            last_hash: String::new(),
            first_bad: Some(BadRecord {
                id: b.id,
                seq: b.seq,
                expected_seq: b.expected_seq,
                problem: b.problem.code().to_string(),
            }),
        }
    }
}

/// Takes the head for this transaction: last seq, last hash, whether old rows await sealing.
async fn take_head(c: &mut Conn<'_>) -> Result<(i64, String, bool), StoreError> {
    let head: Option<(i64, String, bool)> = with_conn!(c, |x| {
        sqlx::query_as(
            "UPDATE audit_chain SET last_seq = last_seq WHERE singleton = 1 \
             RETURNING last_seq, last_hash, pending_seal",
        )
        .fetch_optional(x)
        .await
    })?;
    head.ok_or_else(|| StoreError::Other("the audit chain's head row is missing".into()))
}

async fn put_head(
    c: &mut Conn<'_>,
    key: &AuditKey,
    seq: i64,
    hash: &str,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
            "UPDATE audit_chain SET last_seq = $1, last_hash = $2, pending_seal = FALSE, \
             key_check = COALESCE(key_check, $3) WHERE singleton = 1",
        )
        .bind(seq)
        .bind(hash)
        .bind(key.check_value())
        .execute(x)
        .await
        .map(|_| ())
    })?;
    Ok(())
}

/// Appends one record after the last, sealing any rows from before the chain first.
pub(crate) async fn append(
    c: &mut Conn<'_>,
    key: &AuditKey,
    a: &NewAudit<'_>,
) -> Result<(), StoreError> {
    let (mut seq, mut prev, pending) = take_head(c).await?;
    if pending {
        (seq, prev) = seal_rows(c, key, seq, prev).await?;
    }
    seq += 1;
    let f = ChainFields {
        seq,
        at: a.at,
        actor_id: a.actor_id,
        actor_username: a.actor_username,
        action: a.action,
        target_kind: a.target_kind,
        target_id: a.target_id,
        detail: &a.detail,
        ip: a.ip,
    };
    let hash = chain_hash(key, &f, &prev);
    with_conn!(c, |x| {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor_username, action, target_kind, target_id, \
             detail, ip, seq, chain_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(a.at)
        .bind(a.actor_id)
        .bind(a.actor_username)
        .bind(a.action)
        .bind(a.target_kind)
        .bind(a.target_id)
        .bind(&a.detail)
        .bind(a.ip)
        .bind(seq)
        .bind(&hash)
        .execute(x)
        .await
        .map(|_| ())
    })?;
    put_head(c, key, seq, &hash).await
}

/// Seals the rows written before the chain existed, in id order, if any still wait. Run in a
/// write transaction at start-up; returns how many rows it sealed.
pub async fn seal_pending(c: &mut Conn<'_>, key: &AuditKey) -> Result<i64, StoreError> {
    let (seq, prev, pending) = take_head(c).await?;
    if !pending {
        return Ok(0);
    }
    let (last, hash) = seal_rows(c, key, seq, prev).await?;
    put_head(c, key, last, &hash).await?;
    Ok(last - seq)
}

async fn seal_rows(
    c: &mut Conn<'_>,
    key: &AuditKey,
    mut seq: i64,
    mut prev: String,
) -> Result<(i64, String), StoreError> {
    let mut after = 0i64;
    loop {
        let rows: Vec<AuditRow> = with_conn!(c, |x| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM audit_log WHERE seq IS NULL AND id > $1 ORDER BY id LIMIT $2"
            )))
            .bind(after)
            .bind(PAGE)
            .fetch_all(x)
            .await
        })?;
        if rows.is_empty() {
            return Ok((seq, prev));
        }
        for r in rows {
            seq += 1;
            let row = chain_row(r, seq);
            let hash = chain_hash(key, &row.fields(), &prev);
            with_conn!(c, |x| {
                sqlx::query("UPDATE audit_log SET seq = $1, chain_hash = $2 WHERE id = $3")
                    .bind(seq)
                    .bind(&hash)
                    .bind(row.id)
                    .execute(x)
                    .await
                    .map(|_| ())
            })?;
            after = row.id;
            prev = hash;
        }
    }
}

fn chain_row(r: AuditRow, seq: i64) -> ChainRow {
    ChainRow {
        id: r.id,
        seq,
        at: r.at,
        actor_id: r.actor_id,
        actor_username: r.actor_username,
        action: r.action,
        target_kind: r.target_kind,
        target_id: r.target_id,
        detail: r.detail,
        ip: r.ip,
        chain_hash: r.chain_hash.unwrap_or_default(),
    }
}

/// Whether `key` is the one that sealed the chain (true while nothing is sealed yet).
pub async fn key_matches(c: &mut Conn<'_>, key: &AuditKey) -> Result<bool, StoreError> {
    let check: Option<Option<String>> = with_conn!(c, |x| {
        sqlx::query_scalar("SELECT key_check FROM audit_chain WHERE singleton = 1")
            .fetch_optional(x)
            .await
    })?;
    Ok(check.flatten().is_none_or(|k| k == key.check_value()))
}

/// Walks the chain in seq order up to the head and recomputes every hash with `key`. Rows
/// appended while it runs lie beyond the head it read, and are left for the next walk.
pub async fn verify(c: &mut Conn<'_>, key: &AuditKey) -> Result<ChainStatus, StoreError> {
    let head: Option<(i64, String, Option<String>)> = with_conn!(c, |x| {
        sqlx::query_as("SELECT last_seq, last_hash, key_check FROM audit_chain WHERE singleton = 1")
            .fetch_optional(x)
            .await
    })?;
    let Some((last_seq, last_hash, key_check)) = head else {
        return Ok(ChainStatus::broken(Break {
            id: None,
            seq: None,
            expected_seq: 1,
            problem: Problem::HeadMissing,
        }));
    };
    let head = Head {
        last_seq,
        last_hash,
        key_check,
    };
    let summary = match walk(c, key, &head).await? {
        Ok(s) => s,
        Err(b) => return Ok(ChainStatus::broken(b)),
    };
    let unsealed: Option<i64> = with_conn!(c, |x| {
        sqlx::query_scalar("SELECT MIN(id) FROM audit_log WHERE seq IS NULL")
            .fetch_one(x)
            .await
    })?;
    if let Some(id) = unsealed {
        return Ok(ChainStatus::broken(Break {
            id: Some(id),
            seq: None,
            expected_seq: summary.last_seq + 1,
            problem: Problem::Unsealed,
        }));
    }
    Ok(ChainStatus {
        intact: true,
        records: summary.records,
        last_hash: summary.last_hash,
        first_bad: None,
    })
}

async fn walk(
    c: &mut Conn<'_>,
    key: &AuditKey,
    head: &Head,
) -> Result<Result<xinbao_domain::audit_chain::verify::Summary, Break>, StoreError> {
    let mut v = match Verifier::new(key, head) {
        Ok(v) => v,
        Err(b) => return Ok(Err(b)),
    };
    let (mut seq, mut id) = (i64::MIN, i64::MIN);
    loop {
        let rows: Vec<AuditRow> = with_conn!(c, |x| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM audit_log WHERE seq <= $1 AND (seq > $2 OR (seq = $2 AND id > $3)) \
                 ORDER BY seq, id LIMIT $4"
            )))
            .bind(head.last_seq)
            .bind(seq)
            .bind(id)
            .bind(PAGE)
            .fetch_all(x)
            .await
        })?;
        if rows.is_empty() {
            return Ok(v.finish(head));
        }
        for r in rows {
            (seq, id) = (r.seq.unwrap_or_default(), r.id);
            if let Err(b) = v.push(chain_row(r, seq)) {
                return Ok(Err(b));
            }
        }
    }
}
