//! In-app notifications: the bell with its unread count and the list behind it.

use crate::{Conn, StoreError, with_conn};
use sqlx::QueryBuilder;
use xinbao_domain::notice::NoticeKind;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct NotificationRow {
    pub id: i64,
    pub person_id: i64,
    pub item_id: Option<i64>,
    pub event_id: Option<i64>,
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: NoticeKind,
    /// JSON object of message arguments.
    pub args: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

pub async fn add(
    c: &mut Conn<'_>,
    person: i64,
    item: Option<i64>,
    kind: NoticeKind,
    args: &str,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("INSERT INTO notifications (person_id, item_id, kind, args, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(person)
            .bind(item)
            .bind(kind.code())
            .bind(args)
            .bind(now)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

/// A notification about a sudden event.
pub async fn add_for_event(
    c: &mut Conn<'_>,
    person: i64,
    event: i64,
    kind: NoticeKind,
    args: &str,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("INSERT INTO notifications (person_id, event_id, kind, args, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(person)
            .bind(event)
            .bind(kind.code())
            .bind(args)
            .bind(now)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

pub async fn list(
    c: &mut Conn<'_>,
    person: i64,
    limit: i64,
) -> Result<Vec<NotificationRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
            "SELECT id, person_id, item_id, event_id, kind, args, created_at, read_at FROM notifications \
             WHERE person_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(person)
        .bind(limit)
        .fetch_all(x)
        .await
    })?)
}

pub async fn unread(c: &mut Conn<'_>, person: i64) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND read_at IS NULL",
        )
        .bind(person)
        .fetch_one(x)
        .await
    })?)
}

/// Unread urgent notices (sudden events, urgent items): how many, and the newest one's id.
pub async fn unread_urgent(
    c: &mut Conn<'_>,
    person: i64,
) -> Result<(i64, Option<i64>), StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
            "SELECT COUNT(*), MAX(n.id) FROM notifications n LEFT JOIN items i ON i.id = n.item_id \
             WHERE n.person_id = $1 AND n.read_at IS NULL \
             AND (n.event_id IS NOT NULL OR i.urgent_rank > 0)",
        )
        .bind(person)
        .fetch_one(x)
        .await
    })?)
}

/// Marks one (or, with `None`, every) notification of a person read.
pub async fn mark_read(
    c: &mut Conn<'_>,
    person: i64,
    id: Option<i64>,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL AND ($3 IS NULL OR id = $3)")
            .bind(now)
            .bind(person)
            .bind(id)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

/// Several notifications about items in one statement: (person, item, kind, arguments as
/// JSON, time).
pub async fn add_many(
    c: &mut Conn<'_>,
    rows: &[(i64, i64, NoticeKind, &str, i64)],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(crate::item_group::CHUNK) {
        with_conn!(c, |x| {
            let mut qb = QueryBuilder::new(
                "INSERT INTO notifications (person_id, item_id, kind, args, created_at) ",
            );
            qb.push_values(chunk, |mut b, (person, item, kind, args, at)| {
                b.push_bind(*person)
                    .push_bind(*item)
                    .push_bind(kind.code())
                    .push_bind(args.to_string())
                    .push_bind(*at);
            });
            qb.build().execute(x).await.map(|_| ())
        })?;
    }
    Ok(())
}
