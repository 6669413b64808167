//! The periodicals, a periodical's archive and the instructions page: what each shows a
//! person and whether they edit there.

use crate::instructions::InstructionView;
use crate::{Actor, App, AppError, Result};
use xinbao_domain::item::ItemStatus;
use xinbao_domain::scope::{edits_anywhere, edits_at, first_editing_office};
use xinbao_store::inbox::{Filter, ItemLine};
use xinbao_store::periodicals::{IssueRow, PeriodicalRow};

/// The periodicals a person reads or edits.
pub struct PeriodicalsView {
    pub periodicals: Vec<PeriodicalRow>,
    /// An editor somewhere: may create a periodical.
    pub editor: bool,
    /// The office's editors: chief editor candidates and names.
    pub editors: Vec<(i64, String)>,
}

/// A periodical's issues and, for its editors, adopted items to compile a new issue from.
pub struct ArchiveView {
    pub periodical: PeriodicalRow,
    pub issues: Vec<IssueRow>,
    pub editor: bool,
    pub candidates: Vec<ItemLine>,
}

/// The instructions of one of the person's units.
pub struct InstructionsView {
    pub unit_id: i64,
    pub unit_name: String,
    /// Every unit the person holds a role in, by id, with its name.
    pub units: Vec<(i64, String)>,
    pub mine: Vec<i64>,
    pub list: Vec<InstructionView>,
    /// The names of the assigned units.
    pub names: Vec<(i64, String)>,
    /// The unit is an office and the person its editor: closes instructions.
    pub office_editor: bool,
}

impl App {
    pub async fn periodicals_view(&self, actor: &Actor) -> Result<PeriodicalsView> {
        let periodicals = self.periodicals(actor, None).await?;
        let office = periodicals
            .first()
            .map(|p| p.office_id)
            .or(first_editing_office(&actor.principal));
        let editors = match office {
            Some(o) => self.editors_of(o).await?,
            None => Vec::new(),
        };
        Ok(PeriodicalsView {
            periodicals,
            editor: edits_anywhere(&actor.principal),
            editors,
        })
    }

    /// `find`: words of the adopted items' titles to compile from.
    pub async fn archive_view(
        &self,
        actor: &Actor,
        id: i64,
        year: Option<i64>,
        q: &str,
        find: &str,
    ) -> Result<ArchiveView> {
        let issues = self.issues_of(actor, id, year, Some(q.to_string())).await?;
        let periodical = self
            .periodicals(actor, None)
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(AppError::NotFound)?;
        let editor = edits_at(&actor.principal, periodical.office_id);
        let candidates = if editor {
            let filter = Filter {
                statuses: ItemStatus::ADOPTED_AS_IS.to_vec(),
                q: Some(find.trim().to_string()).filter(|s| !s.is_empty()),
                ..Default::default()
            };
            self.inbox(actor, Some(periodical.office_id), &filter, 100, 0)
                .await?
                .items
        } else {
            Vec::new()
        };
        Ok(ArchiveView {
            periodical,
            issues,
            editor,
            candidates,
        })
    }

    /// The unit asked for, else the person's first office, else their first unit.
    pub async fn instructions_view(
        &self,
        actor: &Actor,
        unit_id: Option<i64>,
    ) -> Result<InstructionsView> {
        let org = self.org().await?;
        let mut mine: Vec<i64> = actor.principal.grants.iter().map(|g| g.unit_id.0).collect();
        mine.sort_unstable();
        mine.dedup();
        let first_office = mine.iter().copied().find(|u| org.is_office(*u));
        let unit_id = unit_id
            .or(first_office)
            .or(mine.first().copied())
            .ok_or(AppError::Forbidden)?;
        let list = self.instructions_for(actor, unit_id).await?;
        let mut names: Vec<(i64, String)> = list
            .iter()
            .flat_map(|v| v.assignments.iter().map(|a| a.unit_id))
            .map(|u| (u, org.name(u)))
            .collect();
        names.dedup();
        Ok(InstructionsView {
            unit_name: org.name(unit_id),
            units: mine.iter().map(|u| (*u, org.name(*u))).collect(),
            office_editor: org.is_office(unit_id) && edits_at(&actor.principal, unit_id),
            unit_id,
            list,
            mine,
            names,
        })
    }
}
