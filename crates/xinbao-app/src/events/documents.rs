//! Printable documents: the reminder notice (重要紧急信息催报通知单) of an overdue deadline,
//! as .docx and as the data of its print page, and the ledger's period report as .docx and
//! .xlsx. Built off the async executor.

use super::LedgerView;
use crate::i18n::{local_time, tr};
use crate::{Actor, App, AppError, Result};
use docx_rs::{AlignmentType, Docx, Paragraph, Run, RunFonts};
use serde::Serialize;
use xinbao_domain::Timestamp;
use xinbao_store::{deadlines, events};

/// What a reminder notice says.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReminderNotice {
    pub id: i64,
    pub event_id: i64,
    /// 催报〔YYYY〕N号.
    pub number: String,
    pub unit_name: String,
    pub office_name: String,
    pub event_title: String,
    pub severity: String,
    pub kind: String,
    pub received_at: String,
    pub due_at: String,
    pub issued_at: String,
    /// The notice's body paragraph.
    pub text: String,
}

fn run(text: &str, font: &str, half_points: usize, bold: bool) -> Run {
    let r = Run::new()
        .add_text(text)
        .fonts(RunFonts::new().east_asia(font).ascii("Times New Roman"))
        .size(half_points);
    if bold { r.bold() } else { r }
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text, "仿宋_GB2312", 32, false))
}

fn pack(doc: Docx) -> Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(out.into_inner())
}

fn notice_docx(n: &ReminderNotice) -> Result<Vec<u8>> {
    let doc = Docx::new()
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            "重要紧急信息催报通知单",
            "方正小标宋简体",
            44,
            true,
        )))
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &n.number,
            "仿宋_GB2312",
            32,
            false,
        )))
        .add_paragraph(para(&format!("{}：", n.unit_name)))
        .add_paragraph(para(&format!("　　{}", n.text)))
        .add_paragraph(para(&format!(
            "　　事件：{}（{}）",
            n.event_title, n.severity
        )))
        .add_paragraph(para(&format!("　　接报时间：{}", n.received_at)))
        .add_paragraph(para(&format!(
            "　　应报事项：{}，时限 {}",
            n.kind, n.due_at
        )))
        .add_paragraph(Paragraph::new().align(AlignmentType::Right).add_run(run(
            &n.office_name,
            "仿宋_GB2312",
            32,
            false,
        )))
        .add_paragraph(Paragraph::new().align(AlignmentType::Right).add_run(run(
            &n.issued_at,
            "仿宋_GB2312",
            32,
            false,
        )));
    pack(doc)
}

fn ledger_docx(title: &str, rows: &[LedgerView]) -> Result<Vec<u8>> {
    let mut doc =
        Docx::new().add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            title,
            "方正小标宋简体",
            36,
            true,
        )));
    for (i, r) in rows.iter().enumerate() {
        let people: Vec<String> = r
            .people
            .iter()
            .map(|p| format!("{}（{}）", p.name, tr("zh-CN", &format!("role.{}", p.role))))
            .collect();
        let mut line = format!(
            "{}．{}　{}　{}　{}",
            i + 1,
            local_time(Timestamp(r.created_at)),
            r.unit_name,
            tr("zh-CN", &format!("ledger_kind.{}", r.kind)),
            r.facts
        );
        if !people.is_empty() {
            line.push_str(&format!("　责任人：{}", people.join("、")));
        }
        if let (Some(c), Some(reason)) = (r.corrects_id, &r.reason) {
            line.push_str(&format!("　（更正第{c}号记录：{reason}）"));
        }
        doc = doc.add_paragraph(para(&line));
    }
    pack(doc)
}

fn ledger_xlsx(rows: &[LedgerView]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet().set_name("责任台账").map_err(err)?;
    let heads = [
        "编号",
        "时间",
        "单位",
        "类型",
        "事实",
        "责任人",
        "更正记录",
        "理由",
    ];
    let widths = [8.0, 18.0, 24.0, 8.0, 60.0, 40.0, 10.0, 30.0];
    for (i, (h, w)) in heads.iter().zip(widths).enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        sheet
            .write_string_with_format(0, col, *h, &bold)
            .map_err(err)?;
        sheet.set_column_width(col, w).map_err(err)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(1);
        let people: Vec<String> = r.people.iter().map(|p| p.name.clone()).collect();
        let cells = [
            r.id.to_string(),
            local_time(Timestamp(r.created_at)),
            r.unit_name.clone(),
            tr("zh-CN", &format!("ledger_kind.{}", r.kind)),
            r.facts.clone(),
            people.join("、"),
            r.corrects_id.map(|c| c.to_string()).unwrap_or_default(),
            r.reason.clone().unwrap_or_default(),
        ];
        for (c, v) in cells.iter().enumerate() {
            sheet
                .write_string(row, u16::try_from(c).unwrap_or(0), v)
                .map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

impl App {
    /// The reminder notice, if the caller may see it (the office, or the unit it is addressed to).
    pub async fn reminder_notice(&self, actor: &Actor, id: i64) -> Result<ReminderNotice> {
        let org = self.org().await?;
        let mut r = self.store.read().await?;
        let c = &mut r.conn();
        let rem = deadlines::reminder(c, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let event = events::get(c, rem.event_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let allowed = actor.administers(&org.tree, event.office_id)
            || !actor.principal.roles_in(event.office_id).is_empty()
            || !actor.principal.roles_in(rem.unit_id).is_empty();
        if !allowed {
            return Err(AppError::Forbidden);
        }
        let d = deadlines::of_event(c, event.id)
            .await?
            .into_iter()
            .find(|d| d.id == rem.deadline_id)
            .ok_or(AppError::NotFound)?;
        let kind = tr("zh-CN", &format!("report_kind.{}", d.kind));
        let due = local_time(Timestamp(d.due_at));
        let issued = local_time(Timestamp(rem.created_at));
        let year = issued.get(0..4).unwrap_or("").to_string();
        Ok(ReminderNotice {
            id,
            event_id: event.id,
            number: format!("催报〔{year}〕{id}号"),
            unit_name: org.name(rem.unit_id),
            office_name: org.name(event.office_id),
            severity: tr("zh-CN", &format!("severity.{}", event.severity)),
            received_at: local_time(Timestamp(event.received_at)),
            text: format!(
                "你单位应于{due}前报送“{}”的{kind}，截至{issued}仍未收到。请立即报送，并书面说明迟报原因。",
                event.title
            ),
            event_title: event.title,
            kind,
            due_at: due,
            issued_at: issued,
        })
    }

    pub async fn reminder_docx(&self, actor: &Actor, id: i64) -> Result<(String, Vec<u8>)> {
        let n = self.reminder_notice(actor, id).await?;
        let name = format!("催报通知单-{}-{}.docx", n.unit_name, n.id);
        let bytes = self.heavy(move || notice_docx(&n)).await??;
        Ok((name, bytes))
    }

    /// The ledger of a period as `docx` or `xlsx`.
    pub async fn ledger_document(
        &self,
        actor: &Actor,
        from: i64,
        to: i64,
        format: &str,
    ) -> Result<(String, Vec<u8>)> {
        let rows = self.ledger(actor, from, to).await?;
        let span = format!(
            "{}至{}",
            local_time(Timestamp(from)).get(0..10).unwrap_or(""),
            local_time(Timestamp(to - 1)).get(0..10).unwrap_or("")
        );
        let title = format!("突发事件信息报送责任台账（{span}）");
        let format = format.to_string();
        let name = format!("责任台账-{span}.{format}");
        let bytes = self
            .heavy(move || match format.as_str() {
                "xlsx" => ledger_xlsx(&rows),
                _ => ledger_docx(&title, &rows),
            })
            .await??;
        Ok((name, bytes))
    }
}
