//! An item's revisions, its history of steps, and the peer offices it was shared with.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct RevisionRow {
    pub rev_no: i64,
    pub title: String,
    pub body: String,
    pub body_text: String,
    pub author_id: i64,
    pub author_name: String,
    pub at: i64,
}

pub async fn add_revision(
    c: &mut Conn<'_>,
    item: i64,
    rev_no: i64,
    k: &Content,
    author: i64,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
            "INSERT INTO item_revisions (item_id, rev_no, title, body, body_text, author_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(item)
        .bind(rev_no)
        .bind(&k.title)
        .bind(&k.body)
        .bind(&k.body_text)
        .bind(author)
        .bind(now)
        .execute(x)
        .await
        .map(|_| ())
    })?;
    Ok(())
}

pub async fn revisions(c: &mut Conn<'_>, item: i64) -> Result<Vec<RevisionRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
            "SELECT r.rev_no, r.title, r.body, r.body_text, r.author_id, p.name AS author_name, r.at \
             FROM item_revisions r JOIN people p ON p.id = r.author_id WHERE r.item_id = $1 ORDER BY r.rev_no",
        )
        .bind(item)
        .fetch_all(x)
        .await
    })?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct EventRow {
    pub id: i64,
    pub item_id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    #[sqlx(try_from = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub from_status: MaybeCode<ItemStatus>,
    #[sqlx(try_from = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub to_status: MaybeCode<ItemStatus>,
    pub comment: String,
}

#[allow(clippy::too_many_arguments)]
pub async fn add_event(
    c: &mut Conn<'_>,
    item: i64,
    actor: Option<i64>,
    action: &str,
    from: Option<ItemStatus>,
    to: Option<ItemStatus>,
    comment: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
            "INSERT INTO item_events (item_id, at, actor_id, action, from_status, to_status, comment) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(item)
        .bind(now)
        .bind(actor)
        .bind(action)
        .bind(from.map(ItemStatus::code))
        .bind(to.map(ItemStatus::code))
        .bind(comment)
        .fetch_one(x)
        .await
    })?)
}

pub async fn events(c: &mut Conn<'_>, item: i64) -> Result<Vec<EventRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
            "SELECT e.id, e.item_id, e.at, e.actor_id, p.name AS actor_name, e.action, e.from_status, e.to_status, e.comment \
             FROM item_events e LEFT JOIN people p ON p.id = e.actor_id WHERE e.item_id = $1 ORDER BY e.id",
        )
        .bind(item)
        .fetch_all(x)
        .await
    })?)
}

pub async fn share(
    c: &mut Conn<'_>,
    item: i64,
    office: i64,
    by: i64,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("INSERT INTO item_shares (item_id, office_id, shared_by, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(item)
            .bind(office)
            .bind(by)
            .bind(now)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

pub async fn shared_with(c: &mut Conn<'_>, item: i64) -> Result<Vec<i64>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
            "SELECT office_id FROM item_shares WHERE item_id = $1 ORDER BY office_id",
        )
        .bind(item)
        .fetch_all(x)
        .await
    })?)
}
