//! Units, unit kinds with their default quotas, and peer-office links.

use crate::{Conn, StoreError, with_conn};
use xinbao_domain::{MaybeCode, OfficeBranch, OfficeLevel, UnitKind};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct UnitRow {
    pub id: i64,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: UnitKind,
    #[sqlx(try_from = "Option<String>")]
    pub office_level: MaybeCode<OfficeLevel>,
    #[sqlx(try_from = "Option<String>")]
    pub office_branch: MaybeCode<OfficeBranch>,
    pub parent_id: Option<i64>,
    pub report_to_id: Option<i64>,
    pub quota_override: Option<i64>,
    pub responsible_section: Option<String>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// The fields an administrator sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFields {
    pub name: String,
    pub kind: UnitKind,
    pub office_level: Option<OfficeLevel>,
    pub office_branch: Option<OfficeBranch>,
    pub parent_id: Option<i64>,
    pub report_to_id: Option<i64>,
    pub quota_override: Option<i64>,
    pub responsible_section: Option<String>,
}

const COLUMNS: &str = "id, name, kind, office_level, office_branch, parent_id, report_to_id, \
    quota_override, responsible_section, active, created_at, updated_at, version";

pub async fn insert(c: &mut Conn<'_>, f: &UnitFields, now: i64) -> Result<i64, StoreError> {
    let id = with_conn!(c, |x| {
        sqlx::query_scalar(
            "INSERT INTO units (name, kind, office_level, office_branch, parent_id, report_to_id, \
             quota_override, responsible_section, active, created_at, updated_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, TRUE, $9, $9, 1) RETURNING id",
        )
        .bind(&f.name)
        .bind(f.kind.code())
        .bind(f.office_level.map(|l| l.code()))
        .bind(f.office_branch.map(|b| b.code()))
        .bind(f.parent_id)
        .bind(f.report_to_id)
        .bind(f.quota_override)
        .bind(&f.responsible_section)
        .bind(now)
        .fetch_one(x)
        .await
    })?;
    Ok(id)
}

/// Updates a unit if it is still at `version`; returns false on a stale version.
pub async fn update(
    c: &mut Conn<'_>,
    id: i64,
    version: i64,
    f: &UnitFields,
    now: i64,
) -> Result<bool, StoreError> {
    let done = with_conn!(c, |x| {
        sqlx::query(
            "UPDATE units SET name = $1, kind = $2, office_level = $3, office_branch = $4, \
             parent_id = $5, report_to_id = $6, quota_override = $7, responsible_section = $8, \
             updated_at = $9, version = version + 1 WHERE id = $10 AND version = $11",
        )
        .bind(&f.name)
        .bind(f.kind.code())
        .bind(f.office_level.map(|l| l.code()))
        .bind(f.office_branch.map(|b| b.code()))
        .bind(f.parent_id)
        .bind(f.report_to_id)
        .bind(f.quota_override)
        .bind(&f.responsible_section)
        .bind(now)
        .bind(id)
        .bind(version)
        .execute(x)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

pub async fn set_active(
    c: &mut Conn<'_>,
    id: i64,
    active: bool,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query("UPDATE units SET active = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND active <> $1")
            .bind(active)
            .bind(now)
            .bind(id)
            .execute(x)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

pub async fn get(c: &mut Conn<'_>, id: i64) -> Result<Option<UnitRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM units WHERE id = $1"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(x)
        .await)?)
}

/// Every unit, active or not, ordered by id: the organisation tree is built from this.
pub async fn list_all(c: &mut Conn<'_>) -> Result<Vec<UnitRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM units ORDER BY id"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql).fetch_all(x).await)?)
}

pub async fn count(c: &mut Conn<'_>) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "SELECT COUNT(*) FROM units"
    )
    .fetch_one(x)
    .await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct KindRow {
    #[sqlx(try_from = "String")]
    pub kind: UnitKind,
    pub default_quota: i64,
}

pub async fn list_kinds(c: &mut Conn<'_>) -> Result<Vec<KindRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as("SELECT kind, default_quota FROM unit_kinds ORDER BY kind")
            .fetch_all(x)
            .await
    })?)
}

pub async fn set_kind_quota(
    c: &mut Conn<'_>,
    kind: UnitKind,
    quota: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query("UPDATE unit_kinds SET default_quota = $1 WHERE kind = $2")
            .bind(quota)
            .bind(kind.code())
            .execute(x)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Peer offices of `unit` (links are stored both ways).
pub async fn peers(c: &mut Conn<'_>, unit: i64) -> Result<Vec<i64>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar("SELECT peer_id FROM unit_peers WHERE unit_id = $1 ORDER BY peer_id")
            .bind(unit)
            .fetch_all(x)
            .await
    })?)
}

/// Every peer link (unit, peer), both ways.
pub async fn all_peers(c: &mut Conn<'_>) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as("SELECT unit_id, peer_id FROM unit_peers ORDER BY unit_id, peer_id")
            .fetch_all(x)
            .await
    })?)
}

/// Links two offices as peers, both ways; linking twice is harmless. Both units' versions
/// move, so every instance's cached organisation (keyed by the versions) reloads.
pub async fn link_peers(c: &mut Conn<'_>, a: i64, b: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("UPDATE units SET version = version + 1 WHERE id IN ($1, $2)")
            .bind(a)
            .bind(b)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    for (u, p) in [(a, b), (b, a)] {
        with_conn!(c, |x| {
            sqlx::query(
                "INSERT INTO unit_peers (unit_id, peer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(u)
            .bind(p)
            .execute(x)
            .await
            .map(|_| ())
        })?;
    }
    Ok(())
}

/// A unit's sign-off rule: (general, important, critical), each a role or level code or empty.
pub async fn signoff_rule(
    c: &mut Conn<'_>,
    unit: i64,
) -> Result<Option<(String, String, String)>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as("SELECT general, important, critical FROM signoff_rules WHERE unit_id = $1")
            .bind(unit)
            .fetch_optional(x)
            .await
    })?)
}

pub async fn set_signoff_rule(
    c: &mut Conn<'_>,
    unit: i64,
    rule: (&str, &str, &str),
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
            "INSERT INTO signoff_rules (unit_id, general, important, critical) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (unit_id) DO UPDATE SET general = $2, important = $3, critical = $4",
        )
        .bind(unit)
        .bind(rule.0)
        .bind(rule.1)
        .bind(rule.2)
        .execute(x)
        .await
        .map(|_| ())
    })?;
    Ok(())
}

/// A cheap fingerprint of the units table: changes whenever a unit is added or changed.
pub async fn fingerprint(c: &mut Conn<'_>) -> Result<(i64, i64), StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as("SELECT COUNT(*), CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM units")
            .fetch_one(x)
            .await
    })?)
}
