//! Scoring schemes per office, every version kept.

use crate::{Conn, StoreError, with_conn};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct SchemeRow {
    pub id: i64,
    pub office_id: i64,
    pub name: String,
    pub effective_from: String,
    pub body: String,
    pub created_by: i64,
    pub created_at: i64,
}

const COLUMNS: &str = "id, office_id, name, effective_from, body, created_by, created_at";

pub async fn insert(
    c: &mut Conn<'_>,
    office: i64,
    name: &str,
    effective_from: &str,
    body: &str,
    by: i64,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
        "INSERT INTO scoring_schemes (office_id, name, effective_from, body, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"
    )
    .bind(office)
    .bind(name)
    .bind(effective_from)
    .bind(body)
    .bind(by)
    .bind(now)
    .fetch_one(x)
    .await
    })?)
}

/// Every version of an office's scheme, oldest effective date first (latest saved last
/// among equal dates): the one in force on a day is the last with `effective_from <= day`.
pub async fn versions(c: &mut Conn<'_>, office: i64) -> Result<Vec<SchemeRow>, StoreError> {
    versions_of(c, &[office]).await
}

/// Every version of the schemes of `offices`, by office, oldest effective date first.
pub async fn versions_of(c: &mut Conn<'_>, offices: &[i64]) -> Result<Vec<SchemeRow>, StoreError> {
    if offices.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM scoring_schemes WHERE office_id {{ids}} \
         ORDER BY office_id, effective_from, id"
    );
    crate::dialect::fetch_by(c, &sql, offices).await
}

/// Whether an office has any scheme (its items are scored).
pub async fn has_scheme(c: &mut Conn<'_>, office: i64) -> Result<bool, StoreError> {
    let id: Option<i64> = with_conn!(c, |x| sqlx::query_scalar(
        "SELECT id FROM scoring_schemes WHERE office_id = $1 LIMIT 1"
    )
    .bind(office)
    .fetch_optional(x)
    .await)?;
    Ok(id.is_some())
}

/// Every version of every office's scheme, by office, oldest effective date first.
pub async fn all_versions(c: &mut Conn<'_>) -> Result<Vec<SchemeRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM scoring_schemes ORDER BY office_id, effective_from, id"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql).fetch_all(x).await)?)
}

/// The names of every periodical in the installation (rules may name any of them).
pub async fn periodical_names(c: &mut Conn<'_>) -> Result<Vec<String>, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "SELECT DISTINCT name FROM periodicals ORDER BY name"
    )
    .fetch_all(x)
    .await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct PenaltyRow {
    pub id: i64,
    pub office_id: i64,
    pub unit_id: i64,
    pub item_id: Option<i64>,
    /// Hundredths of a point.
    pub points: i64,
    pub reason: String,
    pub corrects_id: Option<i64>,
    pub created_by: i64,
    pub created_at: i64,
}

const P_COLUMNS: &str =
    "id, office_id, unit_id, item_id, points, reason, corrects_id, created_by, created_at";

pub async fn insert_penalty(c: &mut Conn<'_>, p: &PenaltyRow) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| sqlx::query_scalar(
        "INSERT INTO score_penalties (office_id, unit_id, item_id, points, reason, corrects_id, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"
    )
    .bind(p.office_id)
    .bind(p.unit_id)
    .bind(p.item_id)
    .bind(p.points)
    .bind(&p.reason)
    .bind(p.corrects_id)
    .bind(p.created_by)
    .bind(p.created_at)
    .fetch_one(x)
    .await)?)
}

/// An office's penalties and corrections entered in `[from, to)`.
pub async fn penalties(
    c: &mut Conn<'_>,
    office: i64,
    from: i64,
    to: i64,
) -> Result<Vec<PenaltyRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {P_COLUMNS} FROM score_penalties WHERE office_id = $1 AND created_at >= $2 \
         AND created_at < $3 ORDER BY id"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(office)
        .bind(from)
        .bind(to)
        .fetch_all(x)
        .await)?)
}

/// One penalty line.
pub async fn penalty(c: &mut Conn<'_>, id: i64) -> Result<Option<PenaltyRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {P_COLUMNS} FROM score_penalties WHERE id = $1"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(x)
        .await)?)
}
