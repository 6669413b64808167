//! Group commit for new items on SQLite (one writer): submissions arriving together are
//! written in one durable transaction (one fsync for many), and each caller is answered only
//! after that commit.
//! A batch that fails is retried one submission at a time, so one bad job fails alone.

use crate::{AppError, Result};
use tokio::sync::{mpsc, oneshot};
use xinbao_domain::item::ItemStatus;
use xinbao_store::items::{self, Content, NewItem};
use xinbao_store::{Conn, Store, StoreError, notifications};

/// Everything a new item needs written, checked and read beforehand.
pub(crate) struct NewItemJob {
    pub new: NewItem,
    pub content: Content,
    pub author: i64,
    pub now: i64,
    /// People to notify, and of what.
    pub notify: (Vec<i64>, &'static str),
    /// Set when the office scores what it receives: the new item's entries are written in
    /// its transaction.
    pub score: Option<std::sync::Arc<crate::org::OrgSnapshot>>,
}

type Job = (NewItemJob, oneshot::Sender<Result<i64>>);

/// The largest number of submissions written in one transaction.
const MAX_BATCH: usize = 128;

#[derive(Clone)]
pub(crate) struct Batcher {
    tx: mpsc::Sender<Job>,
}

impl Batcher {
    pub fn start(store: Store) -> Batcher {
        let (tx, mut rx) = mpsc::channel::<Job>(4096);
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut jobs = vec![first];
                while jobs.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(j) => jobs.push(j),
                        Err(_) => break,
                    }
                }
                run(&store, jobs).await;
            }
        });
        Batcher { tx }
    }

    /// Writes a new item; returns its id once it is durable.
    pub async fn write(&self, job: NewItemJob) -> Result<i64> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((job, reply))
            .await
            .map_err(|_| AppError::Internal("item writer stopped".into()))?;
        answer
            .await
            .map_err(|_| AppError::Internal("item writer stopped".into()))?
    }
}

/// Writes one new item in its own transaction (PostgreSQL commits concurrent transactions
/// together by itself, so there each request writes directly).
pub(crate) async fn write_single(store: &Store, job: NewItemJob) -> Result<i64> {
    Ok(write_all(store, &[&job]).await?[0])
}

async fn write_one(c: &mut Conn<'_>, j: &NewItemJob) -> std::result::Result<i64, StoreError> {
    let id = items::insert(c, &j.new, j.now).await?;
    items::add_revision(c, id, 1, &j.content, j.author, j.now).await?;
    items::add_event(
        c,
        id,
        Some(j.author),
        "create",
        None,
        Some(ItemStatus::Draft.code()),
        "",
        j.now,
    )
    .await?;
    if j.new.status != ItemStatus::Draft {
        items::add_event(
            c,
            id,
            Some(j.author),
            "submit",
            Some(ItemStatus::Draft.code()),
            Some(j.new.status.code()),
            "",
            j.now,
        )
        .await?;
        let args = serde_json::json!({ "title": j.content.title }).to_string();
        for person in j.notify.0.iter().filter(|p| **p != j.author) {
            notifications::add(c, *person, Some(id), j.notify.1, &args, j.now).await?;
        }
        if let Some(org) = &j.score {
            crate::scoring::materialise::rescore(c, org, id)
                .await
                .map_err(|e| match e {
                    AppError::Store(s) => s,
                    other => StoreError::Other(other.to_string()),
                })?;
        }
    }
    Ok(id)
}

async fn write_all(
    store: &Store,
    jobs: &[&NewItemJob],
) -> std::result::Result<Vec<i64>, StoreError> {
    let mut tx = store.write().await?;
    let mut ids = Vec::with_capacity(jobs.len());
    for j in jobs {
        ids.push(write_one(&mut tx.conn(), j).await?);
    }
    tx.commit().await?;
    Ok(ids)
}

async fn run(store: &Store, jobs: Vec<Job>) {
    let refs: Vec<&NewItemJob> = jobs.iter().map(|(j, _)| j).collect();
    match write_all(store, &refs).await {
        Ok(ids) => {
            for ((_, reply), id) in jobs.into_iter().zip(ids) {
                let _ = reply.send(Ok(id));
            }
        }
        Err(_) if jobs.len() > 1 => {
            for (job, reply) in jobs {
                let _ = reply.send(
                    write_all(store, &[&job])
                        .await
                        .map(|ids| ids[0])
                        .map_err(AppError::from),
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
