//! Looking after personal data: one person's data exported or erased on
//! request, everything deleted once it is older than the retention period,
//! and an audit log of these actions that never names the person.
//!
//! Requests name the person by e-mail address in the body (never in a URL,
//! where logs would keep it) and need the admin token.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rusqlite::{params, Connection, TransactionBehavior};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use crate::api::{listing_entry, no_store};
use crate::clock::{now_ms, rfc3339};
use crate::db::{self, Db};
use crate::error::{internal, ApiError};
use crate::extract::Admin;
use crate::AppState;

/// Writes one audit entry: what was done, with counts, never to whom.
pub fn audit(conn: &Connection, action: &str, detail: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, action, detail) VALUES (?1, ?2, ?3)",
        params![rfc3339(now_ms()), action, detail],
    )?;
    Ok(())
}

/// What an erasure or a purge removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Removed {
    pub leads: usize,
    pub forwards: usize,
    pub mails: usize,
    pub counters: usize,
}

/// The SHA-256 of an address as the per-address e-mail counters key it.
pub fn address_hash(email: &str) -> String {
    Sha256::digest(email.trim().to_ascii_lowercase().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Deletes every lead of `email`, everything queued for them and their
/// e-mail counters, in one transaction.
pub fn erase(conn: &mut Connection, email: &str) -> rusqlite::Result<Removed> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let of_person = "SELECT lead_id FROM leads WHERE lower(email) = lower(?1)";
    let forwards = tx.execute(
        &format!("DELETE FROM forward_queue WHERE lead_id IN ({of_person})"),
        [email.trim()],
    )?;
    let mails = tx.execute(
        &format!("DELETE FROM mail_queue WHERE lead_id IN ({of_person})"),
        [email.trim()],
    )?;
    let leads = tx.execute(
        "DELETE FROM leads WHERE lower(email) = lower(?1)",
        [email.trim()],
    )?;
    let counters = tx.execute(
        "DELETE FROM mail_address_counts WHERE address_sha256 = ?1",
        [address_hash(email)],
    )?;
    let removed = Removed {
        leads,
        forwards,
        mails,
        counters,
    };
    audit(
        &tx,
        "erasure",
        &format!(
            "{leads} leads, {forwards} forwards, {mails} e-mails, {counters} counters removed"
        ),
    )?;
    tx.commit()?;
    checkpoint(conn);
    Ok(removed)
}

/// Deletes everything received before `cutoff` (RFC 3339) and the e-mail
/// counters of days before `cutoff_day` (`YYYY-MM-DD`).
pub fn purge_before(
    conn: &mut Connection,
    cutoff: &str,
    cutoff_day: &str,
) -> rusqlite::Result<Removed> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let old = "SELECT lead_id FROM leads WHERE received_at < ?1";
    let forwards = tx.execute(
        &format!("DELETE FROM forward_queue WHERE lead_id IN ({old})"),
        [cutoff],
    )?;
    let mails = tx.execute(
        &format!("DELETE FROM mail_queue WHERE lead_id IN ({old})"),
        [cutoff],
    )?;
    let leads = tx.execute("DELETE FROM leads WHERE received_at < ?1", [cutoff])?;
    let counters = tx.execute(
        "DELETE FROM mail_address_counts WHERE day < ?1",
        [cutoff_day],
    )?;
    // Funnel counts hold no personal data; they follow the leads' period.
    tx.execute("DELETE FROM funnel_counts WHERE day < ?1", [&cutoff[..10]])?;
    let removed = Removed {
        leads,
        forwards,
        mails,
        counters,
    };
    if removed != Removed::default() {
        audit(
            &tx,
            "retention",
            &format!("{leads} leads received before {cutoff} removed, with {forwards} forwards, {mails} e-mails and {counters} counters"),
        )?;
    }
    tx.commit()?;
    checkpoint(conn);
    Ok(removed)
}

/// Copies the write-ahead log into the database and empties it, so the old
/// versions of deleted rows do not linger in the `-wal` file (the database
/// itself overwrites deleted content: `secure_delete`). A reader holding an
/// old snapshot can delay this; the next checkpoint finishes it.
fn checkpoint(conn: &Connection) {
    if let Err(e) = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)") {
        tracing::warn!(error = %e, "checkpoint after deleting personal data postponed");
    }
}

/// The daily retention job.
#[derive(Clone)]
pub struct Retention {
    pub db: Db,
    pub keep: Duration,
}

impl Retention {
    /// Removes what is older than the retention period at `now_ms`.
    pub async fn purge(&self, now_ms: i64) -> Result<Removed, db::DbError> {
        let cutoff_ms = now_ms - self.keep.as_millis() as i64;
        let cutoff = rfc3339(cutoff_ms);
        // Counters only matter for their own day; they go after a day, or
        // with the retention period when that is shorter.
        let counters_until = rfc3339(cutoff_ms.max(now_ms - 24 * 3600 * 1000))[..10].to_string();
        self.db
            .run(move |c| purge_before(c, &cutoff, &counters_until))
            .await
    }

    /// Purges at start and then once a day until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            match self.purge(now_ms()).await {
                Ok(r) if r.leads > 0 => {
                    tracing::info!(leads = r.leads, "retention: old leads removed")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "retention purge failed; will try tomorrow"),
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(24 * 3600)) => {}
                _ = shutdown.changed() => break,
            }
        }
    }
}

/// The body of an export or erasure request.
fn person(body: &Bytes) -> Result<String, ApiError> {
    #[derive(serde::Deserialize)]
    struct Person {
        email: String,
    }
    let p: Person = serde_json::from_slice(body).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_request",
            "send {\"email\": \"...\"} as JSON",
        )
    })?;
    let email = p.email.trim().to_string();
    if !role_quiz_core::contact::is_valid_email(&email) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_email",
            "email is not an e-mail address",
        ));
    }
    Ok(email)
}

/// `POST /api/erasure` `{"email": …}`: deletes that person's data and says
/// how much was removed.
pub async fn erasure(
    State(state): State<Arc<AppState>>,
    _admin: Admin,
    body: Bytes,
) -> Result<Response, ApiError> {
    let email = person(&body)?;
    let removed = state
        .db
        .run(move |c| erase(c, &email))
        .await
        .map_err(internal)?;
    tracing::info!(leads = removed.leads, "erasure request carried out");
    Ok(no_store(
        axum::Json(json!({ "removed": removed })).into_response(),
    ))
}

/// `POST /api/export` `{"email": …}`: every lead of that person as the
/// listing shows it, with where its forwarding and e-mails stand.
pub async fn export(
    State(state): State<Arc<AppState>>,
    _admin: Admin,
    body: Bytes,
) -> Result<Response, ApiError> {
    let email = person(&body)?;
    let rows = state
        .db
        .run(move |c| {
            let rows = db::leads_page(
                c,
                &db::Page {
                    email: Some(&email),
                    ..db::Page::new(0, i64::MAX)
                },
            )?;
            audit(c, "export", &format!("{} leads exported", rows.len()))?;
            Ok(rows)
        })
        .await
        .map_err(internal)?;
    let leads: Vec<Value> = rows.iter().map(listing_entry).collect();
    Ok(no_store(
        axum::Json(json!({ "leads": leads })).into_response(),
    ))
}

/// `GET /api/audit`: the audit log, newest first (at most 1,000 entries).
pub async fn audit_log(
    State(state): State<Arc<AppState>>,
    _admin: Admin,
) -> Result<Response, ApiError> {
    let entries = state
        .db
        .run(|c| {
            let mut stmt = c.prepare(
                "SELECT at, action, detail FROM audit_log ORDER BY id DESC LIMIT 1000",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(json!({ "at": r.get::<_, String>(0)?, "action": r.get::<_, String>(1)?, "detail": r.get::<_, String>(2)? }))
            })?;
            rows.collect::<rusqlite::Result<Vec<Value>>>()
        })
        .await
        .map_err(internal)?;
    Ok(no_store(
        axum::Json(json!({ "entries": entries })).into_response(),
    ))
}
