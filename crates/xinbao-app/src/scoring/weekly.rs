//! The weekly list (清单化管理): each county's items sent to the province in a week, with
//! what the province did with them — for the province's office, or a city's or county's
//! office (the counties within it).

use crate::i18n::tr;
use crate::issue_document::chinese_date;
use crate::{Actor, App, Result};
use chrono::{Datelike, Duration, TimeZone};
use std::collections::{BTreeMap, HashMap};
use xinbao_domain::{OfficeLevel, Timestamp, UnitId};
use xinbao_office::{WeeklyCounty, WeeklyItem, WeeklyList};
use xinbao_store::items;
use xinbao_store::score_entries::{self as se, ScoreItem};

/// The Monday 00:00 (Beijing) of the week holding `at`.
pub fn week_start(at: i64) -> i64 {
    let tz = chrono_tz::Asia::Shanghai;
    let d = Timestamp(at).to_datetime().with_timezone(&tz).date_naive();
    let monday = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    monday
        .and_hms_opt(0, 0, 0)
        .and_then(|t| tz.from_local_datetime(&t).single())
        .map_or(at, |t| t.timestamp_millis())
}

impl App {
    /// The list for the week starting `monday` (see [`week_start`]).
    pub async fn weekly_list(
        &self,
        actor: &Actor,
        office: Option<i64>,
        monday: i64,
    ) -> Result<WeeklyList> {
        let office = self.report_office(actor, office).await?;
        let org = self.org().await?;
        let level = |u: Option<i64>| {
            u.and_then(|u| org.rows.get(&u))
                .and_then(|r| *r.office_level)
        };
        let provinces: Vec<i64> = org
            .rows
            .values()
            .filter(|r| *r.office_level == Some(OfficeLevel::Province))
            .map(|r| r.id)
            .collect();
        let end = monday + 7 * 86_400_000;
        let mut r = self.store.read().await?;
        let sent = items::submitted_to(&mut r.conn(), &provinces, monday, end).await?;
        // Each item's steps below, down to where it was first written.
        let sources: Vec<i64> = sent.iter().filter_map(|i| i.source_item_id).collect();
        let below: HashMap<i64, ScoreItem> = se::items_below(&mut r.conn(), &sources)
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        drop(r);
        let mut counties: BTreeMap<String, WeeklyCounty> = BTreeMap::new();
        let mut types: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
        for item in &sent {
            let mut chain = vec![ScoreItem::of(item)];
            while let Some(s) = chain.last().and_then(|i| i.source_item_id) {
                match below.get(&s) {
                    Some(b) if chain.len() < 8 => chain.push(b.clone()),
                    _ => break,
                }
            }
            let first = chain.last().map_or(item.unit_id, |i| i.unit_id);
            // The county: the county office the item passed through, or the unit it came
            // from when it skipped the counties (a city's or a department's own item).
            let county = chain
                .iter()
                .filter_map(|i| i.office_id)
                .find(|o| level(Some(*o)) == Some(OfficeLevel::County))
                .unwrap_or(first);
            if !org.tree.is_within(UnitId(county), UnitId(office)) && county != office {
                continue;
            }
            let name = org.name(county);
            let c = counties
                .entry(name.clone())
                .or_insert_with(|| WeeklyCounty {
                    name: name.clone(),
                    ..Default::default()
                });
            c.sent += 1;
            let adopted = item.status.adopted_as_is();
            c.adopted += i64::from(adopted);
            let type_name = tr("zh-CN", &format!("item.type.{}", item.item_type));
            *types
                .entry(name)
                .or_default()
                .entry(type_name.clone())
                .or_default() += 1;
            c.items.push(WeeklyItem {
                unit: org.name(first),
                title: item.title.clone(),
                item_type: type_name,
                state: tr("zh-CN", &format!("item.status.{}", item.status)),
            });
        }
        for (name, by_type) in types {
            if let Some(c) = counties.get_mut(&name) {
                c.types = by_type
                    .iter()
                    .map(|(t, n)| format!("{t}{n}条"))
                    .collect::<Vec<_>>()
                    .join("、");
            }
        }
        let mut list: Vec<WeeklyCounty> = counties.into_values().collect();
        list.sort_by(|a, b| b.sent.cmp(&a.sent).then(a.name.cmp(&b.name)));
        let office_name = org.name(office);
        Ok(WeeklyList {
            title: format!("{office_name}报送省级信息周清单"),
            period: format!("{}至{}", chinese_date(monday), chinese_date(end - 1)),
            office: office_name,
            date: chinese_date(self.now().0),
            counties: list,
        })
    }

    /// The weekly list as a file: (name, MIME type, bytes); `format` is `xlsx` or `docx`.
    pub async fn weekly_file(
        &self,
        actor: &Actor,
        office: Option<i64>,
        monday: i64,
        format: &str,
    ) -> Result<(String, &'static str, Vec<u8>)> {
        let (mime, xlsx) = super::bulletin::file_kind(format)?;
        let doc = self.weekly_list(actor, office, monday).await?;
        let name = format!("{}（{}）.{format}", doc.title, doc.period);
        let make = if xlsx {
            xinbao_office::weekly_xlsx
        } else {
            xinbao_office::weekly_docx
        };
        Ok((name, mime, super::bulletin::render(self, doc, make).await?))
    }
}
