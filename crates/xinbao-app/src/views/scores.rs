//! The points page: which office's points a person sees, whether they see every unit or
//! their own, and whether they may enter penalties there.

use crate::scoring::{OfficeStats, UnitScore};
use crate::{Actor, App, Result};
use xinbao_domain::UnitId;
use xinbao_domain::scope::{corrects_points_at, own_scoring_office, reads_reports_at};

/// The points of `[from, to)` as the page shows them to one person.
pub struct ScoresView {
    /// The office whose points are shown.
    pub office: Option<i64>,
    /// The person's own unit, when they see only its points.
    pub unit: Option<i64>,
    pub scores: Vec<UnitScore>,
    /// The office's months and types, when every unit is shown.
    pub stats: Option<OfficeStats>,
    /// The person may export the office's bulletins and lists.
    pub may_export: bool,
    /// The person may enter penalties and corrections.
    pub may_correct: bool,
    /// The units scored under the office, by id, for the penalty form (editors only).
    pub units: Vec<(i64, String)>,
}

impl App {
    /// An office's people see its units ranked (the office asked for, else their own); a
    /// unit's people see their own points under the office it reports to. An office's own
    /// information officer is scored as a unit under the office above.
    pub async fn scores_view(
        &self,
        actor: &Actor,
        office_id: Option<i64>,
        from: i64,
        to: i64,
    ) -> Result<ScoresView> {
        let org = self.org().await?;
        let p = &actor.principal;
        let own_office = own_scoring_office(p, |u| org.is_office(u));
        let (office, unit) = match (office_id.or(own_office), p.grants.first()) {
            (Some(o), _) => (Some(o), None),
            (None, Some(g)) => (
                org.tree.reporting_office(g.unit_id).map(|x| x.0),
                Some(g.unit_id.0),
            ),
            (None, None) => (None, None),
        };
        let scores = self.scores(actor, office, from, to, unit).await?;
        let stats = match (unit, office) {
            (None, Some(o)) => Some(self.office_stats(actor, o, from, to).await?),
            _ => None,
        };
        let editor = office.filter(|o| actor.system || corrects_points_at(p, *o));
        let may_export = office.is_some_and(|o| actor.system || reads_reports_at(p, &org.tree, o));
        let mut units: Vec<(i64, String)> = match editor {
            Some(o) => org
                .rows
                .values()
                .filter(|r| r.active && r.id != o)
                .filter(|r| org.tree.reporting_office(UnitId(r.id)) == Some(UnitId(o)))
                .map(|r| (r.id, r.name.clone()))
                .collect(),
            None => Vec::new(),
        };
        units.sort();
        Ok(ScoresView {
            office,
            unit,
            scores,
            stats,
            may_export,
            may_correct: editor.is_some(),
            units,
        })
    }
}
