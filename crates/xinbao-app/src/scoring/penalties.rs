//! Penalties and corrections an office enters against a unit it scores, always with a reason;
//! a correction is a further line citing the one it corrects, never an edit.

use crate::input::text;
use crate::{Actor, App, AppError, Result};
use serde::Deserialize;
use xinbao_domain::UnitId;
use xinbao_domain::scope;
use xinbao_domain::scoring::{Fact, FactKind, centi};
use xinbao_store::scoring::{self, PenaltyRow};

#[derive(Debug, Clone, Deserialize, Default, utoipa::ToSchema)]
pub struct PenaltyInput {
    pub unit_id: i64,
    /// Negative for a penalty; a correction may be positive.
    pub points: f64,
    pub reason: String,
    pub item_id: Option<i64>,
    /// The line this one corrects.
    pub corrects_id: Option<i64>,
    pub office_id: Option<i64>,
}

impl App {
    /// Enters a penalty or a correction (the office's editors and administrators).
    pub async fn add_penalty(&self, actor: &Actor, input: &PenaltyInput) -> Result<PenaltyRow> {
        let office = self.scoring_office(actor, input.office_id).await?;
        if !(actor.system || scope::corrects_points_at(&actor.principal, office)) {
            return Err(AppError::Forbidden);
        }
        let org = self.org().await?;
        if input.unit_id == office || !org.tree.is_within(UnitId(input.unit_id), UnitId(office)) {
            return Err(AppError::invalid("unit_id", "unknown_unit"));
        }
        // Bounded before any conversion: ±1e18 must not saturate into a huge integer.
        if !input.points.is_finite() || input.points.abs() > 1000.0 {
            return Err(AppError::invalid("points", "range"));
        }
        let points = centi(input.points);
        if points == 0 {
            return Err(AppError::invalid("points", "range"));
        }
        let reason = text(&input.reason, "reason", 200, true)?;
        let row = PenaltyRow {
            id: 0,
            office_id: office,
            unit_id: input.unit_id,
            item_id: input.item_id,
            points,
            reason,
            corrects_id: input.corrects_id,
            created_by: actor.principal.person_id.0,
            created_at: self.now().0,
        };
        let mut w = self.begin().await?;
        if let Some(c) = input.corrects_id {
            let earlier = scoring::penalty(&mut w.conn(), c).await?;
            if !earlier.is_some_and(|p| p.office_id == office && p.unit_id == input.unit_id) {
                return Err(AppError::invalid("corrects_id", "unknown"));
            }
        }
        if let Some(i) = input.item_id {
            let item = xinbao_store::items::get(&mut w.conn(), i).await?;
            if item.is_none_or(|i| i.office_id != Some(office)) {
                return Err(AppError::invalid("item_id", "unknown"));
            }
        }
        let id = scoring::insert_penalty(&mut w.conn(), &row).await?;
        w.commit().await?;
        Ok(PenaltyRow { id, ..row })
    }
}

/// Penalties as facts (event ids negative and apart from the items' and instructions').
pub(crate) fn penalty_facts(rows: &[PenaltyRow]) -> Vec<Fact> {
    rows.iter()
        .map(|p| Fact {
            event: -(p.id * 4 + 1),
            item_id: p.item_id,
            at: p.created_at,
            kind: FactKind::Penalty {
                points: p.points as f64 / 100.0,
                reason: p.reason.clone(),
            },
            units: vec![p.unit_id],
            item_type: String::new(),
            path: String::new(),
        })
        .collect()
}
