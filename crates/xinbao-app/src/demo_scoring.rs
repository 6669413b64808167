//! A scored year for the demo: the first county's office scores its units under its own
//! scheme, in force since the first of January, so points and rankings show on first start.

use crate::{App, Result};
use chrono::Datelike;
use xinbao_domain::Timestamp;

const DEMO_SCHEME: &str = include_str!("../schemes/demo-county.toml");

impl App {
    pub async fn build_demo_scoring(&self) -> Result<()> {
        let editor = self.actor_named("c1x1-editor").await?;
        let office = editor
            .principal
            .grants
            .first()
            .map(|g| g.unit_id.0)
            .ok_or(crate::AppError::NotFound)?;
        let year = Timestamp(self.now().0)
            .to_datetime()
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .year();
        let body = crate::scoring::with_effective_from(DEMO_SCHEME, &format!("{year}-01-01"));
        let scheme = crate::scoring::parse_scheme(&body)?;
        xinbao_domain::scoring::validate(&scheme, None).map_err(crate::AppError::Scheme)?;
        // Written directly: the demo starts the year, which a saved version may not do.
        let org = self.org().await?;
        let mut w = self.store.write().await?;
        xinbao_store::scoring::insert(
            &mut w.conn(),
            office,
            &scheme.name,
            &scheme.effective_from,
            &body,
            editor.principal.person_id.0,
            self.now().0,
        )
        .await?;
        crate::scoring::materialise::rescore_office(&mut w.conn(), &org, office).await?;
        w.commit().await?;
        Ok(())
    }
}
