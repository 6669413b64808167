//! Periodicals for the demo province: each county office of the first city gets its
//! periodicals, and the first county publishes an issue from its adopted items with a leader's
//! instruction assigning a township to act.

use xinbao_app::instruction_follow::ReportInput;
use xinbao_app::instructions::InstructionInput;
use xinbao_app::periodicals::{IssueInput, PeriodicalInput};
use xinbao_app::{App, Result};
use xinbao_domain::Role;
use xinbao_domain::periodical::IssueAction;
use xinbao_store::inbox::Filter;

const NAMES: [(&str, bool); 4] = [
    ("每日要情", true),
    ("信息专报", true),
    ("社情民意", false),
    ("参阅件", false),
];

pub async fn build_demo_periodicals(app: &App) -> Result<()> {
    let editor = app.actor_named("c1x1-editor").await?;
    let mut all = Vec::new();
    for (name, total) in NAMES {
        let input = PeriodicalInput {
            name: name.into(),
            restart_yearly: true,
            running_total: total,
            signoff_level: Some("section".into()),
            copies: 60,
            dist_up: "市委办公室".into(),
            dist_side: "县人大常委会办公室、县政府办公室、县政协办公室".into(),
            dist_down: "各乡镇党委，县委各部门".into(),
            columns: if name == "每日要情" {
                "工作动态\n基层信息".into()
            } else {
                String::new()
            },
            secrecy: if name == "参阅件" {
                "内部资料".into()
            } else {
                String::new()
            },
            ..Default::default()
        };
        all.push(app.create_periodical(&editor, &input).await?.id);
    }
    let filter = Filter {
        statuses: xinbao_domain::item::ItemStatus::ADOPTED_AS_IS.to_vec(),
        ..Default::default()
    };
    let adopted = app.inbox(&editor, None, &filter, 6, 0).await?.items;
    if adopted.len() < 2 {
        return Ok(());
    }
    let signer = app.actor_named("c1x1-signer1").await?;
    let ids: Vec<i64> = adopted.iter().map(|l| l.id).collect();
    // Every periodical publishes an issue of two adopted items.
    for (k, periodical) in all.iter().enumerate() {
        let mut chunk = vec![ids[(2 * k) % ids.len()], ids[(2 * k + 1) % ids.len()]];
        chunk.dedup();
        let issue = app
            .create_issue(
                &editor,
                *periodical,
                &IssueInput {
                    item_ids: chunk,
                    ..Default::default()
                },
            )
            .await?;
        app.issue_step(&editor, issue.issue.id, IssueAction::Freeze, "")
            .await?;
        app.issue_step(&signer, issue.issue.id, IssueAction::SignOff, "")
            .await?;
        app.issue_step(&editor, issue.issue.id, IssueAction::Publish, "")
            .await?;
    }
    let reader = app.actor_named("c1x1-reader").await?;
    let township = adopted.first().map(|l| l.unit_id);
    let instruction = InstructionInput {
        text: "此项工作要抓紧抓实，请有关乡镇及时报告进展。".into(),
        leader_level: "county".into(),
        leader_name: "县委书记".into(),
        assignee_unit_ids: township.into_iter().collect(),
        due_in_working_days: Some(5),
        ..Default::default()
    };
    let first = app.add_instruction(&reader, ids[0], &instruction).await?;
    demo_follow_up(app, &editor, &reader, &ids, first.instruction.id, township).await
}

/// Instructions in several states: one with a progress report, one done and closed, one
/// given on paper and recorded by the editor, still open.
async fn demo_follow_up(
    app: &App,
    editor: &xinbao_app::Actor,
    reader: &xinbao_app::Actor,
    ids: &[i64],
    first: i64,
    township: Option<i64>,
) -> Result<()> {
    let Some(unit) = township else {
        return Ok(());
    };
    // An officer of the assigned unit reports back.
    let holder = app
        .people_in_unit(&xinbao_app::Actor::system(), unit)
        .await?
        .into_iter()
        .filter(|p| p.active)
        .find(|p| {
            p.roles
                .iter()
                .any(|r| r.unit_id == unit && r.role == Role::Officer)
        })
        .map(|p| p.id);
    let Some(holder) = holder else {
        return Ok(());
    };
    let officer = xinbao_app::Actor::new(app.principal(holder).await?, None);
    let report = |kind: &str, text: &str| ReportInput {
        kind: kind.into(),
        text: text.into(),
        unit_id: Some(unit),
    };
    app.report_on_instruction(
        &officer,
        first,
        &report("progress", "已召开专题会议部署，正在组织巡查。"),
    )
    .await?;
    if let Some(second) = ids.get(1) {
        let done = InstructionInput {
            text: "经验做法很好，请总结推广。".into(),
            leader_level: "county".into(),
            leader_name: "县长".into(),
            assignee_unit_ids: vec![unit],
            due_in_working_days: Some(3),
            ..Default::default()
        };
        let v = app.add_instruction(reader, *second, &done).await?;
        app.report_on_instruction(
            &officer,
            v.instruction.id,
            &report("done", "已形成经验材料并在全镇推广。"),
        )
        .await?;
        app.close_instruction(editor, v.instruction.id).await?;
    }
    if let Some(third) = ids.get(2) {
        let paper = InstructionInput {
            text: "请持续关注。".into(),
            leader_level: "city".into(),
            leader_name: "市委副书记".into(),
            source: "《每日要情》纸质件手写批示".into(),
            ..Default::default()
        };
        app.add_instruction(editor, *third, &paper).await?;
    }
    Ok(())
}
