use super::*;
use proptest::prelude::*;

#[test]
fn an_issue_goes_draft_frozen_signed_off_published_and_a_freeze_can_be_undone() {
    use IssueAction::*;
    use IssueStatus::*;
    assert_eq!(issue_transition(Draft, Freeze), Some(Frozen));
    assert_eq!(issue_transition(Frozen, Unfreeze), Some(Draft));
    assert_eq!(issue_transition(Frozen, SignOff), Some(SignedOff));
    assert_eq!(issue_transition(SignedOff, Publish), Some(Published));
    assert_eq!(
        issue_transition(Frozen, Edit),
        None,
        "a frozen issue is locked"
    );
    assert_eq!(issue_transition(Draft, Publish), None);
    for s in IssueStatus::ALL {
        assert_eq!(IssueStatus::from_code(s.code()), Some(s));
    }
}

#[test]
fn supplements_and_years_draw_on_their_own_counters() {
    let yearly = Numbering {
        restart_yearly: true,
        running_total: true,
    };
    assert_eq!(
        yearly.counter_key(IssueKind::Regular, 2026),
        ("regular", 2026)
    );
    assert_eq!(
        yearly.counter_key(IssueKind::Supplement, 2026),
        ("supplement", 2026)
    );
    let running = Numbering {
        restart_yearly: false,
        running_total: false,
    };
    assert_eq!(
        running.counter_key(IssueKind::Regular, 2026),
        ("regular", 0)
    );
    assert!(yearly.takes_total(IssueKind::Regular) && !yearly.takes_total(IssueKind::Supplement));
    assert_eq!(
        issue_label(IssueKind::Regular, 2026, 12, Some(345), true),
        "2026年第12期（总第345期）"
    );
    assert_eq!(
        issue_label(IssueKind::Supplement, 2026, 2, None, false),
        "增刊第2期"
    );
}

proptest! {
    #[test]
    fn nothing_is_published_without_being_frozen_and_signed_off(actions in proptest::collection::vec(0usize..5, 0..30)) {
        let mut s = IssueStatus::Draft;
        let mut frozen = false;
        let mut signed = false;
        for a in actions {
            let action = IssueAction::ALL[a];
            if let Some(next) = issue_transition(s, action) {
                match action {
                    IssueAction::Freeze => frozen = true,
                    IssueAction::Unfreeze => { frozen = false; signed = false; }
                    IssueAction::SignOff => signed = true,
                    _ => {}
                }
                s = next;
            }
            if s == IssueStatus::Published {
                prop_assert!(frozen && signed);
            }
        }
    }
}
