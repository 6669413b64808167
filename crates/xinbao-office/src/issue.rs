//! An issue of a periodical (简报) in the official layout: A4, type area 156 × 225 mm, 22
//! lines of 3号仿宋 per page; the secrecy mark at upper left, the periodical's name large, red
//! and centred, the issue number under it, the issuing office at lower left and the date at
//! lower right above the red rule; then the editor's note, the columns and the items; at the
//! foot of the last page the distribution block 报 / 送 / 发 between a thick 0.35 mm and a
//! thin 0.25 mm rule, with the printing office, date and number of copies.

mod distribution;

use distribution::distribution;

use crate::fonts::{BODY, HEI, KAI, TITLE};
use crate::page::{LINE, TYPE_WIDTH, finish, official_page, run};
use crate::{OfficeError, size};
use docx_rs::{
    AlignmentType, BorderType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, SpecialIndentType, Tab, TabValueType,
};

/// The red of the header and the rule.
pub const RED: &str = "FF0000";
/// Two characters of 3号 (16 pt): the first-line indent of a paragraph.
const TWO_CHARS: i32 = 640;
/// 0.35 mm and 0.25 mm rules, in eighths of a point.
const THICK: usize = 8;
const THIN: usize = 6;

/// What an issue prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueDoc {
    /// The periodical's name, without 《》.
    pub periodical: String,
    /// The number line: "2026年第12期（总第345期）", "增刊第1期".
    pub number: String,
    pub office: String,
    /// The sign-off date, "2026年11月22日".
    pub date: String,
    /// Printed at upper left, e.g. "内部资料　注意保存".
    pub secrecy: String,
    /// 编者按, empty for none.
    pub editor_note: String,
    pub entries: Vec<Entry>,
    /// 报 (up), 送 (sideways), 发 (down): the distribution, as printed.
    pub dist_up: String,
    pub dist_side: String,
    pub dist_down: String,
    pub copies: i64,
}

/// One item in an issue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The item's id (for links on screen; not printed).
    pub item_id: i64,
    /// The column it is grouped under; a heading is printed where the column changes.
    pub column: String,
    pub headline: String,
    /// The body, one string per paragraph.
    pub paragraphs: Vec<String>,
    /// Who reported it, printed after the body in brackets.
    pub source: String,
}

impl IssueDoc {
    /// The distribution lines as printed: "报：…", "送：…", "发：…" (empty ones left out).
    pub fn distribution_lines(&self) -> Vec<String> {
        [
            ("报", &self.dist_up),
            ("送", &self.dist_side),
            ("发", &self.dist_down),
        ]
        .into_iter()
        .filter(|(_, list)| !list.trim().is_empty())
        .map(|(label, list)| format!("{label}：{}", list.trim()))
        .collect()
    }

    /// The last line of the block: who printed it and when.
    pub fn imprint(&self) -> String {
        format!("{}　　{}印发", self.office, self.date)
    }

    /// "（共印60份）", if the number of copies is set.
    pub fn copies_line(&self) -> Option<String> {
        (self.copies > 0).then(|| format!("（共印{}份）", self.copies))
    }
}

/// A paragraph on the 22-line grid.
fn line(p: Paragraph) -> Paragraph {
    p.line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Exact)
            .line(LINE),
    )
}

fn body_paragraph(text: &str) -> Paragraph {
    line(Paragraph::new().align(AlignmentType::Both))
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(TWO_CHARS)),
            None,
            None,
        )
        .add_run(run(text, BODY, size::SAN))
}

/// The name's size: as large as fits on one line of the type area.
fn name_size(name: &str) -> usize {
    match name.chars().count() {
        0..=9 => size::CHU,
        10..=12 => size::XIAO_CHU,
        _ => size::ER,
    }
}

fn header(doc: &IssueDoc) -> Vec<Paragraph> {
    let mut out = Vec::new();
    if !doc.secrecy.trim().is_empty() {
        out.push(line(Paragraph::new()).add_run(run(doc.secrecy.trim(), HEI, size::SAN)));
    }
    out.push(
        Paragraph::new()
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().before(360).after(240))
            .add_run(run(&doc.periodical, TITLE, name_size(&doc.periodical)).color(RED)),
    );
    out.push(
        line(Paragraph::new().align(AlignmentType::Center)).add_run(run(
            &doc.number,
            BODY,
            size::SAN,
        )),
    );
    let mut rule = line(Paragraph::new())
        .add_tab(Tab::new().val(TabValueType::Right).pos(TYPE_WIDTH))
        .add_run(run(&doc.office, BODY, size::SAN))
        .add_run(Run::new().add_tab())
        .add_run(run(&doc.date, BODY, size::SAN));
    rule.property = rule.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(18)
                .space(4)
                .color(RED),
        ),
    );
    out.push(rule);
    out.push(line(Paragraph::new()));
    out
}

fn editor_note(text: &str) -> Option<Paragraph> {
    let text = text.trim();
    (!text.is_empty()).then(|| {
        line(Paragraph::new().align(AlignmentType::Both))
            .indent(
                None,
                Some(SpecialIndentType::FirstLine(TWO_CHARS)),
                None,
                None,
            )
            .add_run(run("编者按：", HEI, size::SAN))
            .add_run(run(text, KAI, size::SAN))
    })
}

fn entries(list: &[Entry]) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut column = "";
    for (i, e) in list.iter().enumerate() {
        if !e.column.is_empty() && e.column != column {
            out.push(line(Paragraph::new()).add_run(run(
                &format!("【{}】", e.column),
                HEI,
                size::SAN,
            )));
        }
        column = &e.column;
        let before = if i == 0 { 0 } else { LINE as u32 };
        out.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .keep_next(true)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Exact)
                        .line(LINE + 120)
                        .before(before),
                )
                .add_run(run(&e.headline, TITLE, size::ER)),
        );
        for p in e.paragraphs.iter().filter(|p| !p.trim().is_empty()) {
            out.push(body_paragraph(p.trim()));
        }
        if !e.source.is_empty() {
            out.push(
                line(Paragraph::new().align(AlignmentType::Right)).add_run(run(
                    &format!("（{}）", e.source),
                    KAI,
                    size::SAN,
                )),
            );
        }
    }
    out
}

/// The issue as a .docx package.
pub fn issue_docx(doc: &IssueDoc) -> Result<Vec<u8>, OfficeError> {
    let mut d = official_page();
    for p in header(doc) {
        d = d.add_paragraph(p);
    }
    if let Some(p) = editor_note(&doc.editor_note) {
        d = d.add_paragraph(p);
    }
    for p in entries(&doc.entries) {
        d = d.add_paragraph(p);
    }
    d = d.add_table(distribution(doc));
    // Word wants a paragraph after a table that ends a document.
    d = d.add_paragraph(
        Paragraph::new().line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(20),
        ),
    );
    finish(d)
}

#[cfg(test)]
mod tests;
