//! Forwarding each new lead to the consultancy's webhook (their CRM or
//! alerting), signed the Standard Webhooks way and retried with exponential
//! backoff from the `forward_queue` table until the receiver answers 2xx, so
//! a receiver that was down still gets every lead, even across restarts.
//!
//! Any delivery that succeeds resets the backoff of every waiting lead (the
//! receiver is back); a lead that fails `max_attempts` times is given up and
//! shown as such in the listings. On shutdown a delivery in flight is
//! dropped, not counted, and stays queued for the next start.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{watch, Notify};

use crate::clock::{now_ms, rfc3339};
use crate::db::{self, Db, DueForward};
use crate::webhook::Secret;

/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);

/// Where and how leads are forwarded.
#[derive(Clone)]
pub struct Forwarder {
    pub db: Db,
    pub url: String,
    pub secret: Option<Secret>,
    /// The wait after the first failure; it doubles with every further one.
    pub retry_base: Duration,
    /// Attempts before a lead is given up.
    pub max_attempts: u32,
    /// Woken when a new lead is queued.
    pub wake: Arc<Notify>,
}

/// Waits until the next queued item is due (`next_due_ms`, at most a
/// minute), new work is queued (`wake`), or shutdown begins. Shared by the
/// forwarding and e-mail workers.
pub async fn wait_for_work(
    next_due_ms: Option<i64>,
    wake: &Notify,
    shutdown: &mut watch::Receiver<bool>,
) {
    let wait = next_due_ms.map_or(Duration::from_secs(60), |at| {
        Duration::from_millis((at - now_ms()).clamp(10, 60_000) as u64)
    });
    tokio::select! {
        _ = wake.notified() => {}
        _ = tokio::time::sleep(wait) => {}
        _ = shutdown.changed() => {}
    }
}

/// The wait after `streak` failures in a row (counting from 0 for the first).
pub fn backoff(retry_base: Duration, streak: i64) -> Duration {
    let factor = 2u32.saturating_pow(streak.clamp(0, 20) as u32);
    retry_base.saturating_mul(factor).min(MAX_BACKOFF)
}

impl Forwarder {
    /// Delivers due leads until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let client = match reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .redirect(reqwest::redirect::Policy::none())
            .build()
        {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "cannot build the forwarding client; leads stay queued");
                return;
            }
        };
        loop {
            if *shutdown.borrow() {
                break;
            }
            if let Err(e) = self.deliver_due(&client, &mut shutdown).await {
                tracing::warn!(error = %e, "forwarding queue unavailable");
            }
            if *shutdown.borrow() {
                break;
            }
            let next = self.db.run(db::next_forward_due).await.ok().flatten();
            wait_for_work(next, &self.wake, &mut shutdown).await;
        }
    }

    /// Delivers the leads that are due, one at a time; returns early, with
    /// the delivery in flight dropped and left queued, when `shutdown` turns.
    async fn deliver_due(
        &self,
        client: &reqwest::Client,
        shutdown: &mut watch::Receiver<bool>,
    ) -> Result<(), db::DbError> {
        let due = self.db.run(|c| db::due_forwards(c, now_ms(), 20)).await?;
        for item in due {
            let outcome = tokio::select! {
                outcome = self.deliver(client, &item) => outcome,
                _ = shutdown.changed() => {
                    tracing::info!(lead_id = %item.lead_id, "forwarding stopped for shutdown; the lead stays queued");
                    return Ok(());
                }
            };
            let lead_id = item.lead_id.clone();
            let attempts = item.attempts + 1;
            match outcome {
                Ok(()) => {
                    tracing::info!(lead_id = %lead_id, attempts, "lead forwarded");
                    let now = now_ms();
                    self.db
                        .run(move |c| db::mark_forwarded(c, &lead_id, &rfc3339(now), now))
                        .await?;
                }
                Err((error, _)) if attempts >= i64::from(self.max_attempts) => {
                    tracing::error!(lead_id = %lead_id, attempts, error = %error, "forwarding given up; the lead is in the listings");
                    let at = rfc3339(now_ms());
                    self.db
                        .run(move |c| {
                            db::record_failure(c, &lead_id, &error, db::Failed::GiveUp(&at))
                        })
                        .await?;
                }
                Err((error, retry_after)) => {
                    let wait =
                        backoff(self.retry_base, item.streak).max(retry_after.unwrap_or_default());
                    tracing::warn!(lead_id = %lead_id, attempts, error = %error, retry_in_ms = wait.as_millis() as u64, "forwarding failed; will retry");
                    let next = now_ms() + wait.as_millis() as i64;
                    self.db
                        .run(move |c| {
                            db::record_failure(c, &lead_id, &error, db::Failed::RetryAt(next))
                        })
                        .await?;
                }
            }
        }
        Ok(())
    }

    async fn deliver(
        &self,
        client: &reqwest::Client,
        item: &DueForward,
    ) -> Result<(), (String, Option<Duration>)> {
        let timestamp = now_ms() / 1000;
        // The stored body is the validated lead in its canonical form (see
        // `api::post_lead`), already valid JSON.
        let body = format!(
            r#"{{"type":"lead.created","timestamp":"{}","data":{}}}"#,
            rfc3339(now_ms()),
            item.body
        );
        let id = format!("msg_{}", item.lead_id);
        let mut request = client
            .post(&self.url)
            .header("content-type", "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string());
        if let Some(secret) = &self.secret {
            request = request.header(
                "webhook-signature",
                secret.sign(&id, timestamp, body.as_bytes()),
            );
        }
        match request.body(body).send().await {
            Ok(r) if r.status().is_success() => Ok(()),
            Ok(r) => {
                let retry_after = r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| retry_after(v, std::time::SystemTime::now()));
                Err((format!("HTTP {}", r.status().as_u16()), retry_after))
            }
            Err(e) => Err((
                if e.is_timeout() {
                    "timeout".into()
                } else {
                    "connection failed".into()
                },
                None,
            )),
        }
    }
}

/// The wait a `Retry-After` header asks for, in either of its forms (seconds,
/// or an HTTP date), at most a day.
pub fn retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    let wait = match value.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => httpdate::parse_http_date(value)
            .ok()?
            .duration_since(now)
            .unwrap_or(Duration::ZERO),
    };
    Some(wait.min(Duration::from_secs(24 * 3600)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_or_an_http_date() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // Wed, 21 Oct 2015 07:28:00 GMT
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past: now"
        );
        assert_eq!(
            retry_after("9999999", now),
            Some(Duration::from_secs(24 * 3600)),
            "at most a day"
        );
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn backoff_doubles_up_to_a_ceiling() {
        let base = Duration::from_secs(5);
        assert_eq!(backoff(base, 0), Duration::from_secs(5));
        assert_eq!(backoff(base, 3), Duration::from_secs(40));
        assert_eq!(backoff(base, 60), MAX_BACKOFF);
    }
}
