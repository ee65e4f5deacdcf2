//! The embedded SQLite database: opening it, migrating it, and the few
//! statements the collector needs. All values go through bound parameters,
//! never into the SQL text.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, OptionalExtension};

/// The migrations, in order. A database records how many it has applied.
const MIGRATIONS: &[(&str, &str)] = &[("0001_leads", include_str!("../migrations/0001_leads.sql"))];

/// A shared connection. SQLite serialises writes anyway; one connection
/// behind a mutex, used from blocking threads, is all the collector needs.
#[derive(Clone)]
pub struct Db(Arc<Mutex<Connection>>);

/// A lead as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredLead {
    pub lead_id: String,
    pub received_at: String,
    pub body: String,
}

/// A new lead's columns.
pub struct NewLead<'a> {
    pub lead_id: &'a str,
    pub received_at: &'a str,
    pub body: &'a str,
    pub body_sha256: &'a str,
    pub response: &'a str,
    pub lead: &'a role_quiz_core::lead::LeadPayload,
}

/// Why a database call failed: SQLite said no, or the blocking task that
/// ran it panicked or was cancelled.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("the database task did not finish: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// What storing a lead found.
#[derive(Debug, PartialEq)]
pub enum Stored {
    New,
    /// The same id was stored before: its body hash and first response.
    Existing {
        body_sha256: String,
        response: String,
    },
}

impl Db {
    /// Opens (creating if needed) the database file and applies migrations.
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&conn)?;
        Ok(Db(Arc::new(Mutex::new(conn))))
    }

    /// Runs `f` with the connection on a blocking thread.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, DbError> {
        let db = self.0.clone();
        let result = tokio::task::spawn_blocking(move || {
            let mut conn = db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut conn)
        })
        .await?;
        Ok(result?)
    }
}

fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")?;
    for (name, sql) in MIGRATIONS {
        let done: Option<String> = conn
            .query_row(
                "SELECT name FROM schema_migrations WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        if done.is_none() {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?1, datetime('now'))",
                [name],
            )?;
            tx.commit()?;
        }
    }
    Ok(())
}

/// Stores a new lead, and queues it for forwarding when `forward_at_ms` is
/// set, in one transaction; or reports the lead already stored under its id.
pub fn store_lead(
    conn: &mut Connection,
    new: &NewLead<'_>,
    forward_at_ms: Option<i64>,
) -> rusqlite::Result<Stored> {
    let tx = conn.transaction()?;
    let existing: Option<(String, String)> = tx
        .query_row(
            "SELECT body_sha256, response FROM leads WHERE lead_id = ?1",
            [new.lead_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((body_sha256, response)) = existing {
        return Ok(Stored::Existing {
            body_sha256,
            response,
        });
    }
    let l = new.lead;
    let c = &l.contact;
    tx.execute(
        "INSERT INTO leads (lead_id, received_at, body, body_sha256, response, name, email, company, role_title,
            phone, channel, message, consent_at, band, position, perspective, page_url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            new.lead_id,
            new.received_at,
            new.body,
            new.body_sha256,
            new.response,
            c.name.trim(),
            c.email.trim(),
            c.company.trim(),
            c.role_title.trim(),
            c.phone.trim(),
            match c.preferred_channel {
                role_quiz_core::lead::Channel::Email => "email",
                role_quiz_core::lead::Channel::Phone => "phone",
            },
            c.message.trim(),
            l.consent.at,
            l.result.band,
            l.result.position,
            l.result.perspective.map(|p| p.id()),
            l.context.page_url,
        ],
    )?;
    if let Some(at) = forward_at_ms {
        tx.execute(
            "INSERT INTO forward_queue (lead_id, next_attempt_ms) VALUES (?1, ?2)",
            params![new.lead_id, at],
        )?;
    }
    tx.commit()?;
    Ok(Stored::New)
}

/// Every stored lead, oldest first.
pub fn all_leads(conn: &mut Connection) -> rusqlite::Result<Vec<StoredLead>> {
    let mut stmt =
        conn.prepare("SELECT lead_id, received_at, body FROM leads ORDER BY received_at, rowid")?;
    let rows = stmt.query_map([], |r| {
        Ok(StoredLead {
            lead_id: r.get(0)?,
            received_at: r.get(1)?,
            body: r.get(2)?,
        })
    })?;
    rows.collect()
}

/// A queued forward that is due.
#[derive(Debug)]
pub struct DueForward {
    pub lead_id: String,
    pub body: String,
    pub attempts: i64,
}

/// Forwards due at `now_ms`, oldest first.
pub fn due_forwards(
    conn: &mut Connection,
    now_ms: i64,
    limit: i64,
) -> rusqlite::Result<Vec<DueForward>> {
    let mut stmt = conn.prepare(
        "SELECT q.lead_id, l.body, q.attempts FROM forward_queue q JOIN leads l ON l.lead_id = q.lead_id
         WHERE q.delivered_at IS NULL AND q.next_attempt_ms <= ?1 ORDER BY q.next_attempt_ms LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now_ms, limit], |r| {
        Ok(DueForward {
            lead_id: r.get(0)?,
            body: r.get(1)?,
            attempts: r.get(2)?,
        })
    })?;
    rows.collect()
}

pub fn mark_forwarded(conn: &mut Connection, lead_id: &str, at: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE forward_queue SET delivered_at = ?2, attempts = attempts + 1, last_error = NULL WHERE lead_id = ?1",
        params![lead_id, at],
    )?;
    Ok(())
}

pub fn reschedule_forward(
    conn: &mut Connection,
    lead_id: &str,
    next_ms: i64,
    error: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE forward_queue SET attempts = attempts + 1, next_attempt_ms = ?2, last_error = ?3 WHERE lead_id = ?1",
        params![lead_id, next_ms, error],
    )?;
    Ok(())
}

/// The earliest time a pending forward is due, if any.
pub fn next_forward_due(conn: &mut Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT MIN(next_attempt_ms) FROM forward_queue WHERE delivered_at IS NULL",
        [],
        |r| r.get(0),
    )
}
