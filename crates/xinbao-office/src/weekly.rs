//! The weekly list (清单) of items sent to the province, per county: how many each county
//! sent, how many the province adopted, by type, and every item — as a .docx on the official
//! page and as an .xlsx workbook.

use crate::OfficeError;
use crate::fonts::{BODY, HEI};
use crate::page::{TYPE_WIDTH, finish, run};
use crate::report::{cell, report_page, signed};
use crate::size;
use docx_rs::{Paragraph, Table, TableRow};

/// What a weekly list says.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct WeeklyList {
    /// E.g. "信息报送省委办公厅清单".
    pub title: String,
    pub office: String,
    /// "2026年11月16日至2026年11月22日".
    pub period: String,
    pub date: String,
    pub counties: Vec<WeeklyCounty>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct WeeklyCounty {
    pub name: String,
    pub sent: i64,
    pub adopted: i64,
    /// "动态信息2条、问题信息1条".
    pub types: String,
    pub items: Vec<WeeklyItem>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct WeeklyItem {
    pub unit: String,
    pub title: String,
    /// The type as named.
    pub item_type: String,
    /// "已采用", "待处理", …
    pub state: String,
}

const HEADS: [&str; 4] = ["县（市、区）", "报送", "采用", "类型"];

/// The list as a .docx: a summary table, then each county's items.
pub fn weekly_docx(w: &WeeklyList) -> Result<Vec<u8>, OfficeError> {
    let widths = [2600, 900, 900, 4445];
    debug_assert_eq!(widths.iter().sum::<usize>(), TYPE_WIDTH);
    let mut d = report_page(&w.title, &w.period);
    let mut rows = vec![TableRow::new(
        HEADS.iter().zip(widths).map(|(h, x)| cell(h, x)).collect(),
    )];
    for c in &w.counties {
        let cells = [
            c.name.clone(),
            c.sent.to_string(),
            c.adopted.to_string(),
            c.types.clone(),
        ];
        rows.push(TableRow::new(
            cells.iter().zip(widths).map(|(t, x)| cell(t, x)).collect(),
        ));
    }
    d = d
        .add_paragraph(Paragraph::new().add_run(run("一、报送情况", HEI, size::SAN)))
        .add_table(Table::new(rows).set_grid(widths.to_vec()))
        .add_paragraph(Paragraph::new().add_run(run("二、信息清单", HEI, size::SAN)));
    for c in &w.counties {
        d = d.add_paragraph(Paragraph::new().add_run(run(&c.name, HEI, size::SAN)));
        for (i, it) in c.items.iter().enumerate() {
            d = d.add_paragraph(Paragraph::new().add_run(run(
                &format!(
                    "{}．{}：{}（{}，{}）",
                    i + 1,
                    it.unit,
                    it.title,
                    it.item_type,
                    it.state
                ),
                BODY,
                size::SAN,
            )));
        }
    }
    d = signed(d, &w.office, &w.date);
    finish(d)
}

/// The list as an .xlsx workbook: one sheet of counties, one of items (values only).
pub fn weekly_xlsx(w: &WeeklyList) -> Result<Vec<u8>, OfficeError> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| OfficeError::Pack(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet().set_name("汇总").map_err(err)?;
    sheet
        .write_string_with_format(0, 0, &w.title, &bold)
        .map_err(err)?;
    sheet.write_string(1, 0, &w.period).map_err(err)?;
    for (i, (h, width)) in HEADS.iter().zip([28.0, 8.0, 8.0, 50.0]).enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        sheet
            .write_string_with_format(3, col, *h, &bold)
            .map_err(err)?;
        sheet.set_column_width(col, width).map_err(err)?;
    }
    for (i, c) in w.counties.iter().enumerate() {
        let row = u32::try_from(i + 4).unwrap_or(u32::MAX);
        sheet.write_string(row, 0, &c.name).map_err(err)?;
        sheet.write_number(row, 1, c.sent as f64).map_err(err)?;
        sheet.write_number(row, 2, c.adopted as f64).map_err(err)?;
        sheet.write_string(row, 3, &c.types).map_err(err)?;
    }
    let items = wb.add_worksheet().set_name("清单").map_err(err)?;
    for (i, (h, width)) in ["县（市、区）", "单位", "标题", "类型", "状态"]
        .iter()
        .zip([24.0, 24.0, 60.0, 12.0, 10.0])
        .enumerate()
    {
        let col = u16::try_from(i).unwrap_or(0);
        items
            .write_string_with_format(0, col, *h, &bold)
            .map_err(err)?;
        items.set_column_width(col, width).map_err(err)?;
    }
    let mut row = 1u32;
    for c in &w.counties {
        for it in &c.items {
            items.write_string(row, 0, &c.name).map_err(err)?;
            items.write_string(row, 1, &it.unit).map_err(err)?;
            items.write_string(row, 2, &it.title).map_err(err)?;
            items.write_string(row, 3, &it.item_type).map_err(err)?;
            items.write_string(row, 4, &it.state).map_err(err)?;
            row += 1;
        }
    }
    wb.save_to_buffer().map_err(err)
}
