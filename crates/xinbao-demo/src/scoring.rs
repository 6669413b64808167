//! A scored year for the demo: the first county's office scores its units under its own
//! scheme, in force since the first of January, so points and rankings show on first start.

use chrono::Datelike;
use xinbao_app::{App, Result};
use xinbao_domain::Timestamp;

const DEMO_SCHEME: &str = include_str!("../schemes/demo-county.toml");

pub async fn build_demo_scoring(app: &App) -> Result<()> {
    let editor = app.actor_named("c1x1-editor").await?;
    let office = editor
        .principal
        .grants
        .first()
        .map(|g| g.unit_id.0)
        .ok_or(xinbao_app::AppError::NotFound)?;
    let year = Timestamp(app.now().0)
        .to_datetime()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .year();
    let body = xinbao_app::scoring::with_effective_from(DEMO_SCHEME, &format!("{year}-01-01"));
    // Seeded, not saved: the demo starts the year, which a saved version may not do.
    app.seed_scheme(&editor, office, &body).await
}
