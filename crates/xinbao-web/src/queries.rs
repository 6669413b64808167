//! Query strings shared by the API and the pages: the filters of the inbox, the audit log and
//! the ledger, parsed into what the use cases take.

use crate::failure::Failure;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use xinbao_app::events::time::parse_time;
use xinbao_domain::Coded;
use xinbao_domain::item::ItemStatus;
use xinbao_store::audit::AuditFilter;
use xinbao_store::inbox::Filter;

/// Filters as typed in the form; dates are local (Asia/Shanghai) `YYYY-MM-DD`.
#[derive(Deserialize, Default, Clone, IntoParams)]
pub struct AuditQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub page: Option<i64>,
}

impl AuditQuery {
    pub fn filter(&self) -> Result<AuditFilter, Failure> {
        let day = |s: &str, field: &'static str, next: bool| -> Result<Option<i64>, Failure> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            xinbao_app::i18n::local_day_start(s.trim(), next)
                .map(Some)
                .ok_or(Failure::invalid(field, "date"))
        };
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        Ok(AuditFilter {
            from: day(&self.from, "from", false)?,
            to: day(&self.to, "to", true)?,
            action: text(&self.action),
            actor: text(&self.actor),
            not_by: None,
            within: None,
        })
    }

    pub fn query_string(&self) -> String {
        serde_urlencoded::to_string([
            ("from", &self.from),
            ("to", &self.to),
            ("action", &self.action),
            ("actor", &self.actor),
        ])
        .unwrap_or_default()
    }
}

#[derive(Deserialize, Default, IntoParams)]
pub struct InboxQuery {
    /// Comma-separated states, e.g. `submitted,received`.
    #[serde(default)]
    pub status: String,
    pub unit_id: Option<i64>,
    pub unit_kind: Option<String>,
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    pub urgency: Option<String>,
    pub topic: Option<String>,
    /// Local dates `YYYY-MM-DD` on the submission time.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Words in the title.
    pub q: Option<String>,
    /// `newest` (default), `oldest`, `updated`, `title`.
    pub sort: Option<String>,
    pub office_id: Option<i64>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    /// Page number (pages of the web inbox).
    pub page: Option<i64>,
}

impl InboxQuery {
    /// The filter as a query string (for pager links).
    pub fn query_string(&self) -> String {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        serde_urlencoded::to_string([
            ("status", self.status.clone()),
            ("unit_kind", o(&self.unit_kind)),
            ("type", o(&self.item_type)),
            ("urgency", o(&self.urgency)),
            ("topic", o(&self.topic)),
            ("from", o(&self.from)),
            ("to", o(&self.to)),
            ("q", o(&self.q)),
            ("sort", o(&self.sort)),
        ])
        .unwrap_or_default()
    }

    pub fn filter(&self) -> Result<Filter, Failure> {
        let text = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let day = |s: &Option<String>, f: &'static str, next| match text(s) {
            None => Ok(None),
            Some(d) => xinbao_app::i18n::local_day_start(&d, next)
                .map(Some)
                .ok_or(Failure::invalid(f, "date")),
        };
        Ok(Filter {
            statuses: self
                .status
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| ItemStatus::from_code(s).ok_or(Failure::invalid("status", "unknown")))
                .collect::<Result<_, _>>()?,
            unit_id: self.unit_id,
            unit_kind: coded(text(&self.unit_kind), "kind")?,
            item_type: coded(text(&self.item_type), "item_type")?,
            urgency: coded(text(&self.urgency), "urgency")?,
            topic: text(&self.topic),
            from: day(&self.from, "from", false)?,
            to: day(&self.to, "to", true)?,
            q: text(&self.q),
            sort: self.sort.clone().unwrap_or_default(),
        })
    }
}

#[derive(Deserialize, Default, ToSchema, IntoParams)]
pub struct LedgerQuery {
    /// Start (a date `YYYY-MM-DD` in Beijing, RFC 3339 or milliseconds); default 30 days ago.
    pub from: Option<String>,
    /// End, exclusive (a date means the end of that day); default now.
    pub to: Option<String>,
}

/// The range a ledger query names: a bare date `to` includes that whole day.
pub fn ledger_range(q: &LedgerQuery, now: i64) -> Result<(i64, i64), Failure> {
    let parse =
        |v: &Option<String>, field: &'static str, end: bool| -> Result<Option<i64>, Failure> {
            match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) if end && s.len() == 10 => xinbao_app::i18n::local_day_start(s, true)
                    .map(Some)
                    .ok_or(Failure::invalid(field, "time_format")),
                Some(s) => parse_time(s)
                    .map(Some)
                    .ok_or(Failure::invalid(field, "time_format")),
            }
        };
    let to = parse(&q.to, "to", true)?.unwrap_or(now + 1);
    let from = parse(&q.from, "from", false)?.unwrap_or(to - 30 * 24 * 3600 * 1000);
    Ok((from, to))
}

/// A filter's code read as its domain value; an unknown one is refused, naming the field.
fn coded<T: Coded>(code: Option<String>, field: &'static str) -> Result<Option<T>, Failure> {
    code.map(|c| T::of_code(&c).ok_or(Failure::invalid(field, "unknown")))
        .transpose()
}
