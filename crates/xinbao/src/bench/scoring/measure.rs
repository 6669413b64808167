//! Measuring the scoring suite on a built data set: full recomputes, incremental rescoring and a
//! level change, each with its timings.

use super::*;

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
