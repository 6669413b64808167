//! Writing to and reading from the append-only audit log.

use crate::export::CsvExport;
use crate::{Actor, App, AppError, Result};
use xinbao_domain::audit::AuditAction;
use xinbao_domain::audit_chain::AuditKey;
use xinbao_store::Conn;
use xinbao_store::audit::{self, AuditFilter, AuditRow, NewAudit};
use xinbao_store::audit_chain::{self, ChainStatus};

/// One audit row to write, inside the transaction that makes the change.
pub struct AuditEntry<'a> {
    pub action: AuditAction,
    pub actor_id: Option<i64>,
    pub actor_username: Option<&'a str>,
    pub target: Option<(&'static str, i64)>,
    pub detail: serde_json::Value,
    pub ip: Option<&'a str>,
}

impl<'a> AuditEntry<'a> {
    pub fn by(actor: &'a Actor, action: AuditAction) -> Self {
        AuditEntry {
            action,
            actor_id: (!actor.system).then_some(actor.principal.person_id.0),
            actor_username: Some(&actor.principal.username),
            target: None,
            detail: serde_json::Value::Null,
            ip: actor.ip.as_deref(),
        }
    }

    pub fn target(mut self, kind: &'static str, id: i64) -> Self {
        self.target = Some((kind, id));
        self
    }

    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }

    /// Appends the row in its place in the keyed chain (sealed with `key`, the installation's
    /// audit key: `&self.cfg.audit_key` in a use case).
    pub async fn write(self, c: &mut Conn<'_>, now: i64, key: &AuditKey) -> Result<()> {
        let detail = if self.detail.is_null() {
            String::new()
        } else {
            self.detail.to_string()
        };
        audit::append(
            c,
            key,
            &NewAudit {
                at: now,
                actor_id: self.actor_id,
                actor_username: self.actor_username,
                action: self.action.code(),
                target_kind: self.target.map(|t| t.0),
                target_id: self.target.map(|t| t.1),
                detail,
                ip: self.ip,
            },
        )
        .await?;
        Ok(())
    }
}

impl App {
    /// A page of the audit log, newest first: the top office's audit administrators, who do
    /// not see their own records (三员分立).
    pub async fn audit_log(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<AuditRow>> {
        let org = self.org().await?;
        let whole = actor.system || actor.principal.may_read_audit(&org.tree);
        let within = match actor.principal.audits_subtree() {
            _ if whole => None,
            Some(unit) => Some(unit.0),
            None => return Err(AppError::Forbidden),
        };
        let filter = AuditFilter {
            not_by: (!actor.system).then_some(actor.principal.person_id.0),
            within,
            ..filter.clone()
        };
        let mut r = self.store.read().await?;
        Ok(audit::list(
            &mut r.conn(),
            &filter,
            limit.clamp(1, 10_000),
            offset.max(0),
        )
        .await?)
    }

    /// Records a refused request (403) of a signed-in person: what they tried, and where.
    pub async fn record_denied(&self, actor: &Actor, method: &str, path: &str) -> Result<()> {
        let path: String = path.chars().take(200).collect();
        let mut tx = self.begin().await?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::AccessDenied)
                .detail(serde_json::json!({ "method": method, "path": path })),
        );
        tx.commit().await?;
        Ok(())
    }

    /// The filtered log as CSV (UTF-8 with a byte-order mark, so Excel and WPS read Chinese;
    /// cells a spreadsheet would evaluate are exported as text).
    pub async fn audit_csv(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        locale: &str,
    ) -> Result<Vec<u8>> {
        let rows = self.audit_log(actor, filter, 10_000, 0).await?;
        let mut out = CsvExport::new();
        let head: Vec<String> = ["seq", "at", "actor", "action", "target", "detail", "ip"]
            .iter()
            .map(|k| crate::i18n::tr(locale, &format!("audit.col.{k}")))
            .collect();
        out.row(&head)?;
        for r in rows {
            let target = match (&r.target_kind, r.target_id) {
                (Some(k), Some(id)) => format!("{k}#{id}"),
                _ => String::new(),
            };
            out.row(&[
                r.seq.map(|s| s.to_string()).unwrap_or_default(),
                crate::i18n::local_time(xinbao_domain::Timestamp(r.at)),
                r.actor_username.unwrap_or_default(),
                crate::i18n::tr(locale, &format!("audit.action.{}", r.action)),
                target,
                r.detail,
                r.ip.unwrap_or_default(),
            ])?;
        }
        out.finish()
    }

    /// Whether the audit chain verifies, and its first bad record: the audit administrators'.
    pub async fn audit_chain(&self, actor: &Actor) -> Result<ChainStatus> {
        let org = self.org().await?;
        let auditor = actor.principal.audits_subtree().is_some();
        if !(actor.system || actor.principal.may_read_audit(&org.tree) || auditor) {
            return Err(AppError::Forbidden);
        }
        let mut r = self.store.read().await?;
        Ok(audit_chain::verify(&mut r.conn(), &self.cfg.audit_key).await?)
    }

    /// Whether the configured key is the one that sealed the chain (true while nothing is
    /// sealed): checked at start-up, so a server with another key refuses to extend it.
    pub async fn audit_key_matches(&self) -> Result<bool> {
        let mut r = self.store.read().await?;
        Ok(audit_chain::key_matches(&mut r.conn(), &self.cfg.audit_key).await?)
    }

    /// Seals the audit rows written before the chain existed, in id order (at start-up; the
    /// first append does it otherwise). Returns how many it sealed.
    pub async fn seal_audit_chain(&self) -> Result<i64> {
        let mut tx = self.begin().await?;
        let n = audit_chain::seal_pending(&mut tx.conn(), &self.cfg.audit_key).await?;
        tx.commit().await?;
        Ok(n)
    }
}

/// The chain's state in words: the summary when intact, else the first bad record and why.
pub fn chain_text(locale: &str, s: &ChainStatus) -> String {
    let records = s.records.to_string();
    let Some(b) = &s.first_bad else {
        return crate::i18n::trf(locale, "audit.chain.intact", &[("records", &records)]);
    };
    let expected = b.expected_seq.to_string();
    let why = crate::i18n::trf(
        locale,
        &format!("audit.problem.{}", b.problem),
        &[("expected", &expected)],
    );
    let place = match (b.id, b.seq) {
        (Some(id), Some(seq)) => crate::i18n::trf(
            locale,
            "audit.chain.record",
            &[("id", &id.to_string()), ("seq", &seq.to_string())],
        ),
        (Some(id), None) => crate::i18n::trf(
            locale,
            "audit.chain.record_unsealed",
            &[("id", &id.to_string())],
        ),
        _ => String::new(),
    };
    crate::i18n::trf(
        locale,
        "audit.chain.broken",
        &[("place", &place), ("why", &why), ("records", &records)],
    )
}
