//! Following up leaders' instructions: the office's list (overdue feedback first to the eye),
//! an assigned unit's reports back, and the office closing the loop.

use super::{Form, Page, field, render};
use crate::ctx::Ctx;
use crate::extract::{F, P, Q};
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use xinbao_app::instruction_follow::ReportInput;
use xinbao_app::instructions::InstructionView;
use xinbao_domain::instruction::FollowKind;
use xinbao_domain::instruction::{AssignmentStatus, InstructionStatus};
use xinbao_store::instructions::AssignmentRow;

#[derive(Deserialize, Default)]
struct UnitQuery {
    unit_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "instructions.html")]
struct ListPage {
    page: Page,
    unit_id: i64,
    unit_name: String,
    /// The caller's units, to switch between.
    units: Vec<(i64, String)>,
    list: Vec<InstructionView>,
    office_editor: bool,
    mine: Vec<i64>,
    names: Vec<(i64, String)>,
    now: i64,
}

impl ListPage {
    fn overdue(&self, a: &AssignmentRow) -> bool {
        a.status == AssignmentStatus::Open && a.due_at.is_some_and(|d| d < self.now)
    }

    fn name(&self, unit: &i64) -> String {
        self.names
            .iter()
            .find(|(u, _)| u == unit)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    }

    /// The assignment of one of the caller's units still open on this instruction.
    fn my_open(&self, v: &InstructionView) -> Option<i64> {
        v.assignments
            .iter()
            .find(|a| a.status == AssignmentStatus::Open && self.mine.contains(&a.unit_id))
            .map(|a| a.unit_id)
    }

    fn closable(&self, v: &InstructionView) -> bool {
        self.office_editor
            && v.instruction.status == InstructionStatus::Open
            && v.assignments
                .iter()
                .all(|a| a.status == AssignmentStatus::Done)
    }
}

async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Q(q): Q<UnitQuery>,
) -> Result<Response, Failure> {
    let v = st.app.instructions_view(&ctx.actor()?, q.unit_id).await?;
    Ok(render(&ListPage {
        page: Page::new(&ctx, "instructions.title", "/instructions"),
        unit_id: v.unit_id,
        unit_name: v.unit_name,
        units: v.units,
        list: v.list,
        office_editor: v.office_editor,
        mine: v.mine,
        names: v.names,
        now: st.app.now().0,
    }))
}

async fn report(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, Failure> {
    let unit: Option<i64> = field(&f, "unit_id").parse().ok();
    let input = ReportInput {
        kind: field(&f, "kind").into(),
        text: field(&f, "text").into(),
        unit_id: unit,
    };
    st.app
        .report_on_instruction(&ctx.actor()?, id, &input)
        .await?;
    let back = unit.map_or("/instructions".to_string(), |u| {
        format!("/instructions?unit_id={u}")
    });
    Ok(Redirect::to(&back).into_response())
}

async fn close(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>) -> Result<Response, Failure> {
    st.app.close_instruction(&ctx.actor()?, id).await?;
    Ok(Redirect::to("/instructions").into_response())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/instructions", get(list))
        .route("/instructions/{id}/report", post(report))
        .route("/instructions/{id}/close", post(close))
}
