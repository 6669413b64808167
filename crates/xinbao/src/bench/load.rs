//! The benchmark data set: a synthetic province and items with their histories.

use super::Bench;
use anyhow::Context;
use xinbao_domain::UnitId;
use xinbao_store::bulk::{self, BulkItem};

pub const PASSWORD: &str = "Bench-Passw0rd!";

/// What the measurements need from the data set.
pub struct BenchData {
    pub officers: Vec<String>,
    pub editor: String,
    pub office_items: Vec<i64>,
}

const TITLES: [&str; 6] = [
    "{u}推进重点项目建设",
    "{u}开展安全生产检查",
    "{u}秋粮收购进展顺利",
    "{u}创新基层治理方式",
    "{u}群众反映供暖问题",
    "{u}做好防汛备汛工作",
];
const TYPES: [&str; 4] = ["dynamic", "experience", "problem", "sentiment"];

pub fn status_of(i: usize) -> &'static str {
    match i % 20 {
        0 => "draft",
        1..=6 => "submitted",
        7 | 8 => "received",
        9..=16 => "adopted",
        17 => "returned",
        _ => "declined",
    }
}

/// A unit that writes items: (unit, its office, its officer, the officer's username).
pub type Writer = (i64, i64, i64, String);

/// Every unit below an office with an information officer, in id order.
pub async fn writers(app: &Bench) -> anyhow::Result<Vec<Writer>> {
    let org = app.organisation(&xinbao_app::Actor::system()).await?;
    let mut writers: Vec<Writer> = Vec::new();
    {
        let mut r = app.store.read().await?;
        let mut unit_ids: Vec<i64> = org.rows.keys().copied().collect();
        unit_ids.sort_unstable();
        for u in unit_ids {
            let Some(office) = org.tree.reporting_office(UnitId(u)) else {
                continue;
            };
            if org.is_office(u) {
                continue;
            }
            if let Some(p) =
                xinbao_store::people::holders(&mut r.conn(), u, &[xinbao_domain::Role::Officer])
                    .await?
                    .first()
            {
                let name = xinbao_store::people::get(&mut r.conn(), *p)
                    .await?
                    .map(|p| p.username)
                    .unwrap_or_default();
                writers.push((u, office.0, *p, name));
            }
        }
    }
    anyhow::ensure!(!writers.is_empty(), "no units with officers");
    Ok(writers)
}

/// The first editor of an office: (person, username).
pub async fn editor_of(app: &Bench, office: i64) -> anyhow::Result<(i64, String)> {
    let mut r = app.store.read().await?;
    let e = xinbao_store::people::holders(&mut r.conn(), office, &[xinbao_domain::Role::Editor])
        .await?;
    let id = *e.first().context("no editor")?;
    let name = xinbao_store::people::get(&mut r.conn(), id)
        .await?
        .map(|p| p.username)
        .unwrap_or_default();
    Ok((id, name))
}

pub async fn build(app: &Bench, units: usize, items: usize) -> anyhow::Result<BenchData> {
    xinbao_demo::build_synthetic(app, units, PASSWORD)
        .await
        .context("building the synthetic province")?;
    let org = app.organisation(&xinbao_app::Actor::system()).await?;
    let writers = writers(app).await?;
    let target_office = writers[0].1;
    let editor = editor_of(app, target_office).await?.1;
    let now = app.now().0;
    let span: i64 = 365 * 86_400_000;
    let mut office_items = Vec::new();
    let batch = 20_000;
    let mut done = 0;
    while done < items {
        let n = batch.min(items - done);
        let rows: Vec<BulkItem> = (done..done + n)
            .map(|i| {
                let (unit, office, author, _) = &writers[i % writers.len()];
                let uname = org.name(*unit);
                BulkItem {
                    unit_id: *unit,
                    office_id: *office,
                    author_id: *author,
                    title: TITLES[i % TITLES.len()].replace("{u}", &uname),
                    body: format!("{uname}围绕中心工作扎实推进各项任务。今年以来共完成投资{}万元，同比增长{}%。下一步将继续压实责任，确保完成全年目标任务。（编号{i}）", 1000 + i % 9000, i % 30),
                    item_type: TYPES[i % TYPES.len()],
                    status: status_of(i),
                    urgent_rank: i64::from(i % 50 == 0),
                    at: now - span + (span / items as i64) * i as i64,
                    ..Default::default()
                }
            })
            .collect();
        let mut tx = app.store.write().await?;
        let ids = bulk::items(&mut tx.conn(), &rows).await?;
        tx.commit().await?;
        for (row, id) in rows.iter().zip(&ids) {
            if row.office_id == target_office && row.status != "draft" {
                office_items.push(*id);
            }
        }
        done += n;
        if done % 200_000 == 0 || done == items {
            println!("   {done} items");
        }
    }
    let officers = writers
        .iter()
        .map(|w| w.3.clone())
        .filter(|n| !n.is_empty())
        .take(64)
        .collect();
    Ok(BenchData {
        officers,
        editor,
        office_items,
    })
}
