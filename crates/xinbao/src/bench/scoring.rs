//! Scoring at the scale of a province: a year of items (originals at the counties, copies
//! sent up to the cities and the province, leaders' instructions), a scheme at every office;
//! then a full recompute, a rebuild of the stored entries, incremental updates after
//! adoptions, and quarterly bulletins.

use super::Bench;
use super::load::{self, PASSWORD};
use anyhow::Context;
use std::collections::HashMap;
use std::time::Instant;
use xinbao_store::bulk::{self, BulkItem};

mod measure;

pub use measure::*;

const SCHEME: &str = include_str!("scheme.toml");
const TYPES: [&str; 5] = ["dynamic", "problem", "experience", "research", "sentiment"];

/// What the data set holds for the measurements.
pub struct ScoringData {
    pub items: usize,
    pub instructions: usize,
    /// Offices with a scheme.
    pub offices: usize,
    pub county: i64,
    pub county_editor: String,
    pub province: i64,
    /// Items submitted to the county, not yet decided.
    pub open_items: Vec<i64>,
    /// Copies at the province (each with two steps below).
    pub province_copies: Vec<i64>,
}

fn original(w: &load::Writer, i: usize, at: i64) -> BulkItem {
    BulkItem {
        unit_id: w.0,
        office_id: w.1,
        author_id: w.2,
        title: format!("第{i}条信息"),
        body: format!(
            "围绕中心工作扎实推进各项任务，完成投资{}万元。",
            1000 + i % 9000
        ),
        item_type: TYPES[i % TYPES.len()],
        status: load::status_of(i),
        at,
        ..Default::default()
    }
}

fn copy(of: &BulkItem, id: i64, unit: i64, office: i64, author: i64, adopted: bool) -> BulkItem {
    BulkItem {
        unit_id: unit,
        office_id: office,
        author_id: author,
        status: if adopted { "adopted" } else { "submitted" },
        at: of.at + 7_200_000,
        source_item_id: Some(id),
        periodical: adopted.then_some("每日要情"),
        direct_report: false,
        ..of.clone()
    }
}

pub async fn build(app: &Bench, units: usize, items: usize) -> anyhow::Result<ScoringData> {
    xinbao_demo::build_synthetic(app, units, PASSWORD)
        .await
        .context("building the synthetic province")?;
    let org = app.organisation(&xinbao_app::Actor::system()).await?;
    let writers = load::writers(app).await?;
    let county = writers[0].1;
    let (county_editor_id, county_editor) = load::editor_of(app, county).await?;
    let mut editors: HashMap<i64, i64> = HashMap::new();
    let parent = |o: i64| org.rows.get(&o).and_then(|r| r.parent_id);
    let province = parent(county)
        .and_then(parent)
        .context("a county under a city under the province")?;
    let now = app.now().0;
    let span: i64 = 365 * 86_400_000;
    let first_day = xinbao_app::i18n::local_time(xinbao_domain::Timestamp(now - span - 86_400_000));
    let scheme = xinbao_app::scoring::with_effective_from(SCHEME, &first_day[..10]);
    let mut offices: Vec<i64> = org
        .rows
        .keys()
        .copied()
        .filter(|u| org.is_office(*u))
        .collect();
    offices.sort_unstable();
    {
        let mut tx = app.store.write().await?;
        for o in &offices {
            xinbao_store::scoring::insert(
                &mut tx.conn(),
                *o,
                "基准计分办法",
                &first_day[..10],
                &scheme,
                county_editor_id,
                now,
            )
            .await?;
        }
        tx.commit().await?;
    }
    // Originals are about 88 % of the items: a tenth are sent to the city, a thirtieth on to
    // the province.
    let originals = items * 100 / 113;
    let (mut made, mut instructions) = (0usize, 0usize);
    let (mut open_items, mut province_copies) = (Vec::new(), Vec::new());
    let mut i = 0usize;
    while i < originals {
        let n = 20_000.min(originals - i);
        let rows: Vec<BulkItem> = (i..i + n)
            .map(|k| {
                let at = now - span + (span / originals as i64) * k as i64;
                original(&writers[k % writers.len()], k, at)
            })
            .collect();
        let mut tx = app.store.write().await?;
        let ids = bulk::items(&mut tx.conn(), &rows).await?;
        let mut ups = Vec::new();
        let mut up_of = Vec::new();
        for (k, (row, id)) in rows.iter().zip(&ids).enumerate() {
            let k = i + k;
            if row.office_id == county && row.status == "submitted" && open_items.len() < 1000 {
                open_items.push(*id);
            }
            if row.status == "adopted" && k.is_multiple_of(4) {
                let city = parent(row.office_id).context("a city above")?;
                let author = match editors.get(&row.office_id) {
                    Some(a) => *a,
                    None => {
                        let a = load::editor_of(app, row.office_id).await?.0;
                        editors.insert(row.office_id, a);
                        a
                    }
                };
                let on = k.is_multiple_of(3);
                ups.push(copy(
                    row,
                    *id,
                    row.office_id,
                    city,
                    author,
                    on || k.is_multiple_of(8),
                ));
                up_of.push((k, *id));
            }
        }
        let up_ids = bulk::items(&mut tx.conn(), &ups).await?;
        let pairs: Vec<(i64, i64)> = up_of
            .iter()
            .map(|(_, a)| *a)
            .zip(up_ids.iter().copied())
            .collect();
        bulk::link_forwards(&mut tx.conn(), &pairs).await?;
        let mut tops = Vec::new();
        let mut given: Vec<(i64, &str, i64, i64)> = Vec::new();
        for ((k, _), (row, id)) in up_of.iter().zip(ups.iter().zip(&up_ids)) {
            if k.is_multiple_of(3) {
                tops.push(copy(
                    row,
                    *id,
                    row.office_id,
                    province,
                    row.author_id,
                    (k / 3).is_multiple_of(2),
                ));
            } else if row.status == "adopted" && k.is_multiple_of(5) {
                given.push((*id, "city", row.author_id, row.at + 86_400_000));
            }
        }
        let top_ids = bulk::items(&mut tx.conn(), &tops).await?;
        let pairs: Vec<(i64, i64)> = tops
            .iter()
            .filter_map(|t| t.source_item_id)
            .zip(top_ids.iter().copied())
            .collect();
        bulk::link_forwards(&mut tx.conn(), &pairs).await?;
        for (k, (row, id)) in tops.iter().zip(&top_ids).enumerate() {
            if row.status == "adopted" && k.is_multiple_of(4) {
                given.push((*id, "province", row.author_id, row.at + 86_400_000));
            }
            if province_copies.len() < 1000 {
                province_copies.push(*id);
            }
        }
        bulk::instructions(&mut tx.conn(), &given).await?;
        tx.commit().await?;
        made += rows.len() + ups.len() + tops.len();
        instructions += given.len();
        i += n;
        if i % 200_000 < 20_000 || i == originals {
            println!("   {made} items");
        }
    }
    Ok(ScoringData {
        items: made,
        instructions,
        offices: offices.len(),
        county,
        county_editor,
        province,
        open_items,
        province_copies,
    })
}
