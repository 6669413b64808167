//! Sending queued deliveries: claim what is due (leased, so two servers never send one row at
//! once), send each through its channel outside any transaction, record the attempt, and
//! retry failures with a doubling backoff until they are given up. The channels themselves
//! (SMTP, WeCom and DingTalk robots, an SMS gateway) live in `xinbao-channels`.

use crate::secrets::ROBOT_SECRET;
use crate::{App, Result};
use xinbao_channels::Message;
use xinbao_store::outbox::{self, DeliveryRow};

/// Attempts before a delivery is given up.
pub const MAX_ATTEMPTS: i64 = 8;

/// First retry after 30 s, doubling up to an hour.
fn backoff_ms(attempts: i64) -> i64 {
    (30_000i64 << attempts.clamp(0, 7)).min(3_600_000)
}

/// How long a claimed delivery is held before another server may try it.
const LEASE_MS: i64 = 120_000;

impl App {
    /// A DingTalk robot's signing secret, read when sending so it is kept in one place.
    async fn robot_secret(&self, d: &DeliveryRow) -> Result<Option<String>> {
        let (Some(unit), "dingtalk") = (d.unit_id, d.channel.as_str()) else {
            return Ok(None);
        };
        let mut r = self.store.read().await?;
        let robots = outbox::robots_of(&mut r.conn(), unit).await?;
        robots
            .into_iter()
            .find(|x| x.channel == "dingtalk" && x.url == d.address)
            .map(|x| self.cfg.secrets_key.open(ROBOT_SECRET, &x.secret))
            .transpose()
    }

    /// Sends every delivery due now; returns how many were sent.
    pub async fn deliver_due(&self) -> Result<usize> {
        let mut sent = 0;
        loop {
            let now = self.now().0;
            let batch = {
                let mut tx = self.begin().await?;
                let rows = outbox::claim_due(&mut tx.conn(), now, now + LEASE_MS, 50).await?;
                tx.commit().await?;
                rows
            };
            if batch.is_empty() {
                return Ok(sent);
            }
            for d in &batch {
                sent += usize::from(self.deliver_one(d).await?);
            }
        }
    }

    async fn deliver_one(&self, d: &DeliveryRow) -> Result<bool> {
        let secret = self.robot_secret(d).await?;
        let message = Message {
            channel: &d.channel,
            address: &d.address,
            secret: secret.as_deref(),
            subject: &d.subject,
            body: &d.body,
        };
        let outcome = self.channels.send(&message).await;
        let now = self.now().0;
        let (ok, detail, retry) = match outcome {
            Ok(()) => (true, String::new(), None),
            Err(e) => {
                let retry = (d.attempts < MAX_ATTEMPTS).then(|| now + backoff_ms(d.attempts - 1));
                (false, e.to_string().chars().take(500).collect(), retry)
            }
        };
        if !ok {
            tracing::info!(delivery = d.id, channel = %d.channel, error = %detail, "delivery failed");
        }
        let mut tx = self.begin().await?;
        outbox::record_attempt(&mut tx.conn(), d.id, ok, &detail, retry, now).await?;
        tx.commit().await?;
        Ok(ok)
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
