//! Leaders' instructions (批示) on items: written by a leader of the office holding the item
//! (or recorded by its editor from paper, with the source), with the leader's level; they may
//! assign units to act by a deadline counted in working days. Instructions given above show on
//! every item below that led to it, so every contributing unit sees them.

use crate::input::text;
use crate::{Actor, App, AppError, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;
use xinbao_domain::Role;
use xinbao_domain::notice::NoticeKind;
use xinbao_domain::scoring::Level;
use xinbao_domain::{UnitId, instruction};
use xinbao_store::instruction_follow::{self, ReportRow};
use xinbao_store::instructions::{self, AssignmentRow, InstructionRow, NewInstruction};
use xinbao_store::{Conn, items, notifications, people};

#[derive(Debug, Clone, Deserialize, Default, utoipa::ToSchema)]
pub struct InstructionInput {
    pub text: String,
    /// `county`, `city`, `province` or `centre`.
    pub leader_level: String,
    pub leader_name: String,
    /// Units that must act on it.
    #[serde(default)]
    pub assignee_unit_ids: Vec<i64>,
    /// Feedback deadline in working days (default 5 when units are assigned).
    pub due_in_working_days: Option<u32>,
    /// Where an instruction given on paper was recorded from.
    #[serde(default)]
    pub source: String,
    pub issue_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InstructionView {
    #[serde(flatten)]
    #[schema(inline)]
    pub instruction: InstructionRow,
    pub assignments: Vec<AssignmentRow>,
    /// The assigned units' reports back, oldest first.
    pub reports: Vec<ReportRow>,
}

/// The instructions on `items` (an item and those above it), with their assignments.
pub(crate) async fn on_items(c: &mut Conn<'_>, ids: &[i64]) -> Result<Vec<InstructionView>> {
    let rows = instructions::on_items(c, ids).await?;
    views(c, rows).await
}

/// Instructions with their assignments and reports, each read in one query.
pub(crate) async fn views(
    c: &mut Conn<'_>,
    rows: Vec<InstructionRow>,
) -> Result<Vec<InstructionView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let all = instructions::assignments_of(c, &ids).await?;
    let reports = instruction_follow::reports_of(c, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| InstructionView {
            assignments: all
                .iter()
                .filter(|a| a.instruction_id == r.id)
                .cloned()
                .collect(),
            reports: reports
                .iter()
                .filter(|a| a.instruction_id == r.id)
                .cloned()
                .collect(),
            instruction: r,
        })
        .collect())
}

impl App {
    pub async fn add_instruction(
        &self,
        actor: &Actor,
        item_id: i64,
        input: &InstructionInput,
    ) -> Result<InstructionView> {
        let l = self.load_item(actor, item_id).await?;
        let office = l
            .item
            .office_id
            .ok_or(AppError::Conflict(crate::Conflict::WrongState))?;
        if !instruction::may_instruct(&actor.principal, office) {
            return Err(AppError::Forbidden);
        }
        let body = text(&input.text, "instruction_text", 2000, true)?;
        let leader = text(&input.leader_name, "leader_name", 40, true)?;
        let level = Level::from_code(input.leader_level.trim())
            .ok_or(AppError::invalid("leader_level", "unknown"))?;
        let mut units = input.assignee_unit_ids.clone();
        units.sort_unstable();
        units.dedup();
        if units
            .iter()
            .any(|u| !l.org.rows.get(u).is_some_and(|r| r.active))
            || units.len() > 200
        {
            return Err(AppError::invalid("assignee_unit_ids", "unknown_unit"));
        }
        if units
            .iter()
            .any(|u| !l.org.tree.is_within(UnitId(*u), UnitId(office)))
        {
            return Err(AppError::invalid("assignee_unit_ids", "outside_scope"));
        }
        let now = self.now();
        let due = match (units.is_empty(), input.due_in_working_days) {
            (true, _) => None,
            (false, Some(n)) if (1..=60).contains(&n) => {
                Some(self.working_days_due(now, n).await?.0)
            }
            (false, Some(_)) => return Err(AppError::invalid("due_in_working_days", "range")),
            (false, None) => Some(self.working_days_due(now, 5).await?.0),
        };
        let me = actor.principal.person_id.0;
        let row = NewInstruction {
            item_id,
            issue_id: input.issue_id,
            text: body,
            leader_level: level,
            leader_name: leader,
            leader_id: instruction::is_leader_of(&actor.principal, office).then_some(me),
            source: input.source.trim().chars().take(200).collect(),
            due_at: due,
            recorded_by: me,
        };
        let mut tx = self.begin().await?;
        tx.scored_under(&l.org).touched_item(item_id);
        let c = &mut tx.conn();
        let id = instructions::insert(c, &row, now.0).await?;
        let args = json!({ "title": l.item.title }).to_string();
        for u in &units {
            instructions::assign(c, id, *u, due).await?;
            for p in people::holders(
                c,
                *u,
                &[
                    Role::Officer,
                    Role::Editor,
                    Role::UnitLeader,
                    Role::PrincipalLeader,
                ],
            )
            .await?
            {
                notifications::add(
                    c,
                    p,
                    Some(item_id),
                    NoticeKind::InstructionAssigned,
                    &args,
                    now.0,
                )
                .await?;
            }
        }
        for (unit, own) in contributing_units(c, &l.item, &l.org).await? {
            // Each unit hears of it on its own item, the one its people may open.
            let args = json!({ "title": own.1 }).to_string();
            for p in people::holders(
                c,
                unit,
                &[
                    Role::Officer,
                    Role::Editor,
                    Role::UnitLeader,
                    Role::PrincipalLeader,
                ],
            )
            .await?
            {
                notifications::add(
                    c,
                    p,
                    Some(own.0),
                    NoticeKind::InstructionGiven,
                    &args,
                    now.0,
                )
                .await?;
            }
        }
        tx.commit().await?;
        let mut r = self.store.read().await?;
        on_items(&mut r.conn(), &[item_id])
            .await?
            .into_iter()
            .find(|v| v.instruction.id == id)
            .ok_or(AppError::NotFound)
    }
}

/// The units whose items led to this one: itself and every source below, through merges and
/// forwards.
async fn contributing_units(
    c: &mut Conn<'_>,
    item: &items::ItemRow,
    org: &crate::OrgSnapshot,
) -> Result<Vec<(i64, (i64, String))>> {
    // Each unit with the first item of its own met going down the chain (id and title).
    let mut out: Vec<(i64, (i64, String))> = vec![(item.unit_id, (item.id, item.title.clone()))];
    let mut frontier = vec![item.clone()];
    let mut guard = 0;
    while let Some(i) = frontier.pop() {
        guard += 1;
        if guard > 200 {
            break;
        }
        let mut below = items::sources_of(c, i.id).await?;
        if let Some(s) = i.source_item_id
            && let Some(row) = items::get(c, s).await?
        {
            below.push(row);
        }
        for row in below {
            if !out.iter().any(|(u, _)| *u == row.unit_id) {
                out.push((row.unit_id, (row.id, row.title.clone())));
            }
            frontier.push(row);
        }
    }
    out.retain(|(u, _)| org.tree.get(UnitId(*u)).is_some());
    Ok(out)
}
