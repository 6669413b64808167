//! Attachment files (stored once by content hash) and their links to items.

use crate::{Conn, StoreError, with_conn};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AttachmentRow {
    pub id: i64,
    pub item_id: i64,
    pub file_hash: String,
    pub name: String,
    pub mime: String,
    pub size: i64,
    pub created_at: i64,
}

/// Records a file; recording the same content twice is harmless.
pub async fn add_file(
    c: &mut Conn<'_>,
    hash: &str,
    size: i64,
    mime: &str,
    now: i64,
) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("INSERT INTO files (hash, size, mime, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(hash)
            .bind(size)
            .bind(mime)
            .bind(now)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

pub async fn attach(
    c: &mut Conn<'_>,
    item: i64,
    hash: &str,
    name: &str,
    by: i64,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_scalar(
            "INSERT INTO item_attachments (item_id, file_hash, name, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(item)
        .bind(hash)
        .bind(name)
        .bind(by)
        .bind(now)
        .fetch_one(x)
        .await
    })?)
}

pub async fn of_item(c: &mut Conn<'_>, item: i64) -> Result<Vec<AttachmentRow>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
            "SELECT a.id, a.item_id, a.file_hash, a.name, f.mime, f.size, a.created_at FROM item_attachments a \
             JOIN files f ON f.hash = a.file_hash WHERE a.item_id = $1 ORDER BY a.id",
        )
        .bind(item)
        .fetch_all(x)
        .await
    })?)
}

/// The items (up to 50) that hold a file, with its type and name there.
pub async fn holders(
    c: &mut Conn<'_>,
    hash: &str,
) -> Result<Vec<(i64, String, String)>, StoreError> {
    Ok(with_conn!(c, |x| {
        sqlx::query_as(
            "SELECT a.item_id, f.mime, a.name FROM item_attachments a JOIN files f ON f.hash = a.file_hash \
             WHERE a.file_hash = $1 ORDER BY a.id LIMIT 50",
        )
        .bind(hash)
        .fetch_all(x)
        .await
    })?)
}
