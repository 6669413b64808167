//! An issue: the editor's page (items in order, columns, headlines, editor's note; freeze,
//! sign-off, publish), the print page in the official layout, and the phone-first reading
//! view where leaders read and write instructions.

use super::{Form, Page, field, render};
use crate::ctx::Ctx;
use crate::extract::{F, P};
use crate::failure::Failure;
use crate::server::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use xinbao_app::issue_document::IssueReading;
use xinbao_app::issue_edit::{IssueEdit, IssueEntryInput};
use xinbao_app::periodicals::IssueView;
use xinbao_app::{AppError, IssueDoc};
use xinbao_domain::periodical::{IssueAction, IssueStatus};
use xinbao_domain::scoring::Level;

#[derive(Template)]
#[template(path = "issue.html")]
struct IssuePage {
    page: Page,
    view: IssueView,
    doc: IssueDoc,
    columns: Vec<String>,
}

impl IssuePage {
    /// Is the step among those the app offers the caller?
    fn may(&self, action: IssueAction) -> bool {
        self.view.actions.contains(&action)
    }
}

async fn show(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let view = st.app.issue(&actor, id).await?;
    let doc = st.app.issue_document(&actor, id).await?;
    Ok(render(&IssuePage {
        page: Page::new(&ctx, "issue.title", "/periodicals"),
        columns: view
            .periodical
            .columns
            .lines()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect(),
        view,
        doc,
    }))
}

/// The edit form: `item` ids in page order, with `pos_{id}` (a new position), `column_{id}`,
/// `headline_{id}` and `drop_{id}` per item.
fn edit_of(f: &Form) -> IssueEdit {
    let mut rows: Vec<(f64, usize, IssueEntryInput)> = f
        .iter()
        .filter(|(k, _)| k == "item")
        .filter_map(|(_, v)| v.parse::<i64>().ok())
        .enumerate()
        .filter(|(_, id)| field(f, &format!("drop_{id}")).is_empty())
        .map(|(i, id)| {
            let pos = field(f, &format!("pos_{id}"))
                .trim()
                .parse()
                .unwrap_or(i as f64 + 1.0);
            let entry = IssueEntryInput {
                item_id: id,
                column: field(f, &format!("column_{id}")).into(),
                headline: field(f, &format!("headline_{id}")).into(),
            };
            (pos, i, entry)
        })
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    IssueEdit {
        items: rows.into_iter().map(|(_, _, e)| e).collect(),
        editor_note: field(f, "editor_note").into(),
        version: field(f, "version").parse().unwrap_or(0),
    }
}

async fn save(
    State(st): State<AppState>,
    ctx: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, Failure> {
    st.app.edit_issue(&ctx.actor()?, id, &edit_of(&f)).await?;
    Ok(Redirect::to(&format!("/issues/{id}")).into_response())
}

async fn step(
    State(st): State<AppState>,
    ctx: Ctx,
    P((id, action)): P<(i64, String)>,
    F(f): F<Form>,
) -> Result<Response, Failure> {
    let action = IssueAction::from_code(&action).ok_or(Failure(AppError::NotFound))?;
    st.app
        .issue_step(&ctx.actor()?, id, action, field(&f, "reason"))
        .await?;
    Ok(Redirect::to(&format!("/issues/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "issue_print.html")]
struct PrintPage {
    page: Page,
    issue_id: i64,
    doc: IssueDoc,
}

impl PrintPage {
    /// A column heading is printed where the column changes.
    fn column_starts(&self, i: &usize) -> bool {
        column_starts(&self.doc, *i)
    }
}

fn column_starts(doc: &IssueDoc, i: usize) -> bool {
    let col = |i: usize| doc.entries.get(i).map(|e| e.column.as_str()).unwrap_or("");
    !col(i).is_empty() && (i == 0 || col(i - 1) != col(i))
}

async fn print(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>) -> Result<Response, Failure> {
    let doc = st.app.issue_document(&ctx.actor()?, id).await?;
    Ok(render(&PrintPage {
        page: Page::new(&ctx, "issue.print_view", "/periodicals"),
        issue_id: id,
        doc,
    }))
}

#[derive(Template)]
#[template(path = "issue_read.html")]
struct ReadPage {
    page: Page,
    r: IssueReading,
    units: Vec<(i64, String)>,
}

impl ReadPage {
    fn column_starts(&self, i: &usize) -> bool {
        column_starts(&self.r.doc, *i)
    }

    fn instructions_on(&self, item: &i64) -> Vec<&xinbao_app::instructions::InstructionView> {
        self.r
            .instructions
            .iter()
            .filter(|v| v.instruction.item_id == *item)
            .collect()
    }

    fn unit_name(&self, id: &i64) -> String {
        self.units
            .iter()
            .find(|(u, _)| u == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    }
}

async fn read(State(st): State<AppState>, ctx: Ctx, P(id): P<i64>) -> Result<Response, Failure> {
    let actor = ctx.actor()?;
    let r = st.app.read_issue(&actor, id).await?;
    let office = r.issue.periodical.office_id;
    let org = st.app.organisation(&actor).await?;
    // The units below the office that may be assigned (a county's or city's; a province
    // assigns through the API or picks from the first 300 by name).
    let mut units: Vec<(i64, String)> = org
        .tree
        .descendants(xinbao_domain::UnitId(office))
        .into_iter()
        .filter(|u| org.rows.get(&u.0).is_some_and(|r| r.active))
        .map(|u| (u.0, org.name(u.0)))
        .collect();
    units.sort_by(|a, b| a.1.cmp(&b.1));
    units.truncate(300);
    Ok(render(&ReadPage {
        page: Page::new(&ctx, "issue.read", "/periodicals"),
        r,
        units,
    }))
}

async fn instruct(
    State(st): State<AppState>,
    ctx: Ctx,
    P((issue, item)): P<(i64, i64)>,
    F(f): F<Form>,
) -> Result<Response, Failure> {
    let input = xinbao_app::instructions::InstructionInput {
        text: field(&f, "text").into(),
        leader_level: field(&f, "leader_level").into(),
        leader_name: field(&f, "leader_name").into(),
        assignee_unit_ids: f
            .iter()
            .filter(|(k, _)| k == "unit")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
        due_in_working_days: field(&f, "due_days").trim().parse().ok(),
        source: field(&f, "source").into(),
        issue_id: Some(issue),
    };
    st.app.add_instruction(&ctx.actor()?, item, &input).await?;
    Ok(Redirect::to(&format!("/issues/{issue}/read#item-{item}")).into_response())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/issues/{id}", get(show).post(save))
        .route("/issues/{id}/step/{action}", post(step))
        .route("/issues/{id}/print", get(print))
        .route("/issues/{id}/read", get(read))
        .route("/issues/{id}/items/{item}/instructions", post(instruct))
}
