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

/// What the measurements gave.
pub struct ScoringOutcome {
    pub data: ScoringData,
    pub load_seconds: f64,
    /// Full recompute (read every item and instruction, evaluate every office): seconds per run.
    pub recompute: Vec<f64>,
    pub entries: usize,
    pub rebuild_seconds: f64,
    /// An adoption at a county through the use case, its entries rewritten in its transaction.
    pub adopt: Percentiles,
    /// Rewriting the entries of a copy at the province and the two roots below it.
    pub rescore: Percentiles,
    /// The rewrite alone, inside its transaction (county items and province copies).
    pub update: Percentiles,
    /// Quarterly bulletin .xlsx: (office, roots in the quarter, median seconds).
    pub bulletins: Vec<(String, usize, f64)>,
    /// A city office's level changed and changed back: (its items, seconds for each).
    pub level_change: (usize, [f64; 2]),
    pub consistent: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Percentiles {
    pub runs: usize,
    pub p50: f64,
    pub p99: f64,
}

fn percentiles(mut ms: Vec<f64>) -> Percentiles {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| {
        ms.get(((ms.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    Percentiles {
        runs: ms.len(),
        p50: at(0.5),
        p99: at(0.99),
    }
}

pub async fn measure(
    app: &Bench,
    data: ScoringData,
    load_seconds: f64,
) -> anyhow::Result<ScoringOutcome> {
    let mut recompute = Vec::new();
    let mut entries = 0;
    for _ in 0..3 {
        let t = Instant::now();
        entries = app.recomputed_scores().await?.len();
        recompute.push(t.elapsed().as_secs_f64());
    }
    println!(
        "   full recompute: {entries} entries, {:.2} / {:.2} / {:.2} s",
        recompute[0], recompute[1], recompute[2]
    );
    let t = Instant::now();
    app.rebuild_scores().await?;
    let rebuild_seconds = t.elapsed().as_secs_f64();
    println!("   rebuild (recompute and write): {rebuild_seconds:.2} s");
    // The rebuild replaced 1.6 million rows: let the database settle as it would before the
    // next day's work (PostgreSQL's autovacuum would otherwise run during the measurements).
    xinbao_store::admin::analyze(&app.store).await?;
    let editor = app.actor_named(&data.county_editor).await?;
    let mut ms = Vec::new();
    for id in data.open_items.iter().take(200) {
        let t = Instant::now();
        app.adopt_item(&editor, *id, None).await?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let adopt = percentiles(ms);
    let (mut ms, mut inside) = (Vec::new(), Vec::new());
    for id in data.open_items.iter().take(200) {
        inside.push(app.rescore_item(*id).await?.as_secs_f64() * 1000.0);
    }
    for id in data.province_copies.iter().take(200) {
        let t = Instant::now();
        inside.push(app.rescore_item(*id).await?.as_secs_f64() * 1000.0);
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let rescore = percentiles(ms);
    let update = percentiles(inside);
    println!(
        "   adoption with its entries: p50 {:.2} ms, p99 {:.2} ms; rewrite at the province, own transaction: p50 {:.2} ms, p99 {:.2} ms; the update itself: p50 {:.2} ms, p99 {:.2} ms",
        adopt.p50, adopt.p99, rescore.p50, rescore.p99, update.p50, update.p99
    );
    let admin = app.actor_named("synthetic-admin").await?;
    let now = app.now().0;
    let (from, to) = (now - 91 * 86_400_000, now);
    let mut bulletins = Vec::new();
    for (office, actor) in [(data.county, &editor), (data.province, &admin)] {
        let roots = {
            let mut r = app.store.read().await?;
            xinbao_store::score_entries::roots(&mut r.conn(), office, from, to)
                .await?
                .len()
        };
        let mut runs = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            app.bulletin_file(actor, Some(office), from, to, "xlsx")
                .await?;
            runs.push(t.elapsed().as_secs_f64());
        }
        runs.sort_by(f64::total_cmp);
        let name = app
            .organisation(&xinbao_app::Actor::system())
            .await?
            .name(office);
        println!(
            "   quarterly bulletin .xlsx of {name} ({roots} items): {:.2} s",
            runs[2]
        );
        bulletins.push((name, roots, runs[2]));
    }
    let level_change = level_change(app, data.county).await?;
    let stored = app.stored_scores().await?;
    let mut fresh = app.recomputed_scores().await?;
    fresh.sort_by_key(|r| (r.root_id, r.event, r.unit_id));
    let consistent = stored == fresh;
    println!("   stored entries equal a full recompute: {consistent}");
    Ok(ScoringOutcome {
        data,
        load_seconds,
        recompute,
        entries,
        rebuild_seconds,
        adopt,
        rescore,
        update,
        bulletins,
        level_change,
        consistent,
    })
}

/// Changes the level of the county's city office to province and back, each change
/// rescoring every root whose chain passes that office in its transaction.
async fn level_change(app: &Bench, county: i64) -> anyhow::Result<(usize, [f64; 2])> {
    let org = app.organisation(&xinbao_app::Actor::system()).await?;
    let city = org
        .rows
        .get(&county)
        .and_then(|r| r.parent_id)
        .context("a city above the county")?;
    let items = {
        let mut r = app.store.read().await?;
        xinbao_store::score_entries::ids_at(&mut r.conn(), city)
            .await?
            .len()
    };
    let mut took = [0.0; 2];
    for (k, level) in ["province", "city"].into_iter().enumerate() {
        let row = app
            .organisation(&xinbao_app::Actor::system())
            .await?
            .rows
            .get(&city)
            .cloned()
            .context("the city")?;
        let input = xinbao_app::UnitInput {
            office_level: Some(level.into()),
            ..xinbao_app::UnitInput::of(&row)
        };
        let t = Instant::now();
        app.update_unit(&xinbao_app::Actor::system(), city, &input)
            .await?;
        took[k] = t.elapsed().as_secs_f64();
    }
    println!(
        "   a city office's level changed and back ({items} items there): {:.2} s, {:.2} s",
        took[0], took[1]
    );
    Ok((items, took))
}
