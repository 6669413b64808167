//! The annual assessment (年度考核): each unit's totals and rank for the year, and the award
//! candidates — 先进集体, 先进个人, 优秀调研信息, 领导批示好信息 — chosen by the scheme's
//! criteria, each traceable to the items behind it.

use super::parse_scheme;
use crate::{Actor, App, AppError, Result};
use chrono::TimeZone;
use serde::Serialize;
use std::collections::BTreeMap;
use xinbao_domain::scoring::{Awards, FactKind, centi};
use xinbao_store::{people, scoring};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Candidate {
    /// A unit, a person or an item, by name or title.
    pub name: String,
    pub unit_id: Option<i64>,
    pub person_id: Option<i64>,
    pub item_id: Option<i64>,
    pub points: f64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Assessment {
    pub year: i32,
    pub office_id: i64,
    /// Every unit's points and rank (entries as in `/scores`).
    pub units: Vec<super::UnitScore>,
    pub collective: Vec<Candidate>,
    pub individual: Vec<Candidate>,
    pub research: Vec<Candidate>,
    pub instructed: Vec<Candidate>,
}

impl App {
    /// The assessment of `year` for an office (its editors, signers, leaders, admins).
    pub async fn assessment(
        &self,
        actor: &Actor,
        office: Option<i64>,
        year: i32,
    ) -> Result<Assessment> {
        let office = self.report_office(actor, office).await?;
        let tz = chrono_tz::Asia::Shanghai;
        let at = |y: i32| {
            tz.with_ymd_and_hms(y, 1, 1, 0, 0, 0)
                .single()
                .map(|t| t.timestamp_millis())
        };
        let (from, to) = at(year)
            .zip(at(year + 1))
            .ok_or(AppError::invalid("year", "range"))?;
        let units = self.scores(actor, Some(office), from, to, None).await?;
        let mut r = self.store.read().await?;
        let latest = scoring::versions(&mut r.conn(), office)
            .await?
            .into_iter()
            .next_back();
        let scheme = latest.and_then(|v| parse_scheme(&v.body).ok());
        let (awards, threshold) = scheme
            .map(|s| (s.awards, s.award_threshold.unwrap_or(0.0)))
            .unwrap_or((Awards::default(), 0.0));
        let chains = self.office_chains(&mut r.conn(), office, from, to).await?;
        let penalties = scoring::penalties(&mut r.conn(), office, from, to).await?;
        let barred = |u: i64| {
            awards.disqualify_below.is_some_and(|limit| {
                penalties
                    .iter()
                    .any(|p| p.unit_id == u && p.points <= centi(limit))
            })
        };
        let collective = units
            .iter()
            .filter(|u| u.points >= threshold && u.points > 0.0 && !barred(u.unit_id))
            .take(awards.collective)
            .map(|u| Candidate {
                name: u.unit_name.clone(),
                unit_id: Some(u.unit_id),
                person_id: None,
                item_id: None,
                points: u.points,
            })
            .collect();
        // Points per item, then per author.
        let mut by_item: BTreeMap<i64, f64> = BTreeMap::new();
        for u in &units {
            for e in &u.entries {
                if let Some(i) = e.item_id {
                    *by_item.entry(i).or_default() += e.points;
                }
            }
        }
        let mut by_author: BTreeMap<i64, f64> = BTreeMap::new();
        let mut research = Vec::new();
        let mut instructed = Vec::new();
        for ch in &chains {
            let points = by_item.get(&ch.root.id).copied().unwrap_or(0.0);
            *by_author.entry(ch.root.author_id).or_default() += points;
            let candidate = || Candidate {
                name: ch.root.title.clone(),
                unit_id: ch.units.first().copied(),
                person_id: Some(ch.root.author_id),
                item_id: Some(ch.root.id),
                points,
            };
            let adopted_at = ch
                .facts
                .iter()
                .filter_map(|f| match &f.kind {
                    FactKind::Adopted { level, .. } => Some(*level),
                    _ => None,
                })
                .max();
            if ch.root.item_type == xinbao_domain::item::ItemType::Research
                && adopted_at.is_some_and(|l| l >= awards.research_level)
            {
                research.push(candidate());
            }
            let instructed_at = ch
                .facts
                .iter()
                .filter_map(|f| match &f.kind {
                    FactKind::Instructed { level } => Some(*level),
                    _ => None,
                })
                .max();
            if instructed_at.is_some_and(|l| l >= awards.instruction_level) {
                instructed.push(candidate());
            }
        }
        let mut authors: Vec<(i64, f64)> =
            by_author.into_iter().filter(|(_, p)| *p > 0.0).collect();
        authors.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        authors.truncate(awards.individual);
        let ids: Vec<i64> = authors.iter().map(|a| a.0).collect();
        let names = people::names(&mut r.conn(), &ids).await?;
        let individual = authors
            .into_iter()
            .map(|(p, points)| Candidate {
                name: names
                    .iter()
                    .find(|(id, _)| *id == p)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default(),
                unit_id: None,
                person_id: Some(p),
                item_id: None,
                points,
            })
            .collect();
        Ok(Assessment {
            year,
            office_id: office,
            units,
            collective,
            individual,
            research,
            instructed,
        })
    }
}

/// The assessment as a workbook: units ranked, then each kind of award candidate.
pub fn assessment_xlsx(a: &Assessment) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet().set_name("年度排名").map_err(err)?;
    for (i, (h, w)) in [("名次", 6.0), ("单位", 30.0), ("积分", 10.0)]
        .iter()
        .enumerate()
    {
        let col = u16::try_from(i).unwrap_or(0);
        sheet
            .write_string_with_format(0, col, *h, &bold)
            .map_err(err)?;
        sheet.set_column_width(col, *w).map_err(err)?;
    }
    for (i, u) in a.units.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        sheet.write_number(row, 0, u.rank as f64).map_err(err)?;
        sheet.write_string(row, 1, &u.unit_name).map_err(err)?;
        sheet.write_number(row, 2, u.points).map_err(err)?;
    }
    let groups = [
        ("先进集体", &a.collective),
        ("先进个人", &a.individual),
        ("优秀调研信息", &a.research),
        ("领导批示好信息", &a.instructed),
    ];
    let sheet = wb.add_worksheet().set_name("评优推荐").map_err(err)?;
    sheet.set_column_width(1, 50.0).map_err(err)?;
    let mut row = 0u32;
    for (title, list) in groups {
        sheet
            .write_string_with_format(row, 0, title, &bold)
            .map_err(err)?;
        row += 1;
        for c in list.iter() {
            sheet.write_string(row, 1, &c.name).map_err(err)?;
            sheet.write_number(row, 2, c.points).map_err(err)?;
            row += 1;
        }
        row += 1;
    }
    wb.save_to_buffer().map_err(err)
}
