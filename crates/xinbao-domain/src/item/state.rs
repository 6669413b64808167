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
mod tests {
    use super::*;
    use ItemStatus::*;
    use proptest::prelude::*;

    fn any_action() -> impl Strategy<Value = Action> {
        prop_oneof![
            Just(Action::Revise),
            any::<bool>().prop_map(|signoff| Action::Submit { signoff }),
            Just(Action::Approve),
            Just(Action::Reject),
            Just(Action::Withdraw),
            Just(Action::Receive),
            Just(Action::Edit),
            Just(Action::Hold),
            Just(Action::Reserve),
            Just(Action::Return),
            Just(Action::Decline),
            Just(Action::Adopt),
            Just(Action::Merge),
            Just(Action::Forward),
        ]
    }

    #[test]
    fn every_way_an_item_comes_into_being_has_its_first_state() {
        assert_eq!(first_state(Origin::Written), Draft);
        let sent = |signoff| Origin::WrittenAndSent { signoff };
        assert_eq!(first_state(sent(false)), Submitted);
        assert_eq!(first_state(sent(true)), AwaitingSignoff);
        assert_eq!(
            first_state(Origin::SentUp { signoff: true }),
            AwaitingSignoff
        );
        assert_eq!(first_state(Origin::SentUp { signoff: false }), Submitted);
        assert_eq!(first_state(Origin::Combined), Adopted);
    }

    #[test]
    fn the_editorial_cycle_runs_from_draft_to_forwarded() {
        let mut s = Draft;
        for a in [
            Action::Submit { signoff: true },
            Action::Approve,
            Action::Receive,
            Action::Return,
            Action::Revise,
        ] {
            s = transition(s, a).unwrap();
        }
        assert_eq!(s, Returned);
        for a in [
            Action::Submit { signoff: false },
            Action::Edit,
            Action::Hold,
            Action::Adopt,
            Action::Forward,
        ] {
            s = transition(s, a).unwrap();
        }
        assert_eq!(s, Forwarded);
    }

    #[test]
    fn terminal_states_accept_nothing() {
        for s in [Declined, Merged, Forwarded, Withdrawn] {
            for a in [
                Action::Adopt,
                Action::Edit,
                Action::Submit { signoff: false },
                Action::Return,
                Action::Withdraw,
            ] {
                assert!(transition(s, a).is_err(), "{s:?} {a:?}");
            }
        }
    }

    #[test]
    fn an_office_cannot_adopt_a_draft_and_a_unit_cannot_resubmit_an_adopted_item() {
        assert_eq!(
            transition(Draft, Action::Adopt),
            Err(TransitionError {
                action: "adopt",
                from: "draft"
            })
        );
        assert!(transition(Adopted, Action::Submit { signoff: false }).is_err());
        assert!(
            transition(Received, Action::Forward).is_err(),
            "only adopted items go up"
        );
    }

    proptest! {
        /// No sequence of actions reaches an invalid state: every accepted step starts from a
        /// state the action allows, and a terminal state is never left.
        #[test]
        fn no_sequence_of_actions_reaches_an_invalid_state(actions in proptest::collection::vec(any_action(), 0..40)) {
            let mut s = Draft;
            let mut terminal = false;
            for a in actions {
                match transition(s, a) {
                    Ok(next) => {
                        prop_assert!(!terminal, "left terminal state {s:?} by {a:?}");
                        prop_assert!(a.from_states().contains(&s));
                        s = next;
                        terminal = matches!(s, Declined | Merged | Forwarded | Withdrawn);
                    }
                    Err(e) => prop_assert!(!a.from_states().contains(&s), "{e}"),
                }
                prop_assert!(ItemStatus::ALL.contains(&s));
            }
        }
    }
}
