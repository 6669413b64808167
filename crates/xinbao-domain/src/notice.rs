//! What an in-app notification (通知) is about: one code per kind, each with its message in
//! the catalogue under `notify.<code>`.

use crate::item::ItemStatus;
use crate::role::Role;

crate::stored_codes! {
    /// Every kind of notification the product sends.
    pub enum NoticeKind ("notice kind") {
        ItemSubmitted = "item_submitted",
        ItemNeedsSignoff = "item_needs_signoff",
        ItemSignedOff = "item_signed_off",
        ItemDraft = "item_draft",
        ItemReturned = "item_returned",
        ItemDeclined = "item_declined",
        ItemAdopted = "item_adopted",
        ItemMerged = "item_merged",
        ItemForwarded = "item_forwarded",
        ItemOnHold = "item_on_hold",
        ItemShared = "item_shared",
        UpstreamAdopted = "upstream_adopted",
        UpstreamDeclined = "upstream_declined",
        EventAsked = "event_asked",
        DeadlineWarning = "deadline_warning",
        DeadlineOverdue = "deadline_overdue",
        Escalation1 = "escalation_1",
        Escalation2 = "escalation_2",
        Escalation3 = "escalation_3",
        EventReport = "event_report",
        VerificationAssigned = "verification_assigned",
        InstructionAssigned = "instruction_assigned",
        InstructionGiven = "instruction_given",
        InstructionReported = "instruction_reported",
        InstructionOverdue = "instruction_overdue",
        IssuePublished = "issue_published",
        QuotaBehind = "quota_behind",
        QuotaNoneSent = "quota_none_sent",
        QuotaNoneAdopted = "quota_none_adopted",
    }
}

impl NoticeKind {
    /// The notice to an item's author when the office moves it to `status`, if any.
    pub fn item_moved_to(status: ItemStatus) -> Option<NoticeKind> {
        Some(match status {
            ItemStatus::Draft => NoticeKind::ItemDraft,
            ItemStatus::Returned => NoticeKind::ItemReturned,
            ItemStatus::Declined => NoticeKind::ItemDeclined,
            ItemStatus::Adopted => NoticeKind::ItemAdopted,
            ItemStatus::Merged => NoticeKind::ItemMerged,
            ItemStatus::Forwarded => NoticeKind::ItemForwarded,
            ItemStatus::OnHold => NoticeKind::ItemOnHold,
            _ => return None,
        })
    }

    /// The escalation notice of ladder step `step` (1–3; later steps repeat the third).
    pub fn escalation(step: u32) -> NoticeKind {
        match step {
            0 | 1 => NoticeKind::Escalation1,
            2 => NoticeKind::Escalation2,
            _ => NoticeKind::Escalation3,
        }
    }

    /// Who in a unit hears of an event notice: everyone who writes or leads when it is asked,
    /// the unit leader at the first escalation, the principal leader at the second, else
    /// those who write its reports.
    pub fn unit_roles(self) -> &'static [Role] {
        match self {
            NoticeKind::EventAsked => &[
                Role::Officer,
                Role::Editor,
                Role::UnitLeader,
                Role::PrincipalLeader,
            ],
            NoticeKind::Escalation1 => &[Role::UnitLeader],
            NoticeKind::Escalation2 => &[Role::PrincipalLeader],
            _ => &[Role::Officer, Role::Editor],
        }
    }

    /// Notices about a leader's instruction: they open the instructions list when the
    /// recipient may not open the item.
    pub fn is_instruction(self) -> bool {
        matches!(
            self,
            NoticeKind::InstructionAssigned
                | NoticeKind::InstructionGiven
                | NoticeKind::InstructionReported
                | NoticeKind::InstructionOverdue
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_code() {
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::try_from(k.code().to_string()), Ok(*k));
        }
    }

    #[test]
    fn an_item_moved_by_the_office_names_its_new_status() {
        for s in ItemStatus::ALL {
            if let Some(k) = NoticeKind::item_moved_to(s) {
                assert_eq!(k.code(), format!("item_{}", s.code()));
            }
        }
        assert_eq!(NoticeKind::escalation(7), NoticeKind::Escalation3);
    }
}
