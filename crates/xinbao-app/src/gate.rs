//! Pages that are no use case of their own (an empty form, the metrics, the test clock) ask
//! here whether the actor may open them; the rules are the domain's (`menu`), so the web
//! decides nothing about roles.

use crate::{Actor, App, AppError, Result};
use xinbao_domain::menu::{self, Section};

impl App {
    /// Refuses an actor whose navigation does not offer `section`.
    pub fn may_open(&self, actor: &Actor, section: Section) -> Result<()> {
        allow(actor.system || menu::opens(&actor.principal, section))
    }

    /// Refuses an actor who does not operate the server (metrics, the test clock).
    pub fn may_operate(&self, actor: &Actor) -> Result<()> {
        allow(actor.system || menu::operates_server(&actor.principal))
    }

    /// May the actor create accounts (the people page offers the form)?
    pub fn may_create_people(&self, actor: &Actor) -> bool {
        actor.system || menu::creates_people(&actor.principal)
    }
}

fn allow(yes: bool) -> Result<()> {
    if yes {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}
