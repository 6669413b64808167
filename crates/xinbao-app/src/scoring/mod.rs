//! Scoring (DOMAIN.md §6) as use cases: schemes read from and written to the documented TOML
//! file (docs/scoring.md), validated against the installation's periodicals and kept per office
//! in every version; the shipped example schemes.

mod assessment;
mod bulletin;
mod file;
mod graph;
pub(crate) mod materialise;
mod penalties;
mod progress;
mod recompute;
mod reminders;
mod scores;
pub(crate) mod targets;
mod versions;
mod weekly;

pub use assessment::{Assessment, Candidate, assessment_xlsx};
pub use file::{SHIPPED, export_scheme, parse_scheme, with_effective_from};
pub use penalties::PenaltyInput;
pub use progress::{OfficeStats, Progress};
pub use scores::{EntryView, UnitScore};
pub use targets::StructureView;
pub use weekly::week_start;

use crate::{Actor, App, AppError, Result};
use chrono::Datelike;
use serde::Serialize;
use xinbao_domain::Timestamp;
use xinbao_domain::scope;
use xinbao_domain::scoring::validate;
use xinbao_store::scoring::{self, SchemeRow};

/// An office's scheme: the version in force today (if any) and every version saved.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SchemeView {
    pub office_id: i64,
    pub current: Option<SchemeRow>,
    pub versions: Vec<VersionLine>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VersionLine {
    pub id: i64,
    pub name: String,
    pub effective_from: String,
    pub created_at: i64,
}

impl App {
    /// The office a scoring request is about: the one given, or the caller's first office.
    async fn scoring_office(&self, actor: &Actor, office: Option<i64>) -> Result<i64> {
        let org = self.org().await?;
        let o = match office {
            Some(o) => o,
            None => actor
                .principal
                .grants
                .iter()
                .map(|g| g.unit_id.0)
                .find(|u| org.is_office(*u))
                .ok_or(AppError::NotFound)?,
        };
        if !org.is_office(o) {
            return Err(AppError::NotFound);
        }
        Ok(o)
    }

    /// The office whose reports (bulletins, lists, the assessment) the caller asks for: its
    /// editors, signers, leaders and administrators may read them.
    async fn report_office(&self, actor: &Actor, office: Option<i64>) -> Result<i64> {
        let office = self.scoring_office(actor, office).await?;
        let tree = &self.org().await?.tree;
        if actor.system || scope::reads_reports_at(&actor.principal, tree, office) {
            Ok(office)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The day (Beijing) as `YYYY-MM-DD`, and the first day of its quarter.
    fn today_and_quarter(&self) -> (String, String) {
        let d = Timestamp(self.now().0)
            .to_datetime()
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .date_naive();
        let q = (d.month0() / 3) * 3 + 1;
        (
            d.format("%Y-%m-%d").to_string(),
            format!("{}-{:02}-01", d.year(), q),
        )
    }

    /// An office's scheme (any signed-in person may read the rules they are scored by).
    pub async fn scheme(&self, actor: &Actor, office: Option<i64>) -> Result<SchemeView> {
        let office = self.scoring_office(actor, office).await?;
        let mut r = self.store.read().await?;
        let versions = scoring::versions(&mut r.conn(), office).await?;
        let (today, _) = self.today_and_quarter();
        let current = versions
            .iter()
            .rev()
            .find(|v| v.effective_from <= today)
            .cloned();
        Ok(SchemeView {
            office_id: office,
            current,
            versions: versions
                .iter()
                .map(|v| VersionLine {
                    id: v.id,
                    name: v.name.clone(),
                    effective_from: v.effective_from.clone(),
                    created_at: v.created_at,
                })
                .collect(),
        })
    }

    /// Saves a new version of an office's scheme from its file (the office's administrators).
    /// It may not take effect before the current quarter: closed periods keep their scores.
    pub async fn save_scheme(
        &self,
        actor: &Actor,
        office: Option<i64>,
        text: &str,
    ) -> Result<SchemeView> {
        let office = self.scoring_office(actor, office).await?;
        let org = self.org().await?;
        if !(actor.system || scope::sets_scheme_at(&actor.principal, &org.tree, office)) {
            return Err(AppError::Forbidden);
        }
        if text.len() > 200_000 {
            return Err(AppError::invalid("scheme", "length"));
        }
        let scheme = parse_scheme(text)?;
        let mut w = self.begin().await?;
        let names = scoring::periodical_names(&mut w.conn()).await?;
        validate(&scheme, Some(&names)).map_err(AppError::Scheme)?;
        let (_, quarter) = self.today_and_quarter();
        let effective = scheme.effective_from.trim().to_string();
        if effective < quarter {
            return Err(AppError::invalid("effective_from", "closed_period"));
        }
        // The file is kept as written, comments and all: it parsed and validated.
        let body = text.to_string();
        let now = self.now().0;
        let me = actor.principal.person_id.0;
        scoring::insert(
            &mut w.conn(),
            office,
            &scheme.name,
            &effective,
            &body,
            me,
            now,
        )
        .await?;
        // Entries follow the versions: the office's items are scored again (a version only
        // changes facts from its date on, which no closed period holds).
        w.scored_under(&org).touched_scheme(office);
        w.audit(
            crate::AuditEntry::by(actor, xinbao_domain::audit::AuditAction::UnitUpdated)
                .target("unit", office)
                .detail(
                    serde_json::json!({ "scoring_scheme": scheme.name, "effective_from": effective }),
                ),
        );
        w.commit().await?;
        self.scheme(actor, Some(office)).await
    }

    /// Writes a scheme version as given, from any day (even before the current quarter), and
    /// scores the office's items under it. Not audited and not for people: demo data that
    /// starts its year on the first of January.
    pub async fn seed_scheme(&self, by: &Actor, office: i64, text: &str) -> Result<()> {
        let scheme = parse_scheme(text)?;
        validate(&scheme, None).map_err(AppError::Scheme)?;
        let org = self.org().await?;
        let mut w = self.begin().await?;
        let me = by.principal.person_id.0;
        let (name, from) = (&scheme.name, &scheme.effective_from);
        scoring::insert(&mut w.conn(), office, name, from, text, me, self.now().0).await?;
        w.scored_under(&org).touched_scheme(office);
        w.commit().await?;
        Ok(())
    }

    /// Loads a shipped example (`seed001`, `liuan`, `guangdong`, `changshan`), taking effect
    /// from the start of the current quarter.
    pub async fn load_shipped_scheme(
        &self,
        actor: &Actor,
        office: Option<i64>,
        key: &str,
    ) -> Result<SchemeView> {
        let (_, text) = SHIPPED
            .iter()
            .find(|(k, _)| *k == key)
            .ok_or(AppError::NotFound)?;
        let text = file::with_effective_from(text, &self.today_and_quarter().1);
        self.save_scheme(actor, office, &text).await
    }
}
