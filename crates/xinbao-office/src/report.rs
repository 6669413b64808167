//! What the office's reports share (bulletins, weekly lists): the official page with a
//! centred title and the period under it, small centred table cells, and the office and date
//! at the foot, right-aligned.

use crate::fonts::{BODY, TITLE};
use crate::page::{official_page, run};
use crate::size;
use docx_rs::{AlignmentType, Docx, LineSpacing, Paragraph, TableCell, WidthType};

/// The official page opening with `title` and `（period）`.
pub(crate) fn report_page(title: &str, period: &str) -> Docx {
    official_page()
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(240))
                .add_run(run(title, TITLE, size::ER)),
        )
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &format!("（{period}）"),
            BODY,
            size::SAN,
        )))
}

/// A table cell of `width` twentieths of a point, its text centred in 四号.
pub(crate) fn cell(text: &str, width: usize) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run(text, BODY, size::SI)),
    )
}

/// The issuing office and the date, right-aligned, closing the report.
pub(crate) fn signed(mut d: Docx, office: &str, date: &str) -> Docx {
    for line in [office, date] {
        d = d.add_paragraph(Paragraph::new().align(AlignmentType::Right).add_run(run(
            line,
            BODY,
            size::SAN,
        )));
    }
    d
}
