//! Bounded reading of uploaded zip packages (.docx, .xlsx) before any parser sees them.
//!
//! A parser inflates a package's parts into memory; a 500 KB upload can hold a part that
//! inflates to gigabytes. `check` inflates every entry into nothing, counting, and refuses the
//! package as soon as an entry or the whole passes its limit, or an entry inflates beyond the
//! allowed ratio: declared sizes are checked first, then the bytes actually produced, since a
//! header may lie. Work and memory are bounded by the limits, whatever the upload holds.

use std::io::{Cursor, Read};

/// Limits on what a package may hold once inflated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Most entries (files) in one package.
    pub max_entries: usize,
    /// Most bytes one entry may inflate to.
    pub max_entry_bytes: u64,
    /// Most bytes all entries together may inflate to.
    pub max_total_bytes: u64,
    /// Most an entry may grow by inflating (inflated ÷ compressed), for entries above 1 MiB.
    pub max_ratio: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            max_entries: 2_000,
            max_entry_bytes: 16 << 20,
            max_total_bytes: 48 << 20,
            max_ratio: 200,
        }
    }
}

/// Why a package was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ZipRefusal {
    #[error("not a readable zip package")]
    NotZip,
    #[error("too many entries")]
    TooManyEntries,
    #[error("an entry or the whole inflates beyond the limit")]
    TooLarge,
    #[error("an entry inflates beyond the allowed ratio")]
    Ratio,
}

impl ZipRefusal {
    /// A stable code for messages.
    pub fn code(self) -> &'static str {
        match self {
            ZipRefusal::NotZip => "not_zip",
            ZipRefusal::TooManyEntries => "zip_entries",
            ZipRefusal::TooLarge => "zip_too_large",
            ZipRefusal::Ratio => "zip_ratio",
        }
    }
}

const RATIO_FLOOR: u64 = 1 << 20;

/// Checks a package against the limits; returns the total inflated size.
pub fn check(bytes: &[u8], limits: &ZipLimits) -> Result<u64, ZipRefusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ZipRefusal::NotZip)?;
    if archive.len() > limits.max_entries {
        return Err(ZipRefusal::TooManyEntries);
    }
    let declared = (0..archive.len()).try_fold(0u64, |sum, i| {
        let entry = archive.by_index_raw(i).map_err(|_| ZipRefusal::NotZip)?;
        check_size(entry.size(), entry.compressed_size(), limits)?;
        Ok::<u64, ZipRefusal>(sum.saturating_add(entry.size()))
    })?;
    if declared > limits.max_total_bytes {
        return Err(ZipRefusal::TooLarge);
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|_| ZipRefusal::NotZip)?;
        let compressed = entry.compressed_size();
        let mut produced = 0u64;
        loop {
            let n = entry.read(&mut buf).map_err(|_| ZipRefusal::NotZip)? as u64;
            if n == 0 {
                break;
            }
            produced += n;
            total += n;
            check_size(produced, compressed, limits)?;
            if total > limits.max_total_bytes {
                return Err(ZipRefusal::TooLarge);
            }
        }
    }
    Ok(total)
}

fn check_size(inflated: u64, compressed: u64, limits: &ZipLimits) -> Result<(), ZipRefusal> {
    if inflated > limits.max_entry_bytes {
        return Err(ZipRefusal::TooLarge);
    }
    if inflated > RATIO_FLOOR && inflated / compressed.max(1) > limits.max_ratio {
        return Err(ZipRefusal::Ratio);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn package(entries: &[(&str, &[u8], usize)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, chunk, times) in entries {
            w.start_file(*name, opts).unwrap();
            for _ in 0..*times {
                w.write_all(chunk).unwrap();
            }
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn an_ordinary_package_passes_and_reports_its_size() {
        let p = package(&[("word/document.xml", b"<w:p>text</w:p>", 100)]);
        assert_eq!(check(&p, &ZipLimits::default()), Ok(1500));
    }

    #[test]
    fn a_package_that_inflates_past_the_limit_is_refused_before_it_is_read_whole() {
        let zeros = vec![0u8; 1 << 20];
        let bomb = package(&[("word/document.xml", &zeros, 100)]);
        assert!(bomb.len() < 1 << 20, "the bomb is small: {}", bomb.len());
        let refused = check(&bomb, &ZipLimits::default());
        assert!(matches!(
            refused,
            Err(ZipRefusal::TooLarge | ZipRefusal::Ratio)
        ));
    }

    #[test]
    fn a_highly_compressed_entry_is_refused_by_its_ratio() {
        let zeros = vec![0u8; 1 << 20];
        let p = package(&[("a.xml", &zeros, 4)]);
        assert_eq!(check(&p, &ZipLimits::default()), Err(ZipRefusal::Ratio));
    }

    #[test]
    fn a_header_that_understates_the_size_does_not_let_the_entry_through() {
        let zeros = vec![0u8; 1 << 20];
        let mut bomb = package(&[("word/document.xml", &zeros, 40)]);
        for (sig, offset) in [(&b"PK\x03\x04"[..], 22), (&b"PK\x01\x02"[..], 24)] {
            let at = bomb.windows(4).position(|w| w == sig).unwrap() + offset;
            bomb[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
        }
        assert!(check(&bomb, &ZipLimits::default()).is_err());
    }

    #[test]
    fn too_many_entries_are_refused() {
        let names: Vec<String> = (0..30).map(|i| format!("f{i}")).collect();
        let entries: Vec<(&str, &[u8], usize)> =
            names.iter().map(|n| (n.as_str(), &b"x"[..], 1)).collect();
        let limits = ZipLimits {
            max_entries: 20,
            ..Default::default()
        };
        assert_eq!(
            check(&package(&entries), &limits),
            Err(ZipRefusal::TooManyEntries)
        );
    }

    #[test]
    fn the_total_of_many_entries_is_bounded() {
        let chunk: Vec<u8> = (0..=255u8).cycle().take(1 << 16).collect();
        let p = package(&[("a", &chunk, 16), ("b", &chunk, 16), ("c", &chunk, 16)]);
        let limits = ZipLimits {
            max_total_bytes: 2 << 20,
            ..Default::default()
        };
        assert_eq!(check(&p, &limits), Err(ZipRefusal::TooLarge));
    }

    #[test]
    fn something_that_is_not_a_zip_is_refused() {
        assert_eq!(
            check(b"PK\x03\x04 broken", &ZipLimits::default()),
            Err(ZipRefusal::NotZip)
        );
    }
}
