//! The working-day calendar as the administrator keeps it (工作日历).

use crate::{Actor, App, AppError, Result};
use xinbao_store::calendar::DayRow;

impl App {
    /// Holidays and adjusted working days, for the administrators who keep them; the page
    /// and the API ask the same. Deadlines count working days without anyone reading this.
    pub async fn calendar_for(&self, actor: &Actor) -> Result<Vec<DayRow>> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden);
        }
        self.calendar_days().await
    }
}
