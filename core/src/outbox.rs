//! The outbox: leads that could not be delivered yet, kept in the visitor's
//! browser and retried with backoff until the destination confirms them.
//!
//! This module is the pure bookkeeping; the widget stores the outbox (this
//! struct as JSON, through gloo-storage) in `localStorage` and does the sending. A queued lead expires after
//! [`EXPIRY_MS`] (seven days): by then the visitor's interest is stale and the
//! details should not linger in a browser.

use serde::{Deserialize, Serialize};

use crate::delivery::DeliveryRequest;

/// The `localStorage` key of the outbox. `embed.js` reads it too (to load the
/// widget at once when leads wait), from the build-time contract.
pub const STORAGE_KEY: &str = "role-quiz:outbox";

/// How long a lead may wait in the outbox.
pub const EXPIRY_MS: i64 = 7 * 24 * 3600 * 1000;

/// The waits after each failed attempt; the last repeats.
pub const BACKOFF_MS: [i64; 8] = [
    2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
];

/// The most leads kept; the oldest goes first beyond it.
pub const MAX_ENTRIES: usize = 20;

/// One queued lead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub lead_id: String,
    pub request: DeliveryRequest,
    pub created_ms: i64,
    pub attempts: u32,
    pub next_attempt_ms: i64,
}

/// The queued leads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    pub version: u32,
    pub entries: Vec<Entry>,
}

impl Outbox {
    /// The format version this widget writes and reads.
    pub const VERSION: u32 = 1;

    /// Queues a lead for an attempt now, once per lead id.
    pub fn add(&mut self, lead_id: &str, request: DeliveryRequest, now_ms: i64) {
        if self.entries.iter().any(|e| e.lead_id == lead_id) {
            return;
        }
        self.entries.push(Entry {
            lead_id: lead_id.into(),
            request,
            created_ms: now_ms,
            attempts: 0,
            next_attempt_ms: now_ms,
        });
        while self.entries.len() > MAX_ENTRIES {
            self.entries.remove(0);
        }
    }

    /// Ids of the leads due for an attempt, oldest first.
    pub fn due(&self, now_ms: i64) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| e.next_attempt_ms <= now_ms)
            .map(|e| e.lead_id.clone())
            .collect()
    }

    pub fn get(&self, lead_id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.lead_id == lead_id)
    }

    /// Records a failed attempt and schedules the next.
    pub fn failed(&mut self, lead_id: &str, now_ms: i64) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.lead_id == lead_id) {
            let wait = BACKOFF_MS[(e.attempts as usize).min(BACKOFF_MS.len() - 1)];
            e.attempts += 1;
            e.next_attempt_ms = now_ms + wait;
        }
    }

    pub fn remove(&mut self, lead_id: &str) {
        self.entries.retain(|e| e.lead_id != lead_id);
    }

    /// Drops leads older than [`EXPIRY_MS`]; returns their ids.
    pub fn expire(&mut self, now_ms: i64) -> Vec<String> {
        let (old, kept): (Vec<Entry>, Vec<Entry>) = self
            .entries
            .drain(..)
            .partition(|e| now_ms - e.created_ms > EXPIRY_MS);
        self.entries = kept;
        old.into_iter().map(|e| e.lead_id).collect()
    }

    /// When the next attempt is due.
    pub fn next_due(&self) -> Option<i64> {
        self.entries.iter().map(|e| e.next_attempt_ms).min()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(n: u8) -> DeliveryRequest {
        DeliveryRequest {
            url: "/api/leads".into(),
            body: format!("{{\"n\":{n}}}"),
            idempotency_key: None,
        }
    }

    #[test]
    fn queues_once_per_lead_and_round_trips() {
        let mut o = Outbox::default();
        o.add("a", request(1), 1000);
        o.add("a", request(2), 2000);
        o.add("b", request(3), 3000);
        assert_eq!(o.entries.len(), 2);
        assert_eq!(o.get("a").unwrap().request, request(1));
        let stored: Outbox = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(
            stored.entries, o.entries,
            "the stored form is the struct as JSON"
        );
    }

    #[test]
    fn failures_back_off_and_only_due_leads_are_tried() {
        let mut o = Outbox::default();
        o.add("a", request(1), 0);
        assert_eq!(o.due(0), ["a"]);
        o.failed("a", 0);
        assert_eq!(o.due(1_999), Vec::<String>::new());
        assert_eq!(o.due(2_000), ["a"]);
        o.failed("a", 2_000);
        assert_eq!(o.next_due(), Some(7_000));
        for _ in 0..20 {
            o.failed("a", 0);
        }
        assert_eq!(o.next_due(), Some(600_000), "the wait stops growing");
        o.remove("a");
        assert!(o.is_empty());
    }

    #[test]
    fn old_leads_expire() {
        let mut o = Outbox::default();
        o.add("old", request(1), 0);
        o.add("new", request(2), EXPIRY_MS);
        assert_eq!(o.expire(EXPIRY_MS + 1), ["old"]);
        assert_eq!(o.due(EXPIRY_MS + 1), ["new"]);
    }

    #[test]
    fn the_stored_form_names_its_version() {
        let stored: Outbox = serde_json::from_str(r#"{"version":1,"entries":[]}"#).unwrap();
        assert_eq!(stored.version, Outbox::VERSION);
        assert!(serde_json::from_str::<Outbox>("not json").is_err());
    }

    #[test]
    fn the_oldest_goes_when_the_outbox_is_full() {
        let mut o = Outbox::default();
        for n in 0..=MAX_ENTRIES {
            o.add(&n.to_string(), request(0), n as i64);
        }
        assert_eq!(o.entries.len(), MAX_ENTRIES);
        assert!(o.get("0").is_none());
    }
}
