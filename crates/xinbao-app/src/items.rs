//! Items: drafting, unit sign-off, submission and the editorial cycle at every office
//! (receive, claim, edit with revisions, hold, reserve, return, decline, adopt, merge, forward,
//! share), what each person may see and do, and what happened above.

pub(crate) mod access;
mod batch;
mod body;
pub mod diff;
mod docx;
mod files;
mod flow;
mod forward;
mod inbox;
mod merge;
mod office;
mod read;
mod trail;

pub(crate) use batch::Batcher;
pub use files::{AttachmentRow, FileLimits};
pub use flow::SignoffRuleView;
pub use inbox::InboxPage;
pub use office::DECLINE_REASONS;
pub use read::{ItemView, TrailStep};

use serde::Deserialize;

/// What a writer enters. Absent classifying fields take their defaults (一般, 平件, no marking).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ItemInput {
    pub title: String,
    /// HTML (paragraphs, bold, lists, pictures) or plain text with blank lines between paragraphs.
    pub body: String,
    /// `dynamic`, `experience`, `problem`, `sentiment`, `research`, `special`, `combined` or `urgent`.
    #[serde(rename = "type", alias = "item_type")]
    pub item_type: String,
    pub importance: Option<String>,
    pub urgency: Option<String>,
    pub sensitivity: Option<String>,
    /// Comma-separated topics.
    pub topics: Option<String>,
    pub authors: Option<String>,
    pub contact_phone: Option<String>,
    /// For edits: the version that was read.
    pub version: Option<i64>,
}
