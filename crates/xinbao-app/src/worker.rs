//! The background worker of one server: fires due deadlines, warnings and escalation steps
//! and sends queued deliveries, then sleeps until the next moment anything is due (at most
//! ten seconds, so work queued by another server is seen), or until woken by a change here.
//! Idle, it costs a handful of indexed `MIN()` queries every ten seconds.

use crate::App;
use std::time::Duration;

/// The longest sleep: how late work queued by another server can be noticed.
const MAX_SLEEP_MS: i64 = 10_000;

impl App {
    /// Wakes the worker: something new may be due sooner than it planned.
    pub fn wake_scheduler(&self) {
        self.wake.notify_one();
    }

    /// Runs until `shutdown` resolves. The first round runs at once, so a server that was
    /// down when limits passed fires them on start.
    pub async fn run_worker(&self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            if let Err(e) = self.tick().await {
                tracing::warn!(error = %e, "scheduler tick failed");
            }
            if let Err(e) = self.deliver_due().await {
                tracing::warn!(error = %e, "delivery round failed");
            }
            let now = self.now().0;
            let wait = match self.next_wakeup().await {
                Ok(Some(t)) => (t - now).clamp(0, MAX_SLEEP_MS),
                Ok(None) => MAX_SLEEP_MS,
                Err(e) => {
                    tracing::warn!(error = %e, "scheduler cannot read its queue");
                    MAX_SLEEP_MS
                }
            };
            let wait = Duration::from_millis(u64::try_from(wait).unwrap_or(0).max(5));
            tokio::select! {
                _ = &mut shutdown => break,
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }
}
