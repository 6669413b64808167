//! Demo data for Xinbao, kept out of the product's use cases: the demo province
//! (`xinbao demo`: units, people, items in every state, events, periodicals, a scored year)
//! and synthetic organisations of any size (`xinbao gen`, the benchmarks). Everything past
//! the organisation itself is made by running the real use cases of `xinbao-app` as the
//! demo's people, so the demo shows what the product does.

mod events;
mod items;
mod periodicals;
mod province;
mod scoring;
mod synthetic;

pub use events::build_demo_events;
pub use items::build_demo_items;
pub use periodicals::build_demo_periodicals;
pub use province::{DemoAccount, build_demo, refresh_demo_passwords};
pub use scoring::build_demo_scoring;
pub use synthetic::build_synthetic;

use xinbao_app::{App, Result};

/// The whole demo province into an empty database, in order; every account gets `password`.
/// Returns the accounts worth printing.
pub async fn build_all(app: &App, password: &str) -> Result<Vec<DemoAccount>> {
    let accounts = build_demo(app, password).await?;
    build_demo_items(app).await?;
    build_demo_events(app).await?;
    build_demo_periodicals(app).await?;
    build_demo_scoring(app).await?;
    Ok(accounts)
}
