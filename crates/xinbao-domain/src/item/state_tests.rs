//! Tests of the item state machine: each action from each state, and no way out of a terminal state.

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
