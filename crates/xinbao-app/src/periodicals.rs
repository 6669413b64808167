//! Periodicals and issues: an office's editors compile an issue from adopted items, freeze it
//! (定版), a signer of the configured level signs it off, and publication gives it the next
//! number atomically and records on each item which periodical adopted it.

mod issue_step;
mod issues;

use crate::{Actor, App, AppError, Result};
use serde::{Deserialize, Serialize};
use xinbao_domain::Role;
use xinbao_domain::SignerLevel;
use xinbao_domain::periodical::IssueAction;
use xinbao_domain::periodical::access::{self as issue_rules, IssueFacts};
use xinbao_store::periodicals::{
    self, IssueEventRow, IssueItemRow, IssueRow, PeriodicalFields, PeriodicalRow,
};

#[derive(Debug, Clone, Deserialize, Default, utoipa::ToSchema)]
pub struct PeriodicalInput {
    pub name: String,
    #[serde(default = "yes")]
    pub restart_yearly: bool,
    #[serde(default)]
    pub running_total: bool,
    #[serde(default)]
    pub columns: String,
    /// `section`, `deputy` (default) or `chief`.
    pub signoff_level: Option<String>,
    #[serde(default)]
    pub secrecy: String,
    #[serde(default)]
    pub copies: i64,
    #[serde(default)]
    pub dist_up: String,
    #[serde(default)]
    pub dist_side: String,
    #[serde(default)]
    pub dist_down: String,
    pub office_id: Option<i64>,
    /// The chief editor (主编): one of the office's editors.
    pub chief_editor_id: Option<i64>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Default, utoipa::ToSchema)]
pub struct IssueInput {
    /// Adopted items of this office, in order.
    pub item_ids: Vec<i64>,
    /// `regular` (default) or `supplement` (增刊).
    pub kind: Option<String>,
    #[serde(default)]
    pub editor_note: String,
}

/// An issue with its items and its steps.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IssueView {
    #[serde(flatten)]
    #[schema(inline)]
    pub issue: IssueRow,
    pub periodical: PeriodicalRow,
    pub items: Vec<IssueItemRow>,
    pub events: Vec<IssueEventRow>,
    /// Who has read it, and when: the office's read receipts.
    pub readers: Vec<periodicals::ReaderRow>,
    /// The steps the caller may take on it now.
    #[schema(value_type = Vec<String>)]
    pub actions: Vec<IssueAction>,
}

/// What the rules need to know of an issue of periodical `p`.
pub(crate) fn facts(issue: &IssueRow, p: &PeriodicalRow) -> IssueFacts {
    IssueFacts {
        office_id: p.office_id,
        status: issue.status,
        signoff_level: p.signoff_level,
    }
}

fn editor_of(actor: &Actor, office: i64) -> Result<()> {
    if issue_rules::is_editor(&actor.principal, office) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

impl App {
    /// The periodicals of the caller's office (any role there).
    pub async fn periodicals(
        &self,
        actor: &Actor,
        office: Option<i64>,
    ) -> Result<Vec<PeriodicalRow>> {
        let tree = &self.org().await?.tree;
        let office = match office {
            Some(o) if !actor.principal.roles_in(o).is_empty() || actor.administers(tree, o) => o,
            Some(_) => return Err(AppError::Forbidden),
            None => {
                let org = self.org().await?;
                actor
                    .principal
                    .grants
                    .iter()
                    .map(|g| g.unit_id.0)
                    .find(|u| org.is_office(*u))
                    .ok_or(AppError::Forbidden)?
            }
        };
        let mut r = self.store.read().await?;
        Ok(periodicals::of_office(&mut r.conn(), office).await?)
    }

    pub async fn create_periodical(
        &self,
        actor: &Actor,
        input: &PeriodicalInput,
    ) -> Result<PeriodicalRow> {
        let office = crate::events::editor_office(actor, input.office_id)?;
        let name = input
            .name
            .trim()
            .trim_matches(|c| c == '《' || c == '》')
            .to_string();
        if name.is_empty() || name.chars().count() > 40 {
            return Err(AppError::invalid("name", "length"));
        }
        let level = input
            .signoff_level
            .clone()
            .unwrap_or_else(|| SignerLevel::Deputy.code().into());
        SignerLevel::from_code(&level).ok_or(AppError::invalid("signoff_level", "unknown"))?;
        if !(0..=100_000).contains(&input.copies) {
            return Err(AppError::invalid("copies", "range"));
        }
        if let Some(chief) = input.chief_editor_id
            && !self
                .editors_of(office)
                .await?
                .iter()
                .any(|(p, _)| *p == chief)
        {
            return Err(AppError::invalid("chief_editor_id", "unknown"));
        }
        let f = PeriodicalFields {
            name,
            restart_yearly: input.restart_yearly,
            running_total: input.running_total,
            columns: input.columns.trim().into(),
            chief_editor_id: input.chief_editor_id,
            signoff_level: level,
            secrecy: input.secrecy.trim().into(),
            copies: input.copies,
            dist_up: input.dist_up.trim().into(),
            dist_side: input.dist_side.trim().into(),
            dist_down: input.dist_down.trim().into(),
        };
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let id = periodicals::insert(&mut tx.conn(), office, &f, now).await?;
        let row = periodicals::get(&mut tx.conn(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(row)
    }

    /// The editors of an office with their names (candidates for chief editor).
    pub(crate) async fn editors_of(&self, office: i64) -> Result<Vec<(i64, String)>> {
        let mut r = self.store.read().await?;
        let c = &mut r.conn();
        let ids = xinbao_store::people::holders(c, office, &[Role::Editor]).await?;
        let mut names = xinbao_store::people::names(c, &ids).await?;
        names.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(names)
    }
}
