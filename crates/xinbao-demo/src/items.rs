//! Items for the demo province: real-looking Chinese text in every state at every level, so
//! a newcomer sees a living system on first start.

use xinbao_app::{Actor, App, ItemInput, Result};

const TEXTS: [(&str, &str, &str); 10] = [
    (
        "{u}秸秆禁烧工作实现“零火点”",
        "dynamic",
        "今年秋收以来，{u}坚持“疏堵结合、以疏为主”，组建网格巡查队伍42支，落实镇村干部包片责任，全域未发现秸秆焚烧火点。\n截至10月底，秸秆综合利用率达到93.6%，同比提高4.2个百分点。",
    ),
    (
        "{u}“一窗通办”让群众办事最多跑一次",
        "experience",
        "{u}将原有11个业务窗口整合为4个综合窗口，推行“前台综合受理、后台分类审批、统一窗口出件”。\n运行三个月来，群众平均办事时间由45分钟缩短至18分钟，满意率达99.2%。",
    ),
    (
        "{u}农村养老服务存在三个短板亟待解决",
        "problem",
        "调研发现，{u}农村互助养老点普遍存在运营经费不足、护理人员短缺、服务内容单一等问题。\n建议：一是将互助养老点运营补贴纳入财政预算；二是开展护理员专项培训；三是引入社会组织参与运营。",
    ),
    (
        "{u}群众对冬季供暖价格调整反映较大",
        "sentiment",
        "近期，{u}部分群众通过热线和网络平台反映冬季供暖价格调整幅度较大，主要集中在老旧小区。\n建议有关部门加强政策解读，对困难群众给予适当补助。",
    ),
    (
        "{u}高标准农田建设进展顺利",
        "dynamic",
        "{u}今年计划新建高标准农田2.3万亩，目前已完成1.9万亩，完成率82.6%。\n项目区亩均增产预计达到50公斤以上。",
    ),
    (
        "{u}探索“党建+网格”基层治理新模式",
        "experience",
        "{u}将党支部建在网格上，全域划分网格156个，配备专兼职网格员312名。\n今年以来，通过网格发现并化解矛盾纠纷286件，化解率97%。",
    ),
    (
        "关于{u}中小企业融资难问题的调研报告",
        "research",
        "为摸清中小企业融资情况，{u}对辖区86家中小企业开展专题调研。\n调研显示，62%的企业反映抵押物不足，48%的企业反映贷款审批周期长。建议设立政府性融资担保基金，推广“信易贷”模式。",
    ),
    (
        "{u}冬季安全生产大检查发现隐患127处",
        "dynamic",
        "{u}组织开展冬季安全生产大检查，共检查企业215家，发现隐患127处，已整改113处。\n对14处重大隐患实行挂牌督办，确保年底前全部整改到位。",
    ),
    (
        "{u}乡村振兴示范村建设成效明显",
        "experience",
        "{u}按照“一村一品”思路，打造乡村振兴示范村8个，发展特色产业基地12个。\n示范村村集体经济收入平均达到35万元，带动农户增收显著。",
    ),
    (
        "{u}部分在建工程存在拖欠农民工工资苗头",
        "problem",
        "近期，{u}排查发现3个在建工程项目存在拖欠农民工工资的苗头性问题，涉及农民工约170人。\n建议住建、人社部门提前介入，督促企业落实工资专户制度，防止矛盾激化。",
    ),
];

fn input(i: usize, unit: &str) -> ItemInput {
    let (title, kind, body) = TEXTS[i % TEXTS.len()];
    ItemInput {
        title: title.replace("{u}", unit),
        body: body.replace("{u}", unit),
        item_type: kind.into(),
        ..Default::default()
    }
}

async fn demo_draft(app: &App, user: &str, n: usize, unit: &str) -> Result<(Actor, i64)> {
    let a = app.actor_named(user).await?;
    let id = app.create_item(&a, &input(n, unit), None).await?.id;
    Ok((a, id))
}

/// Items in every state at every level of the demo province.
pub async fn build_demo_items(app: &App) -> Result<usize> {
    let mut made = 0;
    let counties = [
        ("c1x1", "c1", "东城"),
        ("c1x2", "c1", "西林"),
        ("c2x1", "c2", "湖滨"),
        ("c3x1", "c3", "沙河"),
    ];
    for (k, (x, c, name)) in counties.iter().enumerate() {
        let editor = app.actor_named(&format!("{x}-editor")).await?;
        let signer = app.actor_named(&format!("{x}-signer1")).await?;
        let city_editor = app.actor_named(&format!("{c}-editor")).await?;
        let city_signer = app.actor_named(&format!("{c}-signer1")).await?;
        // Adopted at the county, sent up, signed off and adopted by the city.
        let (o1, a) =
            demo_draft(app, &format!("{x}t1-officer"), k, &format!("{name}城关镇")).await?;
        app.submit_item(&o1, a).await?;
        app.adopt_item(&editor, a, Some("每日要情")).await?;
        let up = app.forward_item(&editor, a, false).await?.id;
        app.approve_item(&signer, up, "同意报送").await?;
        if k % 2 == 0 {
            app.adopt_item(&city_editor, up, Some("信息专报")).await?;
        } else {
            app.receive_item(&city_editor, up).await?;
        }
        // Adopted at the county for its own periodical.
        let (o0, j) = demo_draft(
            app,
            &format!("{x}p1-officer"),
            k + 9,
            &format!("{name}第一中学"),
        )
        .await?;
        app.submit_item(&o0, j).await?;
        if x.ends_with("x1") {
            // A direct-report point of the first county reports straight to the city.
            app.receive_item(&city_editor, j).await?;
        } else {
            app.adopt_item(&editor, j, Some("每日要情")).await?;
        }
        let (oa, ja) = demo_draft(
            app,
            &format!("{x}d2-officer"),
            k + 10,
            &format!("{name}教育局"),
        )
        .await?;
        app.submit_item(&oa, ja).await?;
        app.adopt_item(&editor, ja, None).await?;
        // Returned for revision, with the editor's comment.
        let (o2, b) = demo_draft(
            app,
            &format!("{x}t2-officer"),
            k + 1,
            &format!("{name}河口乡"),
        )
        .await?;
        app.submit_item(&o2, b).await?;
        app.return_item(&editor, b, "请补充具体数据和典型案例，突出工作成效。")
            .await?;
        // A draft still being written.
        demo_draft(
            app,
            &format!("{x}t3-officer"),
            k + 2,
            &format!("{name}新华街道"),
        )
        .await?;
        // Declined.
        let (o4, d) = demo_draft(
            app,
            &format!("{x}d1-officer"),
            k + 3,
            &format!("{name}发展和改革委员会"),
        )
        .await?;
        app.submit_item(&o4, d).await?;
        app.decline_item(&editor, d, "时效性不强", "相关情况已在上周报送。")
            .await?;
        // Important: waiting for the unit leader's sign-off.
        let mut imp = input(k + 4, &format!("{name}教育局"));
        imp.importance = Some("important".into());
        let o5 = app.actor_named(&format!("{x}d2-officer")).await?;
        let e = app.create_item(&o5, &imp, None).await?.id;
        app.submit_item(&o5, e).await?;
        // On hold, in reserve, and two merged into a combined item sent up.
        let (o6, f) = demo_draft(
            app,
            &format!("{x}t1-officer"),
            k + 5,
            &format!("{name}城关镇"),
        )
        .await?;
        app.submit_item(&o6, f).await?;
        app.hold_item(&editor, f, "数据需与统计部门核实").await?;
        let (o7, g) = demo_draft(
            app,
            &format!("{x}d1-officer"),
            k + 6,
            &format!("{name}发展和改革委员会"),
        )
        .await?;
        app.submit_item(&o7, g).await?;
        app.reserve_item(&editor, g, "").await?;
        let (o8, h) = demo_draft(
            app,
            &format!("{x}t2-officer"),
            k + 7,
            &format!("{name}河口乡"),
        )
        .await?;
        app.submit_item(&o8, h).await?;
        let (o9, i) = demo_draft(
            app,
            &format!("{x}t3-officer"),
            k + 8,
            &format!("{name}新华街道"),
        )
        .await?;
        app.submit_item(&o9, i).await?;
        let merged = ItemInput {
                title: format!("{name}多措并举推进基层重点工作"),
                body: "各乡镇（街道）围绕中心工作，主动作为、攻坚克难，重点工作取得阶段性成效。\n下一步将继续压实责任，确保年度目标任务全面完成。".into(),
                item_type: "combined".into(),
                ..Default::default()
            };
        let cid = app.merge_items(&editor, &[h, i], &merged).await?.id;
        if k == 0 {
            let up = app.forward_item(&editor, cid, false).await?.id;
            app.approve_item(&signer, up, "").await?;
            app.adopt_item(&city_editor, up, Some("每日要情")).await?;
            let top = app.forward_item(&city_editor, up, false).await?.id;
            app.approve_item(&city_signer, top, "").await?;
            let prov = app.actor_named("sheng-editor").await?;
            app.adopt_item(&prov, top, Some("江川信息")).await?;
        }
        made += 12;
    }
    Ok(made)
}
