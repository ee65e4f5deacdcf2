//! E-mail: a notification to the consultancy for every new lead, and the
//! visitor's result when they ask for it, sent through any SMTP relay.
//!
//! Each e-mail is queued in the database in the transaction that stores its
//! lead (`db::store_lead`), then sent by [`Mailer`], which retries
//! connection failures and 4xx replies with backoff and marks 5xx replies
//! failed. An e-mail counts as sent once the relay accepts it and the
//! database records that; a crash between the two can send it twice, and
//! its `Message-ID` (from the lead id) lets mail clients fold the repeat.

pub mod compose;
pub mod texts;

use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use role_quiz_core::lead::LeadPayload;
use tokio::sync::{watch, Notify};

use crate::clock::{now_ms, rfc3339};
use crate::db::{self, Db, MailOutcome};
use crate::error::StartError;
use crate::Settings;
use compose::{Composed, LinkBase};
use texts::MailTexts;

/// What the e-mails need besides the lead.
pub struct MailConfig {
    pub from: Mailbox,
    /// Told of each new lead; empty: only result e-mails are sent.
    pub notify_to: Vec<Mailbox>,
    pub link_base: LinkBase,
    pub booking_url: Option<String>,
    pub phone: String,
    /// Result e-mails per address per day.
    pub per_address: u32,
    /// The domain of `Message-ID`s: the sender's.
    pub domain: String,
    pub texts: MailTexts,
}

/// The relay's settings turned into a transport: `smtp://` requires
/// STARTTLS unless the URL says `?tls=none` (a relay on the same host),
/// `smtps://` speaks TLS from the start.
fn transport(
    url: &str,
    password: Option<&str>,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let mut parsed = url::Url::parse(url).map_err(|e| e.to_string())?;
    let tls: Option<String> = parsed
        .query_pairs()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.into_owned());
    match (parsed.scheme(), tls.as_deref()) {
        ("smtp", None) => {
            parsed.query_pairs_mut().append_pair("tls", "required");
        }
        ("smtp", Some("none")) => {
            let others: Vec<(String, String)> = parsed
                .query_pairs()
                .filter(|(k, _)| k != "tls")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            parsed.set_query(None);
            if !others.is_empty() {
                parsed.query_pairs_mut().extend_pairs(others);
            }
        }
        ("smtp", Some("required" | "opportunistic")) | ("smtps", _) => {}
        (scheme, tls) => {
            return Err(format!(
                "scheme `{scheme}` with tls={tls:?} is not supported; use smtps:// or smtp://"
            ))
        }
    }
    let user = percent_decode(parsed.username());
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(parsed.as_str())
        .map_err(|e| e.to_string())?
        .timeout(Some(Duration::from_secs(20)));
    if let Some(password) = password {
        builder = builder.credentials(Credentials::new(user, password.to_string()));
    }
    Ok(builder.build())
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("u={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The e-mail set-up from the settings: `None` (nothing is sent) without a
/// relay and a sender.
pub fn from_settings(
    settings: &Settings,
    trusted_origins: Vec<String>,
    db: Db,
    wake: Arc<Notify>,
) -> Result<Option<Mailer>, StartError> {
    let (Some(url), Some(from)) = (&settings.smtp_url, &settings.mail_from) else {
        return Ok(None);
    };
    let bad = |what: &str, why: String| StartError::Mail(format!("{what}: {why}"));
    let transport = transport(url, settings.smtp_password.as_deref())
        .map_err(|e| bad("ROLE_QUIZ_SMTP_URL", e))?;
    let from: Mailbox = from
        .parse()
        .map_err(|e: lettre::address::AddressError| bad("ROLE_QUIZ_MAIL_FROM", e.to_string()))?;
    let notify_to = settings
        .notify_to
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.parse::<Mailbox>()
                .map_err(|e| bad("ROLE_QUIZ_NOTIFY_TO", format!("`{a}`: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(url) = &settings.share_url {
        if !role_quiz_core::contact::is_web_url(url) {
            return Err(bad("ROLE_QUIZ_SHARE_URL", "not an http(s) URL".into()));
        }
    }
    let booking_url = settings
        .booking_url
        .clone()
        .filter(|u| role_quiz_core::contact::is_web_url(u));
    let config = MailConfig {
        domain: from.email.domain().to_string(),
        from,
        notify_to,
        link_base: LinkBase {
            share_url: settings.share_url.clone(),
            trusted_origins,
            public_url: settings.public_url.clone(),
        },
        booking_url,
        phone: settings.contact_phone.clone(),
        per_address: settings.result_mail_per_address,
        texts: texts::mail_texts(role_quiz_core::config::DEFAULT_LOCALE),
    };
    Ok(Some(Mailer {
        db,
        transport,
        config: Arc::new(config),
        retry_base: Duration::from_millis(settings.mail_retry_ms.max(1)),
        max_attempts: settings.mail_max_attempts.max(1),
        wake,
    }))
}

/// The e-mail worker.
#[derive(Clone)]
pub struct Mailer {
    pub db: Db,
    pub transport: AsyncSmtpTransport<Tokio1Executor>,
    pub config: Arc<MailConfig>,
    pub retry_base: Duration,
    pub max_attempts: u32,
    /// Woken when a new e-mail is queued.
    pub wake: Arc<Notify>,
}

/// How long an e-mail being sent may take to finish once shutdown begins.
pub const SEND_GRACE: Duration = Duration::from_secs(3);

/// Which e-mail of a lead.
pub const CONSULTANCY: &str = "consultancy";
pub const VISITOR: &str = "visitor";

/// The message for one queued e-mail of a lead.
pub fn message(config: &MailConfig, kind: &str, lead: &LeadPayload) -> Result<Message, String> {
    let builder = Message::builder()
        .from(config.from.clone())
        .message_id(Some(format!("<{}.{kind}@{}>", lead.lead_id, config.domain)));
    let visitor: Mailbox = Mailbox::new(
        Some(header_safe(&lead.contact.name)),
        lead.contact
            .email
            .parse()
            .map_err(|e| format!("the lead's address: {e}"))?,
    );
    let (builder, composed): (_, Composed) = if kind == CONSULTANCY {
        if config.notify_to.is_empty() {
            return Err("ROLE_QUIZ_NOTIFY_TO is empty".into());
        }
        let builder = config
            .notify_to
            .iter()
            .fold(builder, |b, to| b.to(to.clone()))
            .reply_to(visitor);
        // The lead on the admin page, when the collector knows its public
        // address (and so can write an absolute link).
        let admin_link = config
            .link_base
            .public_url
            .as_deref()
            .map(|u| format!("{}/admin/leads/{}", u.trim_end_matches('/'), lead.lead_id));
        (
            builder,
            compose::consultancy(lead, &config.texts, admin_link.as_deref()),
        )
    } else {
        let link = compose::result_link(lead, &config.link_base);
        let composed = compose::visitor(
            lead,
            &config.texts,
            link.as_deref(),
            config.booking_url.as_deref(),
            &config.phone,
        );
        (builder.to(visitor), composed)
    };
    let builder = builder.subject(header_safe(&composed.subject));
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(composed.text);
    let built = match composed.html {
        None => builder.singlepart(text),
        Some(html) => builder.multipart(
            MultiPart::alternative().singlepart(text).singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(html),
            ),
        ),
    };
    built.map_err(|e| e.to_string())
}

impl Mailer {
    /// Sends due e-mails until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            if *shutdown.borrow() {
                break;
            }
            if let Err(e) = self.send_due(&mut shutdown).await {
                tracing::warn!(error = %e, "mail queue unavailable");
            }
            if *shutdown.borrow() {
                break;
            }
            let next = self.db.run(db::next_mail_due).await.ok().flatten();
            crate::forward::wait_for_work(next, &self.wake, &mut shutdown).await;
        }
    }

    async fn send_due(&self, shutdown: &mut watch::Receiver<bool>) -> Result<(), db::DbError> {
        let due = self.db.run(|c| db::due_mail(c, now_ms(), 20)).await?;
        for item in due {
            if *shutdown.borrow() {
                return Ok(());
            }
            let attempts = item.attempts + 1;
            let outcome = match serde_json::from_str::<LeadPayload>(&item.body)
                .map_err(|e| format!("the stored lead cannot be read: {e}"))
                .and_then(|lead| message(&self.config, &item.kind, &lead))
            {
                Err(e) => Err((e, true)),
                Ok(message) => {
                    let send = self.transport.send(message);
                    tokio::pin!(send);
                    // On shutdown, an e-mail being sent gets a moment to
                    // finish, so that one the relay accepts is recorded as
                    // sent and never sent again after a clean restart.
                    let sent = tokio::select! {
                        sent = &mut send => Some(sent),
                        _ = shutdown.changed() => tokio::time::timeout(SEND_GRACE, &mut send).await.ok(),
                    };
                    let Some(sent) = sent else {
                        tracing::info!(lead_id = %item.lead_id, kind = %item.kind, "sending stopped for shutdown; the e-mail stays queued");
                        return Ok(());
                    };
                    sent.map(|_| ()).map_err(|e| {
                        // 5xx: the relay refuses this e-mail for good.
                        (smtp_error(&e), e.is_permanent())
                    })
                }
            };
            let (lead_id, kind) = (item.lead_id.clone(), item.kind.clone());
            match outcome {
                Ok(()) => {
                    tracing::info!(lead_id = %lead_id, kind = %kind, attempts, "e-mail sent");
                    let at = rfc3339(now_ms());
                    self.db
                        .run(move |c| db::record_mail(c, &lead_id, &kind, MailOutcome::Sent(&at)))
                        .await?;
                }
                Err((error, permanent))
                    if permanent || attempts >= i64::from(self.max_attempts) =>
                {
                    tracing::error!(lead_id = %lead_id, kind = %kind, attempts, error = %error, "e-mail failed; see the listings");
                    let at = rfc3339(now_ms());
                    self.db
                        .run(move |c| {
                            db::record_mail(c, &lead_id, &kind, MailOutcome::Failed(&at, &error))
                        })
                        .await?;
                }
                Err((error, _)) => {
                    let wait = crate::forward::backoff(self.retry_base, item.attempts);
                    tracing::warn!(lead_id = %lead_id, kind = %kind, attempts, error = %error, retry_in_ms = wait.as_millis() as u64, "e-mail not sent; will retry");
                    let next = now_ms() + wait.as_millis() as i64;
                    self.db
                        .run(move |c| {
                            db::record_mail(c, &lead_id, &kind, MailOutcome::RetryAt(next, &error))
                        })
                        .await?;
                }
            }
        }
        Ok(())
    }
}

/// Text for a header (a display name, the subject): control characters,
/// CR and LF above all, become spaces, so no value can start a header of its
/// own. The collector refuses them in names already; this is the second
/// line. lettre encodes what remains (RFC 2047).
pub fn header_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if role_quiz_core::lead::is_disallowed_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// An SMTP error for the listings: the relay's code and words, or what
/// went wrong with the connection; never an address.
fn smtp_error(e: &lettre::transport::smtp::Error) -> String {
    match e.status() {
        Some(code) => format!("SMTP {code}"),
        None if e.is_timeout() => "timeout".into(),
        None => "connection failed".into(),
    }
}
