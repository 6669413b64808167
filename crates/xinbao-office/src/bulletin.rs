//! A bulletin (通报) of an office's information work in a period: each unit's items sent and
//! adopted, adoption rate, points and rank, and the items adopted or instructed with their
//! marks — as a .docx on the official page and as an .xlsx workbook.

use crate::OfficeError;
use crate::fonts::{BODY, HEI};
use crate::page::{TYPE_WIDTH, finish, run};
use crate::report::{cell, report_page, signed};
use crate::size;
use docx_rs::{Paragraph, Table, TableRow};

/// What a bulletin says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BulletinDoc {
    /// E.g. "2026年第三季度党政信息工作通报".
    pub title: String,
    pub office: String,
    /// "2026年7月1日至2026年9月30日".
    pub period: String,
    pub date: String,
    pub rows: Vec<BulletinRow>,
    pub items: Vec<BulletinItem>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct BulletinRow {
    pub rank: usize,
    /// The rank among the units of the same kind.
    pub kind_rank: usize,
    pub unit: String,
    /// The unit's kind, as named (乡镇, 县直部门, …).
    pub kind: String,
    pub sent: i64,
    pub adopted: i64,
    pub points: f64,
}

impl BulletinRow {
    /// Adopted per sent, as a percentage with one decimal ("—" when nothing was sent).
    pub fn rate(&self) -> String {
        if self.sent == 0 {
            "—".into()
        } else {
            format!("{:.1}%", self.adopted as f64 * 100.0 / self.sent as f64)
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct BulletinItem {
    pub unit: String,
    pub title: String,
    /// Where it was adopted or instructed: "市《信息专报》采用；县领导批示".
    pub marks: String,
}

const HEADS: [&str; 8] = [
    "名次",
    "类内名次",
    "单位",
    "类别",
    "报送",
    "采用",
    "采用率",
    "积分",
];

fn points(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p:.2}")
    }
}

/// The bulletin as a .docx.
pub fn bulletin_docx(b: &BulletinDoc) -> Result<Vec<u8>, OfficeError> {
    let widths = [700, 800, 2500, 1245, 850, 850, 950, 950];
    debug_assert_eq!(widths.iter().sum::<usize>(), TYPE_WIDTH);
    let mut d = report_page(&b.title, &b.period);
    let mut rows = vec![TableRow::new(
        HEADS.iter().zip(widths).map(|(h, w)| cell(h, w)).collect(),
    )];
    for r in &b.rows {
        let cells = [
            r.rank.to_string(),
            r.kind_rank.to_string(),
            r.unit.clone(),
            r.kind.clone(),
            r.sent.to_string(),
            r.adopted.to_string(),
            r.rate(),
            points(r.points),
        ];
        rows.push(TableRow::new(
            cells.iter().zip(widths).map(|(c, w)| cell(c, w)).collect(),
        ));
    }
    d = d
        .add_paragraph(Paragraph::new().add_run(run("一、各单位报送采用情况", HEI, size::SAN)))
        .add_table(Table::new(rows).set_grid(widths.to_vec()))
        .add_paragraph(Paragraph::new().add_run(run("二、采用及批示信息", HEI, size::SAN)));
    for (i, it) in b.items.iter().enumerate() {
        d = d.add_paragraph(Paragraph::new().add_run(run(
            &format!("{}．{}：{}（{}）", i + 1, it.unit, it.title, it.marks),
            BODY,
            size::SAN,
        )));
    }
    d = signed(d, &b.office, &b.date);
    finish(d)
}

/// The bulletin as an .xlsx workbook: the units table and the items list (values, no
/// formulas, so every reader shows the same figures; column widths set for Chinese text).
pub fn bulletin_xlsx(b: &BulletinDoc) -> Result<Vec<u8>, OfficeError> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| OfficeError::Pack(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet().set_name("通报").map_err(err)?;
    sheet
        .write_string_with_format(0, 0, &b.title, &bold)
        .map_err(err)?;
    sheet.write_string(1, 0, &b.period).map_err(err)?;
    for (i, (h, w)) in HEADS
        .iter()
        .zip([6.0, 8.0, 30.0, 14.0, 8.0, 8.0, 10.0, 10.0])
        .enumerate()
    {
        let col = u16::try_from(i).unwrap_or(0);
        sheet
            .write_string_with_format(3, col, *h, &bold)
            .map_err(err)?;
        sheet.set_column_width(col, w).map_err(err)?;
    }
    for (i, r) in b.rows.iter().enumerate() {
        let row = u32::try_from(i + 4).unwrap_or(u32::MAX);
        sheet.write_number(row, 0, r.rank as f64).map_err(err)?;
        sheet
            .write_number(row, 1, r.kind_rank as f64)
            .map_err(err)?;
        sheet.write_string(row, 2, &r.unit).map_err(err)?;
        sheet.write_string(row, 3, &r.kind).map_err(err)?;
        sheet.write_number(row, 4, r.sent as f64).map_err(err)?;
        sheet.write_number(row, 5, r.adopted as f64).map_err(err)?;
        sheet.write_string(row, 6, r.rate()).map_err(err)?;
        sheet.write_number(row, 7, r.points).map_err(err)?;
    }
    let items = wb.add_worksheet().set_name("采用及批示").map_err(err)?;
    for (i, (h, w)) in ["序号", "单位", "标题", "采用及批示"]
        .iter()
        .zip([6.0, 24.0, 60.0, 40.0])
        .enumerate()
    {
        let col = u16::try_from(i).unwrap_or(0);
        items
            .write_string_with_format(0, col, *h, &bold)
            .map_err(err)?;
        items.set_column_width(col, w).map_err(err)?;
    }
    for (i, it) in b.items.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        items.write_number(row, 0, (i + 1) as f64).map_err(err)?;
        items.write_string(row, 1, &it.unit).map_err(err)?;
        items.write_string(row, 2, &it.title).map_err(err)?;
        items.write_string(row, 3, &it.marks).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}
