//! Group commit for new items: submissions arriving together are written in one durable
//! transaction (one commit, one WAL flush for many), and each caller is answered only after
//! that commit, with the rows as written (nothing is read back to build the reply).
//! SQLite has one group writer; PostgreSQL a few (`dialect::group_writers`), so one group's
//! round trips overlap the next group's.
//! A batch that fails is retried one submission at a time, so one bad job fails alone.

use crate::{AppError, Result};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};
use xinbao_domain::item::ItemStatus;
use xinbao_domain::notice::NoticeKind;
use xinbao_store::item_group::{self, NewStep};
use xinbao_store::items::{Content, EventRow, ItemRow, NewItem};
use xinbao_store::{Conn, Store, StoreError, notifications};

/// Everything a new item needs written, checked and read beforehand.
pub(crate) struct NewItemJob {
    pub new: NewItem,
    pub content: Content,
    pub author: i64,
    /// The author's name, for the events in the reply.
    pub author_name: String,
    pub now: i64,
    /// People to notify, and of what.
    pub notify: (Vec<i64>, NoticeKind),
    /// Set when the office scores what it receives: the new item's entries are written in
    /// its transaction.
    pub score: Option<std::sync::Arc<crate::org::OrgSnapshot>>,
}

/// A new item as written: its row and its events.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub item: ItemRow,
    pub history: Vec<EventRow>,
}

type Job = (NewItemJob, oneshot::Sender<Result<Written>>);

/// Forgets the cached inbox counts of offices whose items a committed group changed.
pub(crate) type ForgetCounts = Arc<dyn Fn(&[i64]) + Send + Sync>;

/// The largest number of submissions written in one transaction.
const MAX_BATCH: usize = 128;

/// How many just-written items' replies are kept until taken.
const FRESH_KEPT: usize = 1024;

#[derive(Clone)]
pub(crate) struct Batcher {
    tx: mpsc::Sender<Job>,
    /// Just-written items' replies, by item id, until the reply takes them.
    fresh: Arc<Mutex<VecDeque<(i64, Fresh)>>>,
}

/// What the reply to a new item needs besides its row, known when it was written.
pub(crate) struct Fresh {
    pub history: Vec<EventRow>,
    pub rules: super::access::Rules,
    pub author_name: String,
}

impl Batcher {
    pub fn start(store: Store, forget: ForgetCounts) -> Batcher {
        let (tx, rx) = mpsc::channel::<Job>(4096);
        let rx = Arc::new(tokio::sync::Mutex::new(rx));
        for _ in 0..xinbao_store::dialect::group_writers(&store) {
            let (store, rx, forget) = (store.clone(), rx.clone(), forget.clone());
            tokio::spawn(async move {
                loop {
                    // One writer gathers a group while the others write theirs.
                    let jobs = {
                        let mut rx = rx.lock().await;
                        let Some(first) = rx.recv().await else {
                            break;
                        };
                        let mut jobs = vec![first];
                        while jobs.len() < MAX_BATCH {
                            match rx.try_recv() {
                                Ok(j) => jobs.push(j),
                                Err(_) => break,
                            }
                        }
                        jobs
                    };
                    run(&store, jobs, forget.as_ref()).await;
                }
            });
        }
        Batcher {
            tx,
            fresh: Default::default(),
        }
    }

    /// Writes a new item; returns it as written once it is durable.
    pub async fn write(&self, job: NewItemJob) -> Result<Written> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((job, reply))
            .await
            .map_err(|_| AppError::Internal("item writer stopped".into()))?;
        answer
            .await
            .map_err(|_| AppError::Internal("item writer stopped".into()))?
    }

    /// Keeps what the reply to a just-written item needs (the oldest go past a bound).
    pub fn keep_fresh(&self, item: i64, f: Fresh) {
        if let Ok(mut fresh) = self.fresh.lock() {
            if fresh.len() >= FRESH_KEPT {
                fresh.pop_front();
            }
            fresh.push_back((item, f));
        }
    }

    /// What [`Batcher::keep_fresh`] kept for an item, once.
    pub fn take_fresh(&self, item: i64) -> Option<Fresh> {
        let mut fresh = self.fresh.lock().ok()?;
        let at = fresh.iter().rposition(|(id, _)| *id == item)?;
        fresh.remove(at).map(|(_, f)| f)
    }
}

/// Writes a group of new items: one statement per table for the whole group (rows, first
/// revisions, history, notifications), then each scored item's entries.
async fn write_group(
    c: &mut Conn<'_>,
    jobs: &[&NewItemJob],
) -> std::result::Result<Vec<Written>, StoreError> {
    let news: Vec<(&NewItem, i64)> = jobs.iter().map(|j| (&j.new, j.now)).collect();
    let rows = item_group::insert_items(c, &news).await?;
    let revisions: Vec<_> = jobs
        .iter()
        .zip(&rows)
        .map(|(j, r)| (r.id, &j.content, j.author, j.now))
        .collect();
    item_group::add_first_revisions(c, &revisions).await?;
    let steps: Vec<NewStep> = jobs
        .iter()
        .zip(&rows)
        .flat_map(|(j, r)| steps_of(j, r.id))
        .collect();
    let ids = item_group::add_steps(c, &steps).await?;
    if rows.len() != jobs.len() || ids.len() != steps.len() {
        return Err(StoreError::Other(
            "a group insert returned a different number of rows".into(),
        ));
    }
    let mut ids = ids.into_iter();
    let args: Vec<String> = jobs
        .iter()
        .map(|j| serde_json::json!({ "title": j.content.title }).to_string())
        .collect();
    let mut notices = Vec::new();
    for ((j, r), a) in jobs.iter().zip(&rows).zip(&args) {
        if j.new.status != ItemStatus::Draft {
            for person in j.notify.0.iter().filter(|p| **p != j.author) {
                notices.push((*person, r.id, j.notify.1, a.as_str(), j.now));
            }
        }
    }
    notifications::add_many(c, &notices).await?;
    let mut out = Vec::with_capacity(jobs.len());
    for (j, item) in jobs.iter().zip(rows) {
        if let (Some(org), true) = (&j.score, j.new.status != ItemStatus::Draft) {
            crate::scoring::materialise::rescore(c, org, item.id)
                .await
                .map_err(|e| match e {
                    AppError::Store(s) => s,
                    other => StoreError::Other(other.to_string()),
                })?;
        }
        let history = steps_of(j, item.id)
            .into_iter()
            .map(|s| history_row(j, &s, ids.next().unwrap_or_default()))
            .collect();
        out.push(Written { item, history });
    }
    Ok(out)
}

/// A new item's first steps: created as a draft, and submitted when it is sent at once.
fn steps_of(j: &NewItemJob, item: i64) -> Vec<NewStep> {
    let step = |action, from, to| NewStep {
        item,
        at: j.now,
        actor: j.author,
        action,
        from,
        to,
    };
    let mut steps = vec![step("create", None, ItemStatus::Draft)];
    if j.new.status != ItemStatus::Draft {
        steps.push(step("submit", Some(ItemStatus::Draft), j.new.status));
    }
    steps
}

fn history_row(j: &NewItemJob, s: &NewStep, id: i64) -> EventRow {
    EventRow {
        id,
        item_id: s.item,
        at: s.at,
        actor_id: Some(s.actor),
        actor_name: Some(j.author_name.clone()),
        action: s.action.into(),
        from_status: s.from.into(),
        to_status: Some(s.to).into(),
        comment: String::new(),
    }
}

/// Writes and commits a group; then forgets the counts of the offices it wrote to.
async fn write_all(
    store: &Store,
    jobs: &[&NewItemJob],
    forget: &(dyn Fn(&[i64]) + Send + Sync),
) -> std::result::Result<Vec<Written>, StoreError> {
    let mut tx = store.write().await?;
    let out = write_group(&mut tx.conn(), jobs).await?;
    tx.commit().await?;
    let mut offices: Vec<i64> = jobs.iter().filter_map(|j| j.new.office_id).collect();
    offices.sort_unstable();
    offices.dedup();
    forget(&offices);
    Ok(out)
}

async fn run(store: &Store, jobs: Vec<Job>, forget: &(dyn Fn(&[i64]) + Send + Sync)) {
    let refs: Vec<&NewItemJob> = jobs.iter().map(|(j, _)| j).collect();
    match write_all(store, &refs, forget).await {
        Ok(written) => {
            for ((_, reply), w) in jobs.into_iter().zip(written) {
                let _ = reply.send(Ok(w));
            }
        }
        Err(_) if jobs.len() > 1 => {
            for (job, reply) in jobs {
                let _ = reply.send(
                    write_all(store, &[&job], forget)
                        .await
                        .map_err(AppError::from)
                        .and_then(|mut w| {
                            w.pop()
                                .ok_or_else(|| AppError::Internal("nothing written".into()))
                        }),
                );
            }
        }
        Err(e) => {
            for (_, reply) in jobs {
                let _ = reply.send(Err(AppError::Store(clone_error(&e))));
            }
        }
    }
}

fn clone_error(e: &StoreError) -> StoreError {
    match e {
        StoreError::Unavailable(m) => StoreError::Unavailable(m.clone()),
        StoreError::Duplicate(m) => StoreError::Duplicate(m.clone()),
        StoreError::Reference(m) => StoreError::Reference(m.clone()),
        other => StoreError::Other(other.to_string()),
    }
}
