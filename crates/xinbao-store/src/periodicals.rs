//! Periodicals, their issues and the items in them. Issue numbers come from per-periodical
//! counters bumped with one upsert in the publishing transaction, so concurrent publishers on
//! any number of servers get consecutive numbers without gaps or duplicates.

mod issue_events;
mod issue_items;
mod issues;

pub use issue_events::{IssueEventRow, ReaderRow, add_event, events_of, mark_read, readers_of};
pub use issue_items::{IssueItemRow, add_item, items_of, mark_items_adopted};
pub(crate) use issues::I_COLUMNS;
pub use issues::{
    IssueRow, insert_issue, issue, next_number, set_published, set_signed_off, set_status,
};

use crate::{Conn, StoreError, with_conn};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct PeriodicalRow {
    pub id: i64,
    pub office_id: i64,
    pub name: String,
    pub restart_yearly: bool,
    pub running_total: bool,
    pub columns: String,
    pub chief_editor_id: Option<i64>,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub signoff_level: xinbao_domain::SignerLevel,
    pub secrecy: String,
    pub copies: i64,
    pub dist_up: String,
    pub dist_side: String,
    pub dist_down: String,
    pub active: bool,
    pub created_at: i64,
}

const P_COLUMNS: &str = "id, office_id, name, restart_yearly, running_total, columns, \
    chief_editor_id, signoff_level, secrecy, copies, dist_up, dist_side, dist_down, active, created_at";

/// A periodical's settings as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodicalFields {
    pub name: String,
    pub restart_yearly: bool,
    pub running_total: bool,
    pub columns: String,
    pub chief_editor_id: Option<i64>,
    pub signoff_level: String,
    pub secrecy: String,
    pub copies: i64,
    pub dist_up: String,
    pub dist_side: String,
    pub dist_down: String,
}

pub async fn insert(
    c: &mut Conn<'_>,
    office: i64,
    f: &PeriodicalFields,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
        "INSERT INTO periodicals (office_id, name, restart_yearly, running_total, columns, \
         chief_editor_id, signoff_level, secrecy, copies, dist_up, dist_side, dist_down, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id"
    )
    .bind(office)
    .bind(&f.name)
    .bind(f.restart_yearly)
    .bind(f.running_total)
    .bind(&f.columns)
    .bind(f.chief_editor_id)
    .bind(&f.signoff_level)
    .bind(&f.secrecy)
    .bind(f.copies)
    .bind(&f.dist_up)
    .bind(&f.dist_side)
    .bind(&f.dist_down)
    .bind(now)
    .fetch_one(x)
    .await
    })?)
}

pub async fn of_office(c: &mut Conn<'_>, office: i64) -> Result<Vec<PeriodicalRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {P_COLUMNS} FROM periodicals WHERE office_id = $1 AND active ORDER BY id"
    ));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(office)
        .fetch_all(x)
        .await)?)
}

pub async fn get(c: &mut Conn<'_>, id: i64) -> Result<Option<PeriodicalRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {P_COLUMNS} FROM periodicals WHERE id = $1"));
    Ok(with_conn!(c, |x| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(x)
        .await)?)
}
