//! Sending queued deliveries: claim what is due (leased, so two servers never send one row at
//! once), send each through its channel outside any transaction, record the attempt, and
//! retry failures with a doubling backoff until they are given up. The channels themselves
//! (SMTP, WeCom and DingTalk robots, an SMS gateway) live in `xinbao-channels`; the app only
//! needs something that sends.

use crate::{App, Result};
use xinbao_store::outbox;

/// A channel's failure, as recorded in the attempt log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError(pub String);

/// What a send returns: a boxed future, so senders can be chosen at run time.
pub type SendFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), SendError>> + Send + 'a>>;

/// Sends one message on a channel (`email`, `sms`, `wecom`, `dingtalk`) to an address.
pub trait Sender: Send + Sync + 'static {
    fn send<'a>(
        &'a self,
        channel: &'a str,
        address: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> SendFuture<'a>;
}

/// No external channel configured: deliveries fail and are retried until one is.
pub struct NoChannels;

impl Sender for NoChannels {
    fn send<'a>(&'a self, channel: &'a str, _: &'a str, _: &'a str, _: &'a str) -> SendFuture<'a> {
        let e = SendError(format!("channel {channel} is not configured"));
        Box::pin(async move { Err(e) })
    }
}

/// Attempts before a delivery is given up.
pub const MAX_ATTEMPTS: i64 = 8;
/// First retry after 30 s, doubling up to an hour.
fn backoff_ms(attempts: i64) -> i64 {
    (30_000i64 << attempts.clamp(0, 7)).min(3_600_000)
}

/// How long a claimed delivery is held before another server may try it.
const LEASE_MS: i64 = 120_000;

impl App {
    /// Sends every delivery due now; returns how many were sent.
    pub async fn deliver_due(&self) -> Result<usize> {
        let mut sent = 0;
        loop {
            let now = self.now().0;
            let batch = {
                let mut tx = self.store.write().await?;
                let rows = outbox::claim_due(&mut tx.conn(), now, now + LEASE_MS, 50).await?;
                tx.commit().await?;
                rows
            };
            if batch.is_empty() {
                return Ok(sent);
            }
            for d in &batch {
                let outcome = self
                    .channels
                    .send(&d.channel, &d.address, &d.subject, &d.body)
                    .await;
                let now = self.now().0;
                let (ok, detail, retry) = match outcome {
                    Ok(()) => (true, String::new(), None),
                    Err(SendError(e)) => {
                        let retry =
                            (d.attempts < MAX_ATTEMPTS).then(|| now + backoff_ms(d.attempts - 1));
                        (false, e.chars().take(500).collect(), retry)
                    }
                };
                sent += usize::from(ok);
                let mut tx = self.store.write().await?;
                outbox::record_attempt(&mut tx.conn(), d.id, ok, &detail, retry, now).await?;
                tx.commit().await?;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_from_thirty_seconds_to_an_hour() {
        assert_eq!(backoff_ms(0), 30_000);
        assert_eq!(backoff_ms(1), 60_000);
        assert_eq!(backoff_ms(7), 3_600_000);
        assert_eq!(backoff_ms(20), 3_600_000);
    }
}
