//! CSV exports. Every cell goes through [`csv_cell`], so text a spreadsheet would run as a
//! formula (OWASP "CSV injection") is exported as plain text; [`CsvExport`] is the one writer.

use crate::{AppError, Result};
use std::borrow::Cow;

/// A cell as exported: one that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
/// gets a leading `'`, which Excel, WPS and LibreOffice show as text and never evaluate.
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A CSV file in UTF-8 with a byte-order mark (so Excel and WPS read Chinese), every cell
/// neutralised by [`csv_cell`].
pub struct CsvExport {
    w: csv::Writer<Vec<u8>>,
}

impl CsvExport {
    pub fn new() -> CsvExport {
        CsvExport {
            w: csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]),
        }
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<()> {
        self.w
            .write_record(cells.iter().map(|c| csv_cell(c.as_ref()).into_owned()))
            .map_err(|e| AppError::Internal(e.to_string()))
    }

    pub fn finish(self) -> Result<Vec<u8>> {
        self.w
            .into_inner()
            .map_err(|e| AppError::Internal(e.to_string()))
    }
}

impl Default for CsvExport {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_evaluate_are_exported_as_text() {
        for (cell, want) in [
            ("=1+1", "'=1+1"),
            ("+86 138", "'+86 138"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=cmd", "'\t=cmd"),
            ("\r=cmd", "'\r=cmd"),
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ] {
            assert_eq!(csv_cell(cell), want);
        }
    }

    #[test]
    fn ordinary_cells_are_left_alone() {
        for cell in ["", "王强", "a=b", "1-2", "13800138001", " =x", "'quoted"] {
            assert!(matches!(csv_cell(cell), Cow::Borrowed(c) if c == cell));
        }
    }

    #[test]
    fn an_export_starts_with_a_byte_order_mark_and_neutralises_every_cell() {
        let mut out = CsvExport::new();
        out.row(&["列", "=cmd|' /C calc'!A0"]).unwrap();
        out.row(&[String::from("@x"), String::from("ok")]).unwrap();
        let bytes = out.finish().unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "列,'=cmd|' /C calc'!A0\n'@x,ok\n");
    }
}
