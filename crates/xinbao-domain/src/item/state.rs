//! The editorial state machine of an item at one office. Every transition is valid only from
//! its states; the store guards the same states in its `UPDATE … WHERE status IN (…)`.

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// 草稿: being written at the submitting unit.
    Draft,
    /// 待签发: waiting for the submitting unit's sign-off (unit leader, or office signer when
    /// an office forwards it upward).
    AwaitingSignoff,
    /// 已报送: sent, not yet received.
    Submitted,
    /// 已签收: received by the office.
    Received,
    /// 待核实
    OnHold,
    /// 备用
    Reserve,
    /// 退回修改: back at the submitting unit for revision.
    Returned,
    /// 不采用
    Declined,
    /// 采用
    Adopted,
    /// 已综合: merged into a combined item.
    Merged,
    /// 已报送上级: adopted here and sent up as a new item at the parent office.
    Forwarded,
    /// 已撤回 (or discarded draft): kept, never deleted.
    Withdrawn,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 12] = [
        ItemStatus::Draft,
        ItemStatus::AwaitingSignoff,
        ItemStatus::Submitted,
        ItemStatus::Received,
        ItemStatus::OnHold,
        ItemStatus::Reserve,
        ItemStatus::Returned,
        ItemStatus::Declined,
        ItemStatus::Adopted,
        ItemStatus::Merged,
        ItemStatus::Forwarded,
        ItemStatus::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ItemStatus::Draft => "draft",
            ItemStatus::AwaitingSignoff => "awaiting_signoff",
            ItemStatus::Submitted => "submitted",
            ItemStatus::Received => "received",
            ItemStatus::OnHold => "on_hold",
            ItemStatus::Reserve => "reserve",
            ItemStatus::Returned => "returned",
            ItemStatus::Declined => "declined",
            ItemStatus::Adopted => "adopted",
            ItemStatus::Merged => "merged",
            ItemStatus::Forwarded => "forwarded",
            ItemStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Still with the submitting unit (the office does not see it in its inbox).
    pub fn at_unit(self) -> bool {
        matches!(
            self,
            ItemStatus::Draft | ItemStatus::AwaitingSignoff | ItemStatus::Returned
        )
    }

    /// In the office's hands and open for work.
    pub fn in_office_work(self) -> bool {
        matches!(
            self,
            ItemStatus::Submitted | ItemStatus::Received | ItemStatus::OnHold | ItemStatus::Reserve
        )
    }

    /// Not sent yet: still being written or waiting for the unit's sign-off (every other
    /// status has reached the office at least once).
    pub const NOT_SENT: [ItemStatus; 2] = [ItemStatus::Draft, ItemStatus::AwaitingSignoff];

    /// Adopted at an office as itself (kept there or sent up), not merged into another.
    pub const ADOPTED_AS_IS: [ItemStatus; 2] = [ItemStatus::Adopted, ItemStatus::Forwarded];

    /// Adopted at this office as itself (kept here or sent up), not merged into another.
    pub fn adopted_as_is(self) -> bool {
        Self::ADOPTED_AS_IS.contains(&self)
    }

    /// Counts as adopted at this office (directly, merged into a combined item, or sent up).
    pub fn adopted_here(self) -> bool {
        matches!(
            self,
            ItemStatus::Adopted | ItemStatus::Merged | ItemStatus::Forwarded
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The submitting unit revises its draft or returned item.
    Revise,
    /// Send it; `signoff` when the unit's rule requires a leader's approval first.
    Submit {
        signoff: bool,
    },
    Approve,
    Reject,
    Withdraw,
    Receive,
    /// The office's editor saves a revision.
    Edit,
    Hold,
    Reserve,
    Return,
    Decline,
    Adopt,
    /// Becomes a source of a combined item.
    Merge,
    /// Sent up to the parent office.
    Forward,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Revise => "revise",
            Action::Submit { .. } => "submit",
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Withdraw => "withdraw",
            Action::Receive => "receive",
            Action::Edit => "edit",
            Action::Hold => "hold",
            Action::Reserve => "reserve",
            Action::Return => "return",
            Action::Decline => "decline",
            Action::Adopt => "adopt",
            Action::Merge => "merge",
            Action::Forward => "forward",
        }
    }

    /// The states this action may start from.
    pub fn from_states(self) -> &'static [ItemStatus] {
        use ItemStatus::*;
        match self {
            Action::Revise => &[Draft, Returned],
            Action::Submit { .. } => &[Draft, Returned],
            Action::Approve | Action::Reject => &[AwaitingSignoff],
            Action::Withdraw => &[Draft, AwaitingSignoff, Submitted, Returned],
            Action::Receive => &[Submitted],
            Action::Edit => &[Submitted, Received, OnHold, Reserve, Adopted],
            Action::Hold => &[Submitted, Received, Reserve],
            Action::Reserve => &[Submitted, Received, OnHold],
            Action::Return | Action::Decline | Action::Adopt => {
                &[Submitted, Received, OnHold, Reserve]
            }
            Action::Merge => &[Submitted, Received, OnHold, Reserve, Adopted],
            Action::Forward => &[Adopted],
        }
    }

    /// The state after the action.
    fn target(self, from: ItemStatus) -> ItemStatus {
        use ItemStatus::*;
        match self {
            Action::Revise | Action::Edit => from,
            Action::Submit { signoff: true } => AwaitingSignoff,
            Action::Submit { signoff: false } | Action::Approve => Submitted,
            Action::Reject => Draft,
            Action::Withdraw => Withdrawn,
            Action::Receive => Received,
            Action::Hold => OnHold,
            Action::Reserve => Reserve,
            Action::Return => Returned,
            Action::Decline => Declined,
            Action::Adopt => Adopted,
            Action::Merge => Merged,
            Action::Forward => Forwarded,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("cannot {action} an item that is {from}")]
pub struct TransitionError {
    pub action: &'static str,
    pub from: &'static str,
}

/// Applies an action to a status, or says why it cannot be applied.
pub fn transition(from: ItemStatus, action: Action) -> Result<ItemStatus, TransitionError> {
    if action.from_states().contains(&from) {
        Ok(action.target(from))
    } else {
        Err(TransitionError {
            action: action.code(),
            from: from.code(),
        })
    }
}

/// How a new item comes into being; each way has its first state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Written at a unit: a draft.
    Written,
    /// Written and sent at once (保存并报送): as if submitted from a draft.
    WrittenAndSent { signoff: bool },
    /// An office's combined item (综合信息): adopted by the office that writes it.
    Combined,
    /// The copy an office sends up: submitted, or waiting for the office's own signer.
    SentUp { signoff: bool },
}

/// The first state of a new item.
pub fn first_state(origin: Origin) -> ItemStatus {
    match origin {
        Origin::Written => ItemStatus::Draft,
        Origin::WrittenAndSent { signoff } | Origin::SentUp { signoff } => {
            Action::Submit { signoff }.target(ItemStatus::Draft)
        }
        Origin::Combined => ItemStatus::Adopted,
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
