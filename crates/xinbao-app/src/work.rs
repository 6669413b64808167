//! The unit of work: every change a use case makes goes through one. The use case opens it
//! (`App::begin`, the write transaction), runs its statements on `conn()` and records what it
//! touched; `commit` then does what follows from that, so no use case does it by hand:
//!
//! - inside the transaction, before COMMIT: the score entries of every touched item (and of
//!   every root whose chain holds one), of every office whose scheme or level changed, and
//!   then the audit rows, last, since each takes the chain's head until commit (see
//!   `audit_chain`);
//! - after COMMIT: this instance's cached inbox counts of the touched offices, its cached
//!   organisation when units or people changed, its resolved sessions when people, roles or
//!   sessions changed, and the worker, when something new may be
//!   due (deadlines, deliveries in the outbox).
//!
//! Dropped without `commit`, nothing is written and nothing follows.

use crate::org::OrgSnapshot;
use crate::scoring::materialise;
use crate::{App, AuditEntry, Result};
use std::sync::Arc;
use xinbao_store::{Conn, Write};

/// An open write transaction and what it touched. See the module documentation.
#[must_use = "a unit of work writes nothing unless committed"]
pub struct Work<'a> {
    app: &'a App,
    tx: Write,
    /// The organisation items are scored under (loaded on commit when none was given).
    org: Option<Arc<OrgSnapshot>>,
    items: Vec<i64>,
    /// Offices whose level changed, with the organisation giving the new level.
    through: Vec<(i64, Arc<OrgSnapshot>)>,
    schemes: Vec<i64>,
    offices: Vec<i64>,
    org_changed: bool,
    sessions_changed: bool,
    audits: Vec<(AuditEntry<'a>, i64)>,
    wake: bool,
}

impl App {
    /// Opens a unit of work: the write transaction of one use case.
    pub async fn begin(&self) -> Result<Work<'_>> {
        Ok(Work {
            app: self,
            tx: self.store.write().await?,
            org: None,
            items: Vec::new(),
            through: Vec::new(),
            schemes: Vec::new(),
            offices: Vec::new(),
            org_changed: false,
            sessions_changed: false,
            audits: Vec::new(),
            wake: false,
        })
    }
}

impl<'a> Work<'a> {
    /// The transaction's connection, for statements.
    pub fn conn(&mut self) -> Conn<'_> {
        self.tx.conn()
    }

    /// The organisation the use case read: touched items are scored under it.
    pub fn scored_under(&mut self, org: &Arc<OrgSnapshot>) -> &mut Self {
        self.org = Some(org.clone());
        self
    }

    /// An item changed (its state, type, way up or instructions): the entries of every root
    /// whose chain holds it are written again before commit.
    pub fn touched_item(&mut self, id: i64) -> &mut Self {
        if !self.items.contains(&id) {
            self.items.push(id);
        }
        self
    }

    /// An office's items changed: its cached inbox counts are forgotten after commit.
    pub fn touched_office(&mut self, office: Option<i64>) -> &mut Self {
        if let Some(o) = office
            && !self.offices.contains(&o)
        {
            self.offices.push(o);
        }
        self
    }

    /// An office's scheme changed: its entries are written again before commit.
    pub fn touched_scheme(&mut self, office: i64) -> &mut Self {
        self.schemes.push(office);
        self
    }

    /// An office's level changed (`org` gives the new one): every root whose chain has a
    /// step at it is scored again before commit.
    pub fn touched_level(&mut self, office: i64, org: OrgSnapshot) -> &mut Self {
        self.through.push((office, Arc::new(org)));
        self
    }

    /// Units, people or their roles changed: the cached organisation is dropped after commit.
    pub fn touched_org(&mut self) -> &mut Self {
        self.org_changed = true;
        self
    }

    /// People, roles, passwords, sessions or tokens changed: the sessions and tokens this
    /// instance resolved in the last second are dropped after commit.
    pub fn touched_sessions(&mut self) -> &mut Self {
        self.sessions_changed = true;
        self
    }

    /// An audit row, written in its place in the chain just before commit.
    pub fn audit(&mut self, entry: AuditEntry<'a>) -> &mut Self {
        let now = self.app.now().0;
        self.audits.push((entry, now));
        self
    }

    /// Something new may be due (a deadline, a delivery in the outbox): the worker is woken
    /// after commit.
    pub fn wake_outbox(&mut self) -> &mut Self {
        self.wake = true;
        self
    }

    /// Scores what was touched, writes the audit rows, commits, then clears the caches and
    /// wakes the worker.
    pub async fn commit(mut self) -> Result<()> {
        let app = self.app;
        if !self.items.is_empty() || !self.schemes.is_empty() {
            let org = match self.org.take() {
                Some(o) => o,
                None => app.org_on(&mut self.tx.conn()).await?,
            };
            for id in &self.items {
                materialise::rescore(&mut self.tx.conn(), &org, *id).await?;
            }
            for office in &self.schemes {
                materialise::rescore_office(&mut self.tx.conn(), &org, *office).await?;
            }
        }
        for (office, org) in &self.through {
            materialise::rescore_through(&mut self.tx.conn(), org, *office).await?;
        }
        for (entry, at) in self.audits {
            entry
                .write(&mut self.tx.conn(), at, &app.cfg.audit_key)
                .await?;
        }
        self.tx.commit().await?;
        for office in &self.offices {
            app.forget_counts(Some(*office));
        }
        if self.org_changed {
            app.forget_org();
        }
        if self.sessions_changed {
            app.sessions.forget();
        }
        if self.wake {
            app.wake_scheduler();
        }
        Ok(())
    }
}
