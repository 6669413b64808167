//! The office inbox, a unit's items, and items awaiting a sign-off.

use super::access;
use crate::{Actor, App, AppError, Result};
use serde::Serialize;
use xinbao_domain::item::ItemStatus;
use xinbao_domain::{Role, UnitId};
use xinbao_store::inbox::{self, Filter, ItemLine};

/// One page of an inbox with its counts per state.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InboxPage {
    pub items: Vec<ItemLine>,
    #[schema(value_type = Vec<(String, i64)>)]
    pub counts: Vec<(ItemStatus, i64)>,
    pub office_id: i64,
}

impl App {
    /// The inbox of the office where `actor` is an editor (`office` when they edit for several).
    pub async fn inbox(
        &self,
        actor: &Actor,
        office: Option<i64>,
        filter: &Filter,
        limit: i64,
        offset: i64,
    ) -> Result<InboxPage> {
        let offices = actor.principal.units_with(Role::Editor);
        let office = match office {
            Some(o) if offices.contains(&UnitId(o)) => o,
            Some(_) => return Err(AppError::Forbidden),
            None => offices.first().ok_or(AppError::Forbidden)?.0,
        };
        let mut r = self.store.read().await?;
        let items = inbox::page(
            &mut r.conn(),
            office,
            filter,
            limit.clamp(1, 200),
            offset.max(0),
        )
        .await?;
        let counts = self.inbox_counts(&mut r.conn(), office, filter).await?;
        Ok(InboxPage {
            items,
            counts,
            office_id: office,
        })
    }

    /// The items of every unit the actor writes for, newest first.
    pub async fn my_items(&self, actor: &Actor, limit: i64) -> Result<Vec<ItemLine>> {
        let org = self.org().await?;
        let mut units: Vec<i64> = actor
            .principal
            .grants
            .iter()
            .map(|g| g.unit_id.0)
            .filter(|u| access::is_writer(&actor.principal, *u, &org))
            .collect();
        units.dedup();
        let mut r = self.store.read().await?;
        let mut out = Vec::new();
        for u in units {
            out.extend(inbox::of_unit(&mut r.conn(), u, limit.clamp(1, 500), 0).await?);
        }
        out.sort_by_key(|l| std::cmp::Reverse(l.updated_at));
        Ok(out)
    }

    /// Items waiting for a sign-off the actor can give.
    pub async fn to_sign(&self, actor: &Actor) -> Result<Vec<ItemLine>> {
        let mut units: Vec<i64> = actor
            .principal
            .grants
            .iter()
            .filter(|g| {
                matches!(
                    g.role,
                    Role::UnitLeader | Role::PrincipalLeader | Role::Signer
                )
            })
            .map(|g| g.unit_id.0)
            .collect();
        units.dedup();
        let mut out = Vec::new();
        for u in units {
            let lines = inbox::awaiting_signoff(&mut self.store.read().await?.conn(), u).await?;
            for line in lines {
                if let Ok(l) = self.load_item(actor, line.id).await
                    && access::may_sign_off(&actor.principal, &l.item, &l.rules, &l.org)
                {
                    out.push(line);
                }
            }
        }
        Ok(out)
    }
}
