//! Office documents in the official layout: a periodical issue as a .docx that Word, WPS
//! and LibreOffice open and print alike (GB/T 9704-2012 and the 简报 conventions), and a
//! bulletin (通报) as .docx and .xlsx. Pure: data in, bytes out; no I/O, no async.

pub mod bulletin;
mod fonts;
pub mod issue;
mod page;
mod report;
pub mod unzip;
pub mod weekly;

pub use bulletin::{BulletinDoc, BulletinItem, BulletinRow, bulletin_docx, bulletin_xlsx};
pub use issue::{Entry, IssueDoc, issue_docx};
pub use unzip::{ZipLimits, ZipRefusal};
pub use weekly::{WeeklyCounty, WeeklyItem, WeeklyList, weekly_docx, weekly_xlsx};

/// Why a document could not be built.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    #[error("the document could not be packed: {0}")]
    Pack(String),
}

/// Half-points of the Chinese type sizes (号) used in official documents.
pub mod size {
    /// 初号, 42 pt.
    pub const CHU: usize = 84;
    /// 小初, 36 pt.
    pub const XIAO_CHU: usize = 72;
    /// 二号, 22 pt.
    pub const ER: usize = 44;
    /// 三号, 16 pt: the body text.
    pub const SAN: usize = 32;
    /// 四号, 14 pt: the distribution block and page numbers.
    pub const SI: usize = 28;
}
