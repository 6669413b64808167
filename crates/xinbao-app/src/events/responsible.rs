//! The people responsible for a unit's reporting, as they are at one moment: principal
//! leader first, then the leader in charge, then the information officers (seed 004).

use super::ledger::Responsible;
use crate::Result;
use xinbao_domain::Role;
use xinbao_store::{Conn, people};

const ORDER: [Role; 4] = [
    Role::PrincipalLeader,
    Role::UnitLeader,
    Role::Officer,
    Role::Editor,
];

/// The unit's responsible people now, as stored JSON.
pub(crate) async fn snapshot(c: &mut Conn<'_>, unit: i64) -> Result<String> {
    let mut out: Vec<Responsible> = Vec::new();
    for role in ORDER {
        let ids = people::holders(c, unit, &[role]).await?;
        for (id, name) in people::names(c, &ids).await? {
            out.push(Responsible {
                role,
                person_id: id,
                name,
            });
        }
    }
    Ok(serde_json::to_string(&out).unwrap_or_else(|_| "[]".into()))
}
