//! Bulk loading for benchmarks: many rows per statement, one transaction per batch.

use crate::{Conn, StoreError, with_conn};
use sqlx::QueryBuilder;
use xinbao_domain::item::ItemStatus;

/// An item with its history, as a benchmark data set holds it.
#[derive(Debug, Clone, Default)]
pub struct BulkItem {
    pub unit_id: i64,
    pub office_id: i64,
    pub author_id: i64,
    pub title: String,
    pub body: String,
    pub item_type: &'static str,
    pub status: &'static str,
    pub urgent_rank: i64,
    pub at: i64,
    /// The item below a copy sent up.
    pub source_item_id: Option<i64>,
    /// The periodical that adopted it.
    pub periodical: Option<&'static str>,
    pub direct_report: bool,
}

/// item, at, actor, action, from, to.
type EventTuple<'a> = (i64, i64, i64, &'a str, Option<&'a str>, &'a str);

const ITEM_COLS: &str = "INSERT INTO items (unit_id, office_id, author_id, title, body, body_text, item_type, importance, urgency, \
    urgent_rank, sensitivity, status, submitted_at, decided_at, created_at, updated_at, source_item_id, \
    periodical, direct_report) ";

/// Inserts items with one revision and their events (create, submit, decision); returns the
/// ids given, in order.
pub async fn items(c: &mut Conn<'_>, rows: &[BulkItem]) -> Result<Vec<i64>, StoreError> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(1000) {
        let got: Vec<i64> = with_conn!(c, |x| {
            let mut qb = QueryBuilder::new(ITEM_COLS);
            qb.push_values(chunk, |mut b, r| {
                let submitted = (r.status != "draft").then_some(r.at + 60_000);
                let decided = matches!(r.status, "adopted" | "declined" | "returned")
                    .then_some(r.at + 3_600_000);
                b.push_bind(r.unit_id)
                    .push_bind(r.office_id)
                    .push_bind(r.author_id)
                    .push_bind(&r.title)
                    .push_bind(format!("<p>{}</p>", r.body))
                    .push_bind(&r.body)
                    .push_bind(r.item_type)
                    .push_bind("general")
                    .push_bind(if r.urgent_rank > 0 {
                        "urgent"
                    } else {
                        "normal"
                    })
                    .push_bind(r.urgent_rank)
                    .push_bind("none")
                    .push_bind(r.status)
                    .push_bind(submitted)
                    .push_bind(decided)
                    .push_bind(r.at)
                    .push_bind(decided.or(submitted).unwrap_or(r.at))
                    .push_bind(r.source_item_id)
                    .push_bind(r.periodical)
                    .push_bind(r.direct_report);
            });
            qb.push(" RETURNING id");
            qb.build_query_scalar().fetch_all(x).await
        })?;
        ids.extend(got);
    }
    for (chunk, id_chunk) in rows.chunks(1000).zip(ids.chunks(1000)) {
        with_conn!(c, |x| {
            let mut qb = QueryBuilder::new(
                "INSERT INTO item_revisions (item_id, rev_no, title, body, body_text, author_id, at) ",
            );
            qb.push_values(chunk.iter().zip(id_chunk), |mut b, (r, id)| {
                b.push_bind(*id)
                    .push_bind(1i64)
                    .push_bind(&r.title)
                    .push_bind(format!("<p>{}</p>", r.body))
                    .push_bind(&r.body)
                    .push_bind(r.author_id)
                    .push_bind(r.at);
            });
            qb.build().execute(x).await.map(|_| ())
        })?;
        let mut events: Vec<EventTuple> = Vec::new();
        for (r, id) in chunk.iter().zip(id_chunk) {
            events.push((*id, r.at, r.author_id, "create", None, "draft"));
            if r.status != "draft" {
                events.push((
                    *id,
                    r.at + 60_000,
                    r.author_id,
                    "submit",
                    Some("draft"),
                    "submitted",
                ));
            }
            if !matches!(r.status, "draft" | "submitted") {
                events.push((
                    *id,
                    r.at + 3_600_000,
                    r.author_id,
                    "decide",
                    Some("submitted"),
                    r.status,
                ));
            }
        }
        for ev in events.chunks(4000) {
            with_conn!(c, |x| {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO item_events (item_id, at, actor_id, action, from_status, to_status) ",
                );
                qb.push_values(ev, |mut b, e| {
                    b.push_bind(e.0)
                        .push_bind(e.1)
                        .push_bind(e.2)
                        .push_bind(e.3)
                        .push_bind(e.4)
                        .push_bind(e.5);
                });
                qb.build().execute(x).await.map(|_| ())
            })?;
        }
    }
    Ok(ids)
}

/// A scratch table for measuring the ceiling: raw durable single-row inserts.
pub async fn create_ceiling_table(c: &mut Conn<'_>) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS bench_ceiling (v TEXT NOT NULL, at BIGINT NOT NULL)",
        )
        .execute(x)
        .await
        .map(|_| ())
    })?;
    Ok(())
}

pub async fn ceiling_insert(c: &mut Conn<'_>, v: &str, at: i64) -> Result<(), StoreError> {
    with_conn!(c, |x| {
        sqlx::query("INSERT INTO bench_ceiling (v, at) VALUES ($1, $2)")
            .bind(v)
            .bind(at)
            .execute(x)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

/// Marks adopted items as forwarded to their copies above: (item, copy).
pub async fn link_forwards(c: &mut Conn<'_>, pairs: &[(i64, i64)]) -> Result<(), StoreError> {
    for chunk in pairs.chunks(500) {
        with_conn!(c, |x| {
            let mut qb = QueryBuilder::new("UPDATE items SET status = ");
            qb.push_bind(ItemStatus::Forwarded.code())
                .push(", forwarded_item_id = CASE id");
            for (a, b) in chunk {
                qb.push(" WHEN ").push_bind(*a).push(" THEN ").push_bind(*b);
            }
            qb.push(" END WHERE id IN (");
            let mut ids = qb.separated(", ");
            for (a, _) in chunk {
                ids.push_bind(*a);
            }
            qb.push(")");
            qb.build().execute(x).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// Leaders' instructions: (item, leader level, recorded by, at).
pub async fn instructions(
    c: &mut Conn<'_>,
    rows: &[(i64, &str, i64, i64)],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(1000) {
        with_conn!(c, |x| {
            let mut qb = QueryBuilder::new(
                "INSERT INTO instructions (item_id, text, leader_level, leader_name, recorded_by, \
                 created_at) ",
            );
            qb.push_values(chunk, |mut b, r| {
                b.push_bind(r.0)
                    .push_bind("请抓好落实")
                    .push_bind(r.1)
                    .push_bind("领导")
                    .push_bind(r.2)
                    .push_bind(r.3);
            });
            qb.build().execute(x).await.map(|_| ())
        })?;
        let ids: Vec<i64> = chunk.iter().map(|r| r.0).collect();
        crate::dialect::execute_by(
            c,
            "UPDATE items SET instruction_count = instruction_count + 1 WHERE id {ids}",
            &ids,
        )
        .await?;
    }
    Ok(())
}
