//! The embedded SQLite database: opening it, migrating it, and the few
//! statements the collector needs. All values go through bound parameters,
//! never into the SQL text.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};

/// The migrations, in order. A database records how many it has applied.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_leads", include_str!("../migrations/0001_leads.sql")),
    (
        "0002_forwarding_state_and_paging",
        include_str!("../migrations/0002_forwarding_state_and_paging.sql"),
    ),
    ("0003_mail", include_str!("../migrations/0003_mail.sql")),
    (
        "0004_privacy",
        include_str!("../migrations/0004_privacy.sql"),
    ),
    ("0005_funnel", include_str!("../migrations/0005_funnel.sql")),
];

/// A shared connection. SQLite serialises writes anyway; one connection
/// behind a mutex, used from blocking threads, is all the collector needs.
#[derive(Clone)]
pub struct Db(Arc<Mutex<Connection>>);

/// A lead as listed: its stored body, the columns kept beside it (enough
/// to list the lead should the body ever be unreadable), and its forwarding.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedLead {
    /// The listing's cursor: the row's position in the table.
    pub row: i64,
    pub lead_id: String,
    pub received_at: String,
    pub body: String,
    pub columns: LeadColumns,
    /// None when the lead was never queued for forwarding.
    pub forwarding: Option<ForwardState>,
    /// The e-mails queued for it, consultancy first.
    pub mail: Vec<MailState>,
}

/// Where one e-mail stands.
#[derive(Debug, Clone, PartialEq)]
pub struct MailState {
    /// `consultancy` or `visitor`.
    pub kind: String,
    pub attempts: i64,
    pub sent_at: Option<String>,
    pub failed_at: Option<String>,
    pub last_error: Option<String>,
}

impl MailState {
    /// `sent`, `failed` or `waiting`.
    pub fn state(&self) -> &'static str {
        if self.sent_at.is_some() {
            "sent"
        } else if self.failed_at.is_some() {
            "failed"
        } else {
            "waiting"
        }
    }
}

/// The lead's main values as columns of their own.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadColumns {
    pub name: String,
    pub email: String,
    pub company: String,
    pub role_title: String,
    pub phone: String,
    pub channel: String,
    pub message: String,
    pub consent_at: String,
    pub band: String,
    pub position: f64,
    pub perspective: Option<String>,
    pub page_url: String,
}

/// Where a lead's forwarding stands.
#[derive(Debug, Clone, PartialEq)]
pub struct ForwardState {
    pub attempts: i64,
    pub delivered_at: Option<String>,
    pub given_up_at: Option<String>,
    pub last_error: Option<String>,
}

impl ForwardState {
    /// `delivered`, `given_up` or `waiting`.
    pub fn state(&self) -> &'static str {
        if self.delivered_at.is_some() {
            "delivered"
        } else if self.given_up_at.is_some() {
            "given_up"
        } else {
            "waiting"
        }
    }
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
    /// The same id was stored before: its stored body and first response.
    Existing {
        body: String,
        response: String,
    },
}

/// Whether SQLite gave up waiting for another connection's lock.
pub fn is_busy(e: &DbError) -> bool {
    matches!(
        e,
        DbError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if matches!(f.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

impl Db {
    /// Opens (creating if needed, readable by its owner only) the database
    /// file and applies migrations. A write waits up to `busy_timeout` for
    /// another connection's lock (the `sqlite3` shell, a backup script).
    pub fn open(path: &Path, busy_timeout: std::time::Duration) -> rusqlite::Result<Db> {
        create_private(path);
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted rows (erasure, retention) are overwritten, not left in
        // free pages of the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(busy_timeout)?;
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

/// Creates the database's folder (owner only) and an empty file readable
/// and writable by its owner only, before SQLite opens it; SQLite gives the
/// `-wal` and `-shm` files the same permissions. An existing file that
/// others can read is tightened. Failures are left for SQLite to report.
fn create_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                let _ = std::fs::DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(dir);
            }
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.permissions().mode() & 0o077 != 0 => {
                tracing::warn!(path = %path.display(), "the database was readable by others; now by its owner only");
                let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
            }
            Ok(_) => {}
            Err(_) => {
                let _ = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(path);
            }
        }
    }
    #[cfg(not(unix))]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
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

/// Which e-mails a new lead queues.
#[derive(Debug, Clone, Default)]
pub struct MailPlan {
    /// The notification to the consultancy.
    pub consultancy: bool,
    /// The visitor's result, when asked for and allowed so far.
    pub visitor: Option<VisitorMail>,
    /// When the queued e-mails are due (now).
    pub at_ms: i64,
}

/// The visitor's result e-mail and its limits.
#[derive(Debug, Clone)]
pub enum VisitorMail {
    /// Queue it if the address has had fewer than `per_day` today.
    Queue {
        address_sha256: String,
        day: String,
        per_day: i64,
    },
    /// Refused before storing (the client's limit); recorded, never sent.
    Refused(&'static str),
}

/// Stores a new lead, and queues it for forwarding when `forward_at_ms` is
/// set and its e-mails by `mail`, in one transaction; or reports the lead
/// already stored under its id.
pub fn store_lead(
    conn: &mut Connection,
    new: &NewLead<'_>,
    forward_at_ms: Option<i64>,
    mail: &MailPlan,
) -> rusqlite::Result<Stored> {
    // IMMEDIATE takes the write lock first, so a lock held elsewhere is
    // waited for (the busy timeout); a deferred transaction would read, then
    // fail at once on upgrading to a write in WAL mode.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let existing: Option<(String, String)> = tx
        .query_row(
            "SELECT body, response FROM leads WHERE lead_id = ?1",
            [new.lead_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((body, response)) = existing {
        return Ok(Stored::Existing { body, response });
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
    queue_mail(&tx, new.lead_id, mail, new.received_at)?;
    tx.commit()?;
    Ok(Stored::New)
}

fn queue_mail(
    tx: &rusqlite::Transaction<'_>,
    lead_id: &str,
    mail: &MailPlan,
    now: &str,
) -> rusqlite::Result<()> {
    if mail.consultancy {
        tx.execute(
            "INSERT INTO mail_queue (lead_id, kind, next_attempt_ms) VALUES (?1, 'consultancy', ?2)",
            params![lead_id, mail.at_ms],
        )?;
    }
    let refused = |reason: &str| {
        tx.execute(
            "INSERT INTO mail_queue (lead_id, kind, next_attempt_ms, failed_at, last_error)
             VALUES (?1, 'visitor', ?2, ?3, ?4)",
            params![lead_id, mail.at_ms, now, reason],
        )
    };
    match &mail.visitor {
        None => {}
        Some(VisitorMail::Refused(reason)) => {
            refused(reason)?;
        }
        Some(VisitorMail::Queue {
            address_sha256,
            day,
            per_day,
        }) => {
            let sent: i64 = tx
                .query_row(
                    "SELECT sent FROM mail_address_counts WHERE address_sha256 = ?1 AND day = ?2",
                    params![address_sha256, day],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(0);
            if sent >= *per_day {
                refused("limit: this address had its result e-mails for today")?;
            } else {
                tx.execute(
                    "INSERT INTO mail_queue (lead_id, kind, next_attempt_ms) VALUES (?1, 'visitor', ?2)",
                    params![lead_id, mail.at_ms],
                )?;
                tx.execute(
                    "INSERT INTO mail_address_counts (address_sha256, day, sent) VALUES (?1, ?2, 1)
                     ON CONFLICT (address_sha256, day) DO UPDATE SET sent = sent + 1",
                    params![address_sha256, day],
                )?;
            }
        }
    }
    Ok(())
}

/// Which leads a page of the listing holds.
#[derive(Debug, Clone, Default)]
pub struct Page<'a> {
    /// Only rows after this one (the previous page's last `row`).
    pub after: i64,
    /// Only leads received at or after this RFC 3339 time.
    pub since: Option<&'a str>,
    /// Only leads of this address (compared without regard to case).
    pub email: Option<&'a str>,
    pub limit: i64,
    /// The admin page's filters.
    pub filter: Filter,
}

impl Page<'_> {
    /// Up to `limit` leads after row `after`, of any time, address and kind;
    /// callers narrow it with struct-update syntax.
    pub fn new(after: i64, limit: i64) -> Self {
        Page {
            after,
            since: None,
            email: None,
            limit,
            filter: Filter::default(),
        }
    }
}

/// What the admin page's leads list may be narrowed to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Words in the name, e-mail or company.
    pub search: Option<String>,
    pub band: Option<String>,
    /// The lead's `utm_source`.
    pub source: Option<String>,
    /// `delivered`, `waiting`, `given_up`, or `off` (never queued).
    pub forwarding: Option<String>,
    /// Only leads received at or after this RFC 3339 time.
    pub since: Option<String>,
    /// Only leads received before this RFC 3339 time.
    pub until: Option<String>,
    /// Newest first, each page before `after` (when not 0).
    pub newest_first: bool,
}

/// `text` as a LIKE pattern that matches it anywhere, its own `%`, `_`
/// and `\` taken literally.
fn contains_pattern(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// One page of stored leads, oldest first (or newest, by the filter).
pub fn leads_page(conn: &mut Connection, page: &Page<'_>) -> rusqlite::Result<Vec<ListedLead>> {
    // Two fixed statements, one per order; every value is a parameter.
    const SELECT: &str = "SELECT l.rowid, l.lead_id, l.received_at, l.body, l.name, l.email, l.company, l.role_title,
                l.phone, l.channel, l.message, l.consent_at, l.band, l.position, l.perspective, l.page_url,
                q.lead_id IS NOT NULL, q.attempts, q.delivered_at, q.given_up_at, q.last_error
         FROM leads l LEFT JOIN forward_queue q ON q.lead_id = l.lead_id
         WHERE (?2 IS NULL OR l.received_at >= ?2)
             AND (?4 IS NULL OR lower(l.email) = lower(?4))
             AND (?5 IS NULL OR l.name LIKE ?5 ESCAPE '\\' OR l.email LIKE ?5 ESCAPE '\\' OR l.company LIKE ?5 ESCAPE '\\')
             AND (?6 IS NULL OR l.band = ?6)
             AND (?7 IS NULL OR (CASE WHEN json_valid(l.body) THEN json_extract(l.body, '$.context.params.utm_source') END) = ?7)
             AND (?8 IS NULL OR (CASE WHEN q.lead_id IS NULL THEN 'off' WHEN q.delivered_at IS NOT NULL THEN 'delivered'
                  WHEN q.given_up_at IS NOT NULL THEN 'given_up' ELSE 'waiting' END) = ?8)
             AND (?9 IS NULL OR l.received_at < ?9)";
    let f = &page.filter;
    let mut stmt = if f.newest_first {
        conn.prepare_cached(&format!(
            "{SELECT} AND (?1 = 0 OR l.rowid < ?1) ORDER BY l.rowid DESC LIMIT ?3"
        ))?
    } else {
        conn.prepare_cached(&format!(
            "{SELECT} AND l.rowid > ?1 ORDER BY l.rowid LIMIT ?3"
        ))?
    };
    let search = f.search.as_deref().map(contains_pattern);
    let since = page.since.or(f.since.as_deref());
    let rows = stmt.query_map(
        params![
            page.after,
            since,
            page.limit,
            page.email,
            search,
            f.band,
            f.source,
            f.forwarding,
            f.until
        ],
        |r| {
            let queued: bool = r.get(16)?;
            Ok(ListedLead {
                row: r.get(0)?,
                lead_id: r.get(1)?,
                received_at: r.get(2)?,
                body: r.get(3)?,
                columns: LeadColumns {
                    name: r.get(4)?,
                    email: r.get(5)?,
                    company: r.get(6)?,
                    role_title: r.get(7)?,
                    phone: r.get(8)?,
                    channel: r.get(9)?,
                    message: r.get(10)?,
                    consent_at: r.get(11)?,
                    band: r.get(12)?,
                    position: r.get(13)?,
                    perspective: r.get(14)?,
                    page_url: r.get(15)?,
                },
                forwarding: if queued {
                    Some(ForwardState {
                        attempts: r.get(17)?,
                        delivered_at: r.get(18)?,
                        given_up_at: r.get(19)?,
                        last_error: r.get(20)?,
                    })
                } else {
                    None
                },
                mail: Vec::new(),
            })
        },
    )?;
    let mut leads: Vec<ListedLead> = rows.collect::<rusqlite::Result<_>>()?;
    let rows_of_page = (
        leads.iter().map(|l| l.row).min(),
        leads.iter().map(|l| l.row).max(),
    );
    if let (Some(first), Some(last)) = rows_of_page {
        let mut stmt = conn.prepare_cached(
            "SELECT l.rowid, m.kind, m.attempts, m.sent_at, m.failed_at, m.last_error
             FROM mail_queue m JOIN leads l ON l.lead_id = m.lead_id
             WHERE l.rowid BETWEEN ?1 AND ?2 ORDER BY l.rowid, m.kind",
        )?;
        let states = stmt.query_map(params![first, last], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                MailState {
                    kind: r.get(1)?,
                    attempts: r.get(2)?,
                    sent_at: r.get(3)?,
                    failed_at: r.get(4)?,
                    last_error: r.get(5)?,
                },
            ))
        })?;
        for state in states {
            let (row, state) = state?;
            if let Some(lead) = leads.iter_mut().find(|l| l.row == row) {
                lead.mail.push(state);
            }
        }
    }
    Ok(leads)
}

/// A queued forward that is due.
#[derive(Debug)]
pub struct DueForward {
    pub lead_id: String,
    pub body: String,
    /// Attempts so far, all told.
    pub attempts: i64,
    /// Failures since a delivery last succeeded; sets the backoff.
    pub streak: i64,
}

/// Forwards due at `now_ms`, oldest first.
pub fn due_forwards(
    conn: &mut Connection,
    now_ms: i64,
    limit: i64,
) -> rusqlite::Result<Vec<DueForward>> {
    let mut stmt = conn.prepare(
        "SELECT q.lead_id, l.body, q.attempts, q.streak FROM forward_queue q JOIN leads l ON l.lead_id = q.lead_id
         WHERE q.delivered_at IS NULL AND q.given_up_at IS NULL AND q.next_attempt_ms <= ?1
         ORDER BY q.next_attempt_ms LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now_ms, limit], |r| {
        Ok(DueForward {
            lead_id: r.get(0)?,
            body: r.get(1)?,
            attempts: r.get(2)?,
            streak: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// Marks a lead delivered, and makes every other waiting lead due now with
/// its backoff reset: the receiver is evidently back.
pub fn mark_forwarded(
    conn: &mut Connection,
    lead_id: &str,
    at: &str,
    now_ms: i64,
) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "UPDATE forward_queue SET delivered_at = ?2, attempts = attempts + 1, streak = 0, last_error = NULL
         WHERE lead_id = ?1",
        params![lead_id, at],
    )?;
    tx.execute(
        "UPDATE forward_queue SET streak = 0, next_attempt_ms = MIN(next_attempt_ms, ?1)
         WHERE delivered_at IS NULL AND given_up_at IS NULL AND (streak > 0 OR next_attempt_ms > ?1)",
        params![now_ms],
    )?;
    tx.commit()
}

/// What to do with a lead whose delivery failed.
pub enum Failed<'a> {
    /// Try again at this time.
    RetryAt(i64),
    /// Stop trying; it stays in the listings as given up, from this moment.
    GiveUp(&'a str),
}

/// Records a failed attempt.
pub fn record_failure(
    conn: &mut Connection,
    lead_id: &str,
    error: &str,
    then: Failed<'_>,
) -> rusqlite::Result<()> {
    match then {
        Failed::RetryAt(next_ms) => conn.execute(
            "UPDATE forward_queue SET attempts = attempts + 1, streak = streak + 1, next_attempt_ms = ?2,
                last_error = ?3 WHERE lead_id = ?1",
            params![lead_id, next_ms, error],
        )?,
        Failed::GiveUp(at) => conn.execute(
            "UPDATE forward_queue SET attempts = attempts + 1, streak = streak + 1, given_up_at = ?2,
                last_error = ?3 WHERE lead_id = ?1",
            params![lead_id, at, error],
        )?,
    };
    Ok(())
}

/// The earliest time a pending forward is due, if any.
pub fn next_forward_due(conn: &mut Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT MIN(next_attempt_ms) FROM forward_queue WHERE delivered_at IS NULL AND given_up_at IS NULL",
        [],
        |r| r.get(0),
    )
}

/// The forwarding queue at a glance, for monitoring.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueHealth {
    pub waiting: i64,
    pub given_up: i64,
    /// When the oldest waiting lead was received (RFC 3339).
    pub oldest_waiting: Option<String>,
}

pub fn queue_health(conn: &mut Connection) -> rusqlite::Result<QueueHealth> {
    conn.query_row(
        "SELECT
            COUNT(*) FILTER (WHERE q.delivered_at IS NULL AND q.given_up_at IS NULL),
            COUNT(*) FILTER (WHERE q.given_up_at IS NOT NULL AND q.delivered_at IS NULL),
            MIN(l.received_at) FILTER (WHERE q.delivered_at IS NULL AND q.given_up_at IS NULL)
         FROM forward_queue q JOIN leads l ON l.lead_id = q.lead_id",
        [],
        |r| {
            Ok(QueueHealth {
                waiting: r.get(0)?,
                given_up: r.get(1)?,
                oldest_waiting: r.get(2)?,
            })
        },
    )
}

/// A queued e-mail that is due.
#[derive(Debug)]
pub struct DueMail {
    pub lead_id: String,
    pub kind: String,
    pub body: String,
    pub attempts: i64,
}

/// E-mails due at `now_ms`, oldest first.
pub fn due_mail(conn: &mut Connection, now_ms: i64, limit: i64) -> rusqlite::Result<Vec<DueMail>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.lead_id, m.kind, l.body, m.attempts FROM mail_queue m JOIN leads l ON l.lead_id = m.lead_id
         WHERE m.sent_at IS NULL AND m.failed_at IS NULL AND m.next_attempt_ms <= ?1
         ORDER BY m.next_attempt_ms LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now_ms, limit], |r| {
        Ok(DueMail {
            lead_id: r.get(0)?,
            kind: r.get(1)?,
            body: r.get(2)?,
            attempts: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// What became of one attempt to send an e-mail.
pub enum MailOutcome<'a> {
    Sent(&'a str),
    RetryAt(i64, &'a str),
    Failed(&'a str, &'a str),
}

pub fn record_mail(
    conn: &mut Connection,
    lead_id: &str,
    kind: &str,
    outcome: MailOutcome<'_>,
) -> rusqlite::Result<()> {
    match outcome {
        MailOutcome::Sent(at) => conn.execute(
            "UPDATE mail_queue SET attempts = attempts + 1, sent_at = ?3, last_error = NULL
             WHERE lead_id = ?1 AND kind = ?2",
            params![lead_id, kind, at],
        )?,
        MailOutcome::RetryAt(next, error) => conn.execute(
            "UPDATE mail_queue SET attempts = attempts + 1, next_attempt_ms = ?3, last_error = ?4
             WHERE lead_id = ?1 AND kind = ?2",
            params![lead_id, kind, next, error],
        )?,
        MailOutcome::Failed(at, error) => conn.execute(
            "UPDATE mail_queue SET attempts = attempts + 1, failed_at = ?3, last_error = ?4
             WHERE lead_id = ?1 AND kind = ?2",
            params![lead_id, kind, at, error],
        )?,
    };
    Ok(())
}

/// The earliest time a waiting e-mail is due, if any.
pub fn next_mail_due(conn: &mut Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT MIN(next_attempt_ms) FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL",
        [],
        |r| r.get(0),
    )
}

/// The e-mail queue at a glance, for monitoring.
#[derive(Debug, Clone, PartialEq)]
pub struct MailHealth {
    pub waiting: i64,
    pub failed: i64,
}

pub fn mail_health(conn: &mut Connection) -> rusqlite::Result<MailHealth> {
    conn.query_row(
        "SELECT COUNT(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL),
                COUNT(*) FILTER (WHERE failed_at IS NOT NULL AND last_error NOT LIKE 'limit:%')
         FROM mail_queue",
        [],
        |r| {
            Ok(MailHealth {
                waiting: r.get(0)?,
                failed: r.get(1)?,
            })
        },
    )
}

/// Makes a lead's forwarding due now, with a fresh backoff, even when it was
/// given up; returns whether there was one to retry.
pub fn retry_forward(conn: &mut Connection, lead_id: &str, now_ms: i64) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "UPDATE forward_queue SET next_attempt_ms = ?2, given_up_at = NULL, streak = 0
         WHERE lead_id = ?1 AND delivered_at IS NULL",
        params![lead_id, now_ms],
    )?;
    Ok(n > 0)
}
