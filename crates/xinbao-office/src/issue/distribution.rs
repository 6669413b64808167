//! The distribution block at the foot of an issue's last page: 报 / 送 / 发 between a thick
//! and a thin rule, with the printing office, date and number of copies.

use super::{IssueDoc, THICK, THIN};
use crate::fonts::BODY;
use crate::page::{LEFT_MARGIN, TYPE_WIDTH, run};
use crate::size;
use docx_rs::{
    BorderType, Paragraph, Run, SpecialIndentType, Tab, TabValueType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TablePositionProperty, TableRow, WidthType,
};

fn block_row(p: Paragraph) -> TableRow {
    TableRow::new(vec![
        TableCell::new()
            .width(TYPE_WIDTH, WidthType::Dxa)
            .add_paragraph(p),
    ])
}

/// The distribution block (版记): 报 / 送 / 发 between a thick 0.35 mm rule above and thin
/// 0.25 mm rules between, then the printing office and date, the copies, and a thick rule;
/// a table floating at the foot of the last page's type area.
pub(super) fn distribution(doc: &IssueDoc) -> Table {
    let mut rows: Vec<TableRow> = doc
        .distribution_lines()
        .iter()
        .map(|l| {
            // Wrapped lines align after "报：".
            block_row(
                Paragraph::new()
                    .indent(
                        Some(280 + 560),
                        Some(SpecialIndentType::Hanging(560)),
                        Some(280),
                        None,
                    )
                    .add_run(run(l, BODY, size::SI)),
            )
        })
        .collect();
    let mut last = Paragraph::new()
        .indent(Some(280), None, Some(280), None)
        .add_tab(Tab::new().val(TabValueType::Right).pos(TYPE_WIDTH - 400))
        .add_run(run(&doc.imprint(), BODY, size::SI));
    if let Some(copies) = doc.copies_line() {
        last = last
            .add_run(Run::new().add_tab())
            .add_run(run(&copies, BODY, size::SI));
    }
    rows.push(block_row(last));
    let rule = |pos, size| {
        TableBorder::new(pos)
            .border_type(BorderType::Single)
            .size(size)
            .color("000000")
    };
    Table::new(rows)
        .set_grid(vec![TYPE_WIDTH])
        .width(TYPE_WIDTH, WidthType::Dxa)
        .set_borders(
            TableBorders::with_empty()
                .clear(TableBorderPosition::Left)
                .clear(TableBorderPosition::Right)
                .clear(TableBorderPosition::InsideV)
                .set(rule(TableBorderPosition::Top, THICK))
                .set(rule(TableBorderPosition::Bottom, THICK))
                .set(rule(TableBorderPosition::InsideH, THIN)),
        )
        .position(
            TablePositionProperty::new()
                .vertical_anchor("margin")
                .horizontal_anchor("page")
                .position_y_alignment("bottom")
                // From the page's edge: LibreOffice lays a floating table as wide as the text
                // area (as it reckons it) inline unless it is placed relative to the page.
                .position_x(LEFT_MARGIN),
        )
}
