//! Messages on external channels: where a delivery in the outbox stands.

crate::stored_codes! {
    /// A delivery is pending until sent, or failed once its retries ran out.
    pub enum DeliveryStatus ("delivery status") {
        Pending = "pending",
        Sent = "sent",
        Failed = "failed",
    }
}

impl DeliveryStatus {
    /// The status after an attempt: sent, or pending while a retry is planned, else failed.
    pub fn after_attempt(sent: bool, retry_planned: bool) -> Self {
        match (sent, retry_planned) {
            (true, _) => DeliveryStatus::Sent,
            (false, true) => DeliveryStatus::Pending,
            (false, false) => DeliveryStatus::Failed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_attempt_stays_pending_only_while_a_retry_is_planned() {
        assert_eq!(
            DeliveryStatus::after_attempt(true, false),
            DeliveryStatus::Sent
        );
        assert_eq!(
            DeliveryStatus::after_attempt(false, true),
            DeliveryStatus::Pending
        );
        assert_eq!(
            DeliveryStatus::after_attempt(false, false),
            DeliveryStatus::Failed
        );
        for s in DeliveryStatus::ALL {
            assert_eq!(DeliveryStatus::from_code(s.code()), Some(*s));
        }
    }
}
