//! The home page: per duty, what needs the person's attention.

use crate::scoring::Progress;
use crate::{Actor, App, PersonView, Result, UnitView};
use xinbao_domain::item::ItemStatus;
use xinbao_domain::menu::{Duties, writing_units};
use xinbao_store::inbox::{Filter, ItemLine};

/// What the home page shows a person.
pub struct HomeView {
    pub me: PersonView,
    /// Catalogue keys of the roles held (`role.…`), each once.
    pub roles: Vec<String>,
    pub duties: Duties,
    /// Units administered, and those among them with a vacancy (the first 20).
    pub unit_count: usize,
    pub vacancies: Vec<UnitView>,
    pub vacancy_total: usize,
    /// The units the person holds a role in.
    pub my_units: Vec<UnitView>,
    pub recent: Vec<ItemLine>,
    pub to_sign: Vec<ItemLine>,
    /// Open items in the editor's inbox, and the urgent ones among the first five.
    pub inbox_open: i64,
    pub inbox_urgent: Vec<ItemLine>,
    /// This month's quota progress and this year's points of the units the person writes for.
    pub progress: Vec<Progress>,
}

impl App {
    pub async fn home_view(&self, actor: &Actor) -> Result<HomeView> {
        let p = &actor.principal;
        let duties = Duties::of(p);
        let me = self.me(p).await?;
        let mine: Vec<i64> = me.roles.iter().map(|r| r.unit_id).collect();
        let administered = if duties.admin {
            self.administered_units(p).await?
        } else {
            Vec::new()
        };
        let vacant: Vec<UnitView> = administered
            .iter()
            .filter(|u| u.vacancy_leader || u.vacancy_section || u.vacancy_officer)
            .cloned()
            .collect();
        let mut recent = self.my_items(actor, 5).await?;
        recent.truncate(5);
        let to_sign = if duties.signs {
            self.to_sign(actor).await?
        } else {
            Vec::new()
        };
        let (inbox_open, inbox_urgent) = if duties.editor {
            self.open_inbox(actor).await?
        } else {
            (0, Vec::new())
        };
        let mut progress = Vec::new();
        for unit in writing_units(p) {
            progress.push(self.unit_progress(actor, unit).await?);
        }
        let mut roles: Vec<String> = p
            .roles()
            .iter()
            .map(|r| format!("role.{}", r.code()))
            .collect();
        roles.dedup();
        let units = self.units_all().await?;
        Ok(HomeView {
            me,
            roles,
            duties,
            unit_count: administered.len(),
            vacancy_total: vacant.len(),
            vacancies: vacant.into_iter().take(20).collect(),
            my_units: units.into_iter().filter(|u| mine.contains(&u.id)).collect(),
            recent,
            to_sign,
            inbox_open,
            inbox_urgent,
            progress,
        })
    }

    /// The editor's open items (submitted, received, on hold) and the urgent ones among the
    /// first five.
    async fn open_inbox(&self, actor: &Actor) -> Result<(i64, Vec<ItemLine>)> {
        let open = Filter {
            statuses: vec![
                ItemStatus::Submitted,
                ItemStatus::Received,
                ItemStatus::OnHold,
            ],
            ..Default::default()
        };
        let page = self.inbox(actor, None, &open, 5, 0).await?;
        let total = page
            .counts
            .iter()
            .filter(|(s, _)| open.statuses.contains(s))
            .map(|(_, n)| n)
            .sum();
        let urgent = page
            .items
            .into_iter()
            .filter(|i| i.urgency != xinbao_domain::item::Urgency::Normal)
            .collect();
        Ok((total, urgent))
    }
}
