//! Roles held in units (grants): given, ended (kept for history), and who holds a role where.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct GrantRow {
    pub id: i64,
    pub person_id: i64,
    pub unit_id: i64,
    #[sqlx(try_from = "String")]
    pub role: Role,
    #[sqlx(try_from = "Option<String>")]
    pub signer_level: MaybeCode<SignerLevel>,
    pub active: bool,
    pub created_at: i64,
    pub ended_at: Option<i64>,
}

const GRANT_COLUMNS: &str =
    "id, person_id, unit_id, role, signer_level, active, created_at, ended_at";

pub async fn grant(
    c: &mut Conn<'_>,
    person: i64,
    unit: i64,
    role: Role,
    level: Option<SignerLevel>,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
            "INSERT INTO role_grants (person_id, unit_id, role, signer_level, active, created_at) \
             VALUES ($1, $2, $3, $4, TRUE, $5) RETURNING id",
        )
        .bind(person)
        .bind(unit)
        .bind(role.code())
        .bind(level.map(SignerLevel::code))
        .bind(now)
        .fetch_one(x)
        .await
    })?)
}

/// Ends a grant (kept for history); returns false if it was not active.
pub async fn end_grant(c: &mut Conn<'_>, grant_id: i64, now: i64) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query("UPDATE role_grants SET active = FALSE, ended_at = $1 WHERE id = $2 AND active")
            .bind(now)
            .bind(grant_id)
            .execute(x)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

pub async fn get_grant(c: &mut Conn<'_>, grant_id: i64) -> Result<Option<GrantRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {GRANT_COLUMNS} FROM role_grants WHERE id = $1"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(grant_id)
        .fetch_optional(x)
        .await)?)
}

/// Active grants of one person.
pub async fn grants_of(c: &mut Conn<'_>, person: i64) -> Result<Vec<GrantRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {GRANT_COLUMNS} FROM role_grants WHERE person_id = $1 AND active ORDER BY unit_id, role"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(person)
        .fetch_all(x)
        .await)?)
}

/// Active grants of many people at once (for a page of the people list).
pub async fn grants_of_people(
    c: &mut Conn<'_>,
    people: &[i64],
) -> Result<Vec<GrantRow>, StoreError> {
    let sql = format!(
        "SELECT {GRANT_COLUMNS} FROM role_grants WHERE active AND person_id {{ids}} \
         ORDER BY person_id, unit_id, role"
    );
    crate::dialect::fetch_by(c, &sql, people).await
}

/// Active grants in one unit.
pub async fn grants_in(c: &mut Conn<'_>, unit: i64) -> Result<Vec<GrantRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {GRANT_COLUMNS} FROM role_grants WHERE unit_id = $1 AND active ORDER BY role, person_id"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(unit)
        .fetch_all(x)
        .await)?)
}

/// (unit, role) of every active grant held by an active person: vacancies are computed from it.
pub async fn active_roles_by_unit(c: &mut Conn<'_>) -> Result<Vec<(i64, Role)>, StoreError> {
    let rows: Vec<(i64, String)> = with_conn!(c, |x| {
        sqlx::query_as(
            "SELECT DISTINCT g.unit_id, g.role FROM role_grants g JOIN people p ON p.id = g.person_id \
             WHERE g.active AND p.active",
        )
        .fetch_all(x)
        .await
    })?;
    rows.into_iter()
        .map(|(u, r)| Ok((u, Role::try_from(r)?)))
        .collect()
}

/// Active people holding one of `roles` in `unit` (who to notify).
pub async fn holders(c: &mut Conn<'_>, unit: i64, roles: &[Role]) -> Result<Vec<i64>, StoreError> {
    let roles: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    let rows: Vec<(i64,)> = crate::dialect::fetch_by_after(
        c,
        "SELECT DISTINCT g.person_id FROM role_grants g JOIN people p ON p.id = g.person_id \
         WHERE g.unit_id = $1 AND g.active AND p.active AND g.role {ids} ORDER BY g.person_id",
        &[unit],
        crate::dialect::List::Texts(&roles),
    )
    .await?;
    Ok(rows.into_iter().map(|(p,)| p).collect())
}
