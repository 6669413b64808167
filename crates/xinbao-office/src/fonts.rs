//! The fonts an office has, named as they are installed there, and their fallbacks. docx-rs
//! writes a fixed font table; we replace it with one that names each font's Chinese charset
//! (GB2312) and alternative names, so Word, WPS and LibreOffice pick a near font when the
//! office font is missing instead of a Latin one.

use crate::OfficeError;
use std::io::{Cursor, Write};

/// The issue header (periodical name) and item headlines.
pub const TITLE: &str = "方正小标宋简体";
/// Body text.
pub const BODY: &str = "仿宋_GB2312";
/// Column headings and the secrecy mark.
pub const HEI: &str = "黑体";
/// The editor's note and bylines.
pub const KAI: &str = "楷体_GB2312";
/// Page numbers.
pub const SONG: &str = "宋体";
/// Latin letters and digits.
pub const LATIN: &str = "Times New Roman";

/// (name, alternative names, family).
const TABLE: &[(&str, &str, &str)] = &[
    (
        TITLE,
        "方正小标宋_GBK,华文中宋,宋体,SimSun,Noto Serif CJK SC",
        "roman",
    ),
    (BODY, "仿宋,FangSong,华文仿宋,Noto Serif CJK SC", "modern"),
    (HEI, "SimHei,Noto Sans CJK SC", "modern"),
    (KAI, "楷体,KaiTi,华文楷体,Noto Serif CJK SC", "modern"),
    (SONG, "SimSun,Noto Serif CJK SC", "auto"),
];

fn font_table() -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for (name, alt, family) in TABLE {
        x.push_str(&format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="fixed"/></w:font>"#
        ));
    }
    x.push_str(&format!(
        r#"<w:font w:name="{LATIN}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#
    ));
    x
}

/// The package with our font table in place of docx-rs's.
pub fn with_font_table(packed: &[u8]) -> Result<Vec<u8>, OfficeError> {
    let err = |e: &dyn std::fmt::Display| OfficeError::Pack(e.to_string());
    let mut src = zip::ZipArchive::new(Cursor::new(packed)).map_err(|e| err(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(packed.len() + 1024)));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..src.len() {
        let f = src.by_index_raw(i).map_err(|e| err(&e))?;
        if f.name() == "word/fontTable.xml" {
            out.start_file(f.name(), opts).map_err(|e| err(&e))?;
            out.write_all(font_table().as_bytes())
                .map_err(|e| err(&e))?;
        } else {
            // Copied as compressed: nothing is inflated or deflated again.
            out.raw_copy_file(f).map_err(|e| err(&e))?;
        }
    }
    let done = out.finish().map_err(|e| err(&e))?;
    Ok(done.into_inner())
}
