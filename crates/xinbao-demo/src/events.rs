//! Sudden events for the demo province: a closed event with reports in time and late, a
//! verification that found a false report, an open event with met, overdue and open limits,
//! and one just registered — so the dashboard, the clocks and the ledger have something to
//! show. History is made by running the real use cases on a clock set in the past.

use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use xinbao_app::events::{
    EventInput, ReportInput, TimeInput, VerificationInput, VerificationResultInput,
};
use xinbao_app::{App, AppError, Result};
use xinbao_domain::{ManualClock, Timestamp};

const MIN: i64 = 60;

fn elements(place: &str) -> BTreeMap<String, String> {
    let v = json!({
        "occurred_at": "当日8时40分", "place": place, "source": "乡镇应急办电话报告",
        "nature": "山洪灾害", "scope_trend": "洪水已退，影响两个村民小组", "casualties": "无人员伤亡，冲毁农田约60亩",
        "measures": "转移群众86人，抢修道路", "leaders_on_site": "县委副书记、副县长到场指挥",
        "requests": "请求调拨救灾帐篷20顶", "received_at": "当日9时05分"
    });
    serde_json::from_value(v).unwrap_or_default()
}

async fn unit_named(app: &App, name: &str) -> Result<i64> {
    let org = app.organisation(&xinbao_app::Actor::system()).await?;
    org.rows
        .values()
        .find(|u| u.name == name)
        .map(|u| u.id)
        .ok_or(AppError::NotFound)
}

async fn report_as(
    app: &App,
    user: &str,
    event: i64,
    kind: &str,
    body: &str,
    els: BTreeMap<String, String>,
) -> Result<()> {
    let actor = app.actor_named(user).await?;
    let input = ReportInput {
        kind: kind.into(),
        unit_id: None,
        body: body.into(),
        elements: els,
        caller: (kind == "phone").then(|| "值班员".to_string()),
        called_at: None,
    };
    app.add_report(&actor, event, &input).await.map(|_| ())
}

/// Builds the demo's events; the clock of `app` is "now".
pub async fn build_demo_events(app: &App) -> Result<()> {
    let now = app.now();
    let dongcheng = unit_named(app, "中共青山市东城区委办公室").await?;
    let xilin = unit_named(app, "中共青山市西林县委办公室").await?;
    let nanxi = unit_named(app, "中共青山市南溪县委办公室").await?;
    let beigang = unit_named(app, "中共青山市北岗县委办公室").await?;
    let city_editor = app.actor_named("c1-editor").await?;

    // A week ago: a flash flood; Dongcheng reports in time, Xilin late; then both close it.
    let clock = Arc::new(ManualClock::new(now.plus_seconds(-7 * 24 * 3600)));
    let past = app.clone().with_clock(clock.clone());
    let flood = EventInput {
        title: "西林县、东城区局地山洪灾害".into(),
        severity: "II".into(),
        unit_ids: vec![dongcheng, xilin],
        occurred_at: None,
        received_at: None,
        description: "受强降雨影响，西林县、东城区部分乡镇发生山洪。".into(),
        place: "西林县白石镇、东城区河口街道".into(),
        source: "省气象台预警及县应急局电话".into(),
        zero_report: false,
        office_id: None,
    };
    let e1 = past.register_event(&city_editor, &flood).await?.event.id;
    clock.advance_seconds(12 * MIN);
    report_as(
        &past,
        "c1x1-editor",
        e1,
        "phone",
        "河口街道出现山洪，正在转移群众",
        BTreeMap::new(),
    )
    .await?;
    clock.advance_seconds(30 * MIN);
    report_as(
        &past,
        "c1x1-editor",
        e1,
        "written",
        "东城区山洪灾害初报",
        elements("东城区河口街道"),
    )
    .await?;
    clock.advance_seconds(33 * MIN);
    past.tick().await?;
    report_as(
        &past,
        "c1x2-editor",
        e1,
        "written",
        "西林县山洪灾害初报（迟报）",
        elements("西林县白石镇"),
    )
    .await?;
    clock.advance_seconds(20 * MIN);
    let reports = past.event(&city_editor, e1).await?.reports;
    let doubtful = reports
        .iter()
        .rev()
        .find(|r| r.report.unit_id == xilin)
        .map(|r| r.report.id);
    let editor2 = app.actor_named("c1-editor2").await?;
    let v = past
        .assign_verification(
            &city_editor,
            e1,
            &VerificationInput {
                report_id: doubtful,
                unit_id: None,
                conflict: "县水利局报告冲毁农田约300亩，与上报的60亩严重不符".into(),
                assignee_id: editor2.principal.person_id.0,
                due_at: None,
            },
        )
        .await?;
    clock.advance_seconds(3 * 3600);
    past.complete_verification(
        &editor2,
        v.id,
        &VerificationResultInput {
            outcome: "false".into(),
            result: "经现场核查，冲毁农田实为310亩，县里上报数字失实".into(),
        },
    )
    .await?;
    clock.advance_seconds(20 * 3600);
    report_as(
        &past,
        "c1x1-editor",
        e1,
        "final",
        "东城区灾后恢复完毕，终报",
        BTreeMap::new(),
    )
    .await?;
    report_as(
        &past,
        "c1x2-editor",
        e1,
        "final",
        "西林县灾后恢复完毕，终报",
        BTreeMap::new(),
    )
    .await?;

    // Forty minutes ago: a chemical plant fire; Nanxi has phoned, Beigang has not.
    let clock = Arc::new(ManualClock::new(now.plus_seconds(-40 * MIN)));
    let recent = app.clone().with_clock(clock.clone());
    let fire = EventInput {
        title: "南溪县化工园区一企业发生火灾".into(),
        severity: "II".into(),
        unit_ids: vec![nanxi, beigang],
        description: "网络舆情监测发现南溪县化工园区浓烟，北岗县与之相邻。".into(),
        place: "南溪县化工园区".into(),
        source: "网络舆情".into(),
        occurred_at: Some(TimeInput::Millis(now.plus_seconds(-55 * MIN).0)),
        ..flood.clone()
    };
    let e2 = recent.register_event(&city_editor, &fire).await?.event.id;
    clock.advance_seconds(15 * MIN);
    report_as(
        &recent,
        "c1x3-editor",
        e2,
        "phone",
        "园区一仓库起火，消防已到场，暂无人员伤亡",
        BTreeMap::new(),
    )
    .await?;
    clock.set(Timestamp(now.0));
    recent.tick().await?;

    // Just now: a level III traffic accident, every limit still open.
    let road = EventInput {
        title: "东城区G205国道发生一起较大交通事故".into(),
        severity: "III".into(),
        unit_ids: vec![dongcheng],
        description: "一辆客车与货车相撞，具体伤亡正在核实。".into(),
        place: "G205国道东城区段".into(),
        source: "市公安局交警支队通报".into(),
        ..flood
    };
    app.register_event(&city_editor, &road).await?;
    Ok(())
}
