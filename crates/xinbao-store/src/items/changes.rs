//! Changing an item: its content (a new revision), its status (guarded by the states the step may
//! start from), and an editor's claim.

use super::*;

/// The stored codes of some states.
fn codes(states: &[ItemStatus]) -> Vec<&'static str> {
    states.iter().map(|s| s.code()).collect()
}

/// Saves new content as revision `revision + 1` if the item is still at `version` and in one
/// of `states`. Returns false otherwise (someone else saved, or the state moved on).
pub async fn update_content(
    c: &mut Conn<'_>,
    id: i64,
    version: i64,
    states: &[ItemStatus],
    k: &Content,
    now: i64,
) -> Result<bool, StoreError> {
    let sql = AssertSqlSafe(format!(
        "UPDATE items SET title = $1, body = $2, body_text = $3, item_type = $4, importance = $5, urgency = $6, \
         urgent_rank = $7, sensitivity = $8, topics = $9, authors = $10, contact_phone = $11, updated_at = $12, \
         version = version + 1, revision = revision + 1 WHERE id = $13 AND version = $14 AND status {}",
        in_list(c, 15)
    ));
    let n = with_conn!(c, |x| {
        sqlx::query(sql)
            .bind(&k.title)
            .bind(&k.body)
            .bind(&k.body_text)
            .bind(k.item_type.code())
            .bind(k.importance.code())
            .bind(k.urgency.code())
            .bind(k.urgent_rank)
            .bind(k.sensitivity.code())
            .bind(&k.topics)
            .bind(&k.authors)
            .bind(&k.contact_phone)
            .bind(now)
            .bind(id)
            .bind(version)
            .bind_list(List::Texts(&codes(states)))
            .execute(x)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Fields a transition may set besides the status (None leaves a field as it is).
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub last_comment: Option<String>,
    pub decline_reason: Option<String>,
    pub periodical: Option<String>,
    pub signed_off_by: Option<i64>,
    pub signed_off_at: Option<i64>,
    pub received_by: Option<i64>,
    pub received_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub combined_into_id: Option<i64>,
    pub forwarded_item_id: Option<i64>,
}

/// Moves an item from one of `from` to `to` (and, when given, only at `version`).
/// Returns false if the item was no longer in one of those states.
pub async fn set_status(
    c: &mut Conn<'_>,
    id: i64,
    version: Option<i64>,
    from: &[ItemStatus],
    to: ItemStatus,
    ch: &Changes,
    now: i64,
) -> Result<bool, StoreError> {
    let sql = AssertSqlSafe(format!(
        "UPDATE items SET status = $1, version = version + 1, updated_at = $2, \
         last_comment = COALESCE($3, last_comment), decline_reason = COALESCE($4, decline_reason), \
         periodical = COALESCE($5, periodical), signed_off_by = COALESCE($6, signed_off_by), \
         signed_off_at = COALESCE($7, signed_off_at), received_by = COALESCE($8, received_by), \
         received_at = COALESCE($9, received_at), submitted_at = COALESCE($10, submitted_at), \
         decided_at = COALESCE($11, decided_at), combined_into_id = COALESCE($12, combined_into_id), \
         forwarded_item_id = COALESCE($13, forwarded_item_id), claimed_by = NULL, claimed_until = NULL \
         WHERE id = $14 AND ($15 IS NULL OR version = $15) AND status {}",
        in_list(c, 16)
    ));
    let n = with_conn!(c, |x| {
        sqlx::query(sql)
            .bind(to.code())
            .bind(now)
            .bind(&ch.last_comment)
            .bind(&ch.decline_reason)
            .bind(&ch.periodical)
            .bind(ch.signed_off_by)
            .bind(ch.signed_off_at)
            .bind(ch.received_by)
            .bind(ch.received_at)
            .bind(ch.submitted_at)
            .bind(ch.decided_at)
            .bind(ch.combined_into_id)
            .bind(ch.forwarded_item_id)
            .bind(id)
            .bind(version)
            .bind_list(List::Texts(&codes(from)))
            .execute(x)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Claims an item for editing until `until`, unless someone else holds a live claim.
pub async fn claim(
    c: &mut Conn<'_>,
    id: i64,
    person: i64,
    until: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let n = with_conn!(c, |x| {
        sqlx::query(
            "UPDATE items SET claimed_by = $1, claimed_until = $2 \
             WHERE id = $3 AND (claimed_by IS NULL OR claimed_by = $1 OR claimed_until < $4)",
        )
        .bind(person)
        .bind(until)
        .bind(id)
        .bind(now)
        .execute(x)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

pub async fn release(c: &mut Conn<'_>, id: i64, person: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("UPDATE items SET claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2")
            .bind(id)
            .bind(person)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}
