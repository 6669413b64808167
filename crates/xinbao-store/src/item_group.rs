//! New items written as a group (the group-commit writer): one statement per table for all
//! the items of a group, each row coming back from its insert (`RETURNING`). Rows come back in
//! the order given: a statement draws its ids in the order of its `VALUES`, and the rows
//! returned are sorted by id.

use crate::dialect::{BindList, List, id_text_agg, in_list};
use crate::items::{COLUMNS, Content, ItemRow, NewItem};
use crate::{Conn, StoreError, with_conn};
use sqlx::{AssertSqlSafe, QueryBuilder};
use xinbao_domain::Role;
use xinbao_domain::item::ItemStatus;

/// The rows per statement: well under both backends' limit on bound values (24 per item).
pub(crate) const CHUNK: usize = 500;

const INSERT_ITEMS: &str = "INSERT INTO items (unit_id, office_id, author_id, title, body, \
    body_text, item_type, importance, urgency, urgent_rank, sensitivity, topics, authors, \
    contact_phone, status, version, revision, source_item_id, direct_report, submitted_at, \
    created_at, updated_at, signed_off_by, signed_off_at) ";

/// Inserts new items (each with the time it is written); returns their rows as stored, in
/// the order given.
pub async fn insert_items(
    c: &mut Conn<'_>,
    rows: &[(&NewItem, i64)],
) -> Result<Vec<ItemRow>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let mut got: Vec<ItemRow> = with_conn!(c, |x| {
            let mut qb = QueryBuilder::new(INSERT_ITEMS);
            qb.push_values(chunk, |mut b, (n, now)| {
                let k = &n.content;
                b.push_bind(n.unit_id)
                    .push_bind(n.office_id)
                    .push_bind(n.author_id)
                    .push_bind(k.title.clone())
                    .push_bind(k.body.clone())
                    .push_bind(k.body_text.clone())
                    .push_bind(k.item_type.code())
                    .push_bind(k.importance.code())
                    .push_bind(k.urgency.code())
                    .push_bind(k.urgent_rank)
                    .push_bind(k.sensitivity.code())
                    .push_bind(k.topics.clone())
                    .push_bind(k.authors.clone())
                    .push_bind(k.contact_phone.clone())
                    .push_bind(n.status.code())
                    .push_bind(1_i64)
                    .push_bind(1_i64)
                    .push_bind(n.source_item_id)
                    .push_bind(n.direct_report)
                    .push_bind(n.submitted_at)
                    .push_bind(*now)
                    .push_bind(*now)
                    .push_bind(n.signed_off_by)
                    .push_bind(n.signed_off_by.map(|_| *now));
            });
            qb.push(" RETURNING ").push(COLUMNS);
            qb.build_query_as().fetch_all(x).await
        })?;
        got.sort_by_key(|r: &ItemRow| r.id);
        out.append(&mut got);
    }
    Ok(out)
}

/// The first revision of new items: (item, content, author, time).
pub async fn add_first_revisions(
    c: &mut Conn<'_>,
    rows: &[(i64, &Content, i64, i64)],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(CHUNK) {
        with_conn!(c, |x| {
            let mut qb = QueryBuilder::new(
                "INSERT INTO item_revisions (item_id, rev_no, title, body, body_text, author_id, at) ",
            );
            qb.push_values(chunk, |mut b, (item, k, author, at)| {
                b.push_bind(*item)
                    .push_bind(1_i64)
                    .push_bind(k.title.clone())
                    .push_bind(k.body.clone())
                    .push_bind(k.body_text.clone())
                    .push_bind(*author)
                    .push_bind(*at);
            });
            qb.build().execute(x).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// One step of an item's history to record.
#[derive(Debug, Clone)]
pub struct NewStep {
    pub item: i64,
    pub at: i64,
    pub actor: i64,
    pub action: &'static str,
    pub from: Option<ItemStatus>,
    pub to: ItemStatus,
}

/// Records steps (no comment); returns their ids, in the order given.
pub async fn add_steps(c: &mut Conn<'_>, rows: &[NewStep]) -> Result<Vec<i64>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let mut got: Vec<i64> = with_conn!(c, |x| {
            let mut qb = QueryBuilder::new(
                "INSERT INTO item_events (item_id, at, actor_id, action, from_status, to_status, comment) ",
            );
            qb.push_values(chunk, |mut b, s| {
                b.push_bind(s.item)
                    .push_bind(s.at)
                    .push_bind(s.actor)
                    .push_bind(s.action)
                    .push_bind(s.from.map(ItemStatus::code))
                    .push_bind(s.to.code())
                    .push_bind("");
            });
            qb.push(" RETURNING id");
            qb.build_query_scalar().fetch_all(x).await
        })?;
        got.sort_unstable();
        out.append(&mut got);
    }
    Ok(out)
}

/// What a new item needs read before it is written (its reply and its notices are built from
/// it), read in one round trip.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BeforeWrite {
    /// The unit's sign-off rule (general, important, critical), when it has one.
    pub signoff_rule: Option<(String, String, String)>,
    pub author_name: String,
    /// Does the office keep a scoring scheme (so the new item is scored as it is written)?
    pub office_scored: bool,
    /// Active people holding, at the unit, one of the roles asked for as `signers`.
    pub unit_signers: Vec<i64>,
    /// Active people holding, at the office, one of the roles asked for as `receivers`.
    pub office_receivers: Vec<i64>,
}

type BeforeRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    bool,
    Option<String>,
    Option<String>,
);

/// Reads [`BeforeWrite`] for an item of `unit` reporting to `office`, written by `author`.
pub async fn before_write(
    c: &mut Conn<'_>,
    unit: i64,
    office: Option<i64>,
    author: i64,
    signers: &[Role],
    receivers: &[Role],
) -> Result<BeforeWrite, StoreError> {
    let holders = |at: &str, n: usize| {
        format!(
            "(SELECT {} FROM role_grants g JOIN people p ON p.id = g.person_id \
             WHERE g.unit_id = {at} AND g.active AND p.active AND g.role {})",
            id_text_agg(c, "g.person_id"),
            in_list(c, n)
        )
    };
    let sql = format!(
        "SELECT r.general, r.important, r.critical, \
         COALESCE((SELECT name FROM people WHERE id = $3), '') AS author_name, \
         EXISTS (SELECT 1 FROM scoring_schemes WHERE office_id = $2) AS office_scored, \
         {} AS unit_signers, {} AS office_receivers \
         FROM (SELECT 1 AS one) AS d LEFT JOIN signoff_rules r ON r.unit_id = $1",
        holders("$1", 4),
        holders("$2", 5)
    );
    let codes = |roles: &[Role]| roles.iter().map(|r| r.code()).collect::<Vec<&str>>();
    let (signers, receivers) = (codes(signers), codes(receivers));
    let row: BeforeRow = with_conn!(c, |x| sqlx::query_as(AssertSqlSafe(sql))
        .bind(unit)
        .bind(office)
        .bind(author)
        .bind_list(List::Texts(&signers))
        .bind_list(List::Texts(&receivers))
        .fetch_one(x)
        .await)?;
    let (general, important, critical, author_name, office_scored, on_unit, on_office) = row;
    Ok(BeforeWrite {
        signoff_rule: general
            .zip(important)
            .zip(critical)
            .map(|((g, i), k)| (g, i, k)),
        author_name,
        office_scored,
        unit_signers: ids_of(on_unit.as_deref()),
        office_receivers: ids_of(on_office.as_deref()),
    })
}

/// Ids from an aggregated text of comma-separated ids: sorted, each once.
fn ids_of(text: Option<&str>) -> Vec<i64> {
    let mut ids: Vec<i64> = text
        .unwrap_or("")
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}
