//! The official page (GB/T 9704-2012): A4, margins 37 / 26 / 35 / 28 mm (type area 156 × 225
//! mm), a 22-line grid of 3号仿宋, page numbers "— n —" outside; and the finished package
//! with the office fonts' table.

use crate::fonts::{BODY, LATIN, SONG, with_font_table};
use crate::{OfficeError, size};
use docx_rs::{
    AlignmentType, DocGrid, DocGridType, Docx, Footer, PageMargin, PageNum, Paragraph, Run,
    RunFonts,
};

/// The type area's width, 156 mm, in twentieths of a point.
pub(crate) const TYPE_WIDTH: usize = 8845;
/// The left margin, 28 mm.
pub(crate) const LEFT_MARGIN: i32 = 1587;
/// One of 22 lines in 225 mm, in twentieths of a point.
pub(crate) const LINE: i32 = 579;

pub(crate) fn fonts(east: &str) -> RunFonts {
    RunFonts::new().east_asia(east).ascii(LATIN).hi_ansi(LATIN)
}

pub(crate) fn run(text: &str, font: &str, half_points: usize) -> Run {
    Run::new()
        .add_text(text)
        .fonts(fonts(font))
        .size(half_points)
}

/// Page numbers: "— 1 —" in 4号宋体, odd pages right, even pages left, one character in.
fn page_number(align: AlignmentType) -> Footer {
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(align)
            .indent(Some(280), None, Some(280), None)
            .add_run(run("— ", SONG, size::SI))
            .add_page_num(PageNum::new())
            .add_run(run(" —", SONG, size::SI)),
    )
}

/// An empty document on the official page.
pub(crate) fn official_page() -> Docx {
    let mut d = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(2098)
                .bottom(1984)
                .left(LEFT_MARGIN)
                .right(1474)
                .header(851)
                .footer(1134),
        )
        .default_fonts(fonts(BODY))
        .default_size(size::SAN)
        .footer(page_number(AlignmentType::Right))
        .even_footer(page_number(AlignmentType::Left));
    d.document.section_property = d.document.section_property.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::Lines)
            .line_pitch(LINE as usize),
    );
    d
}

/// The document packed, with the office fonts' table.
pub(crate) fn finish(d: Docx) -> Result<Vec<u8>, OfficeError> {
    let mut out = std::io::Cursor::new(Vec::new());
    d.build()
        .pack(&mut out)
        .map_err(|e| OfficeError::Pack(e.to_string()))?;
    with_font_table(&out.into_inner())
}
