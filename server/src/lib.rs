//! The role-quiz server and lead collector.
//!
//! One axum application, so `make demo` stays one process: it serves the
//! built widget and demo page, receives leads at `POST /api/leads` into an
//! embedded SQLite database, lists them for the consultancy
//! (`GET /api/leads`, `GET /api/leads.csv`) and forwards each new lead to a
//! signed webhook when one is configured.

pub mod admin;
pub mod api;
pub mod caching;
pub mod clock;
pub mod config;
pub mod csv;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod forward;
pub mod funnel;
pub mod mail;
pub mod pages;
pub mod privacy;
pub mod rate_limit;
pub mod routes;
pub mod serve;
pub mod webhook;

pub use config::Settings;
pub use error::StartError;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::sync::Notify;

use crate::db::Db;
use crate::rate_limit::RateLimiter;
use crate::webhook::Secret;

/// What the handlers share.
pub struct AppState {
    pub db: Db,
    pub allowed_origins: Vec<String>,
    pub admin_token: Option<String>,
    pub trusted_proxies: Vec<IpAddr>,
    pub limiter: RateLimiter,
    /// Funnel reports per client: generous, only against floods.
    pub report_limiter: RateLimiter,
    /// Signed-in admin sessions.
    pub sessions: admin::session::Sessions,
    /// Admin sign-in attempts per client.
    pub sign_in_limiter: RateLimiter,
    pub min_fill_ms: u64,
    pub max_body_bytes: usize,
    /// Time a client has to send a lead's whole body.
    pub body_timeout: Duration,
    /// Time for a whole request until its answer starts.
    pub request_timeout: Duration,
    /// The collector's own origin from `ROLE_QUIZ_PUBLIC_URL`, when set.
    pub public_origin: Option<String>,
    /// Whether new leads are queued for forwarding.
    pub forwarding: bool,
    pub forward_wake: Arc<Notify>,
    /// What new leads queue for e-mail, when e-mail is on.
    pub mail: Option<MailIntake>,
}

/// What the lead endpoint needs to queue e-mails.
pub struct MailIntake {
    /// Whether the consultancy is told of each lead.
    pub notify: bool,
    /// Result e-mails per address per day.
    pub per_address: u32,
    /// Result e-mails each client may ask for per hour.
    pub per_client: RateLimiter,
    pub wake: Arc<Notify>,
}

impl AppState {
    /// Whether a page of this origin (no trailing slash) may send leads,
    /// by the configured list (`*` allows every origin).
    pub fn origin_allowed(&self, origin: &str) -> bool {
        self.allowed_origins
            .iter()
            .any(|o| o == "*" || o.trim_end_matches('/') == origin)
    }
}

/// Everything built from the settings.
pub struct Collector {
    pub router: Router,
    pub state: Arc<AppState>,
    /// The forwarding worker, when a forward URL is set; run it with a shutdown signal.
    pub forwarder: Option<forward::Forwarder>,
    /// The e-mail worker, when a relay and a sender are set.
    pub mailer: Option<mail::Mailer>,
    /// The daily retention job, unless retention is off (0 days).
    pub retention: Option<privacy::Retention>,
}

/// Builds the application from its settings.
pub fn build(settings: &Settings) -> Result<Collector, StartError> {
    if !settings.static_dir.join("index.html").is_file() {
        return Err(StartError::MissingStaticDir(settings.static_dir.clone()));
    }
    let public_origin = settings
        .public_url
        .as_deref()
        .map(|url| origin_of(url).ok_or_else(|| StartError::PublicUrl(url.to_string())))
        .transpose()?;
    let db = Db::open(&settings.db, settings.db_busy_timeout.into()).map_err(|source| {
        StartError::Database {
            path: settings.db.clone(),
            source,
        }
    })?;
    let secret = settings
        .forward_secret
        .as_deref()
        .map(Secret::parse)
        .transpose()
        .map_err(StartError::ForwardSecret)?;
    if let Some(url) = &settings.forward_url {
        if !role_quiz_core::contact::is_web_url(url) {
            return Err(StartError::ForwardUrl(url.clone()));
        }
    }
    let wake = Arc::new(Notify::new());
    let forwarder = settings.forward_url.clone().map(|url| forward::Forwarder {
        db: db.clone(),
        url,
        secret,
        retry_base: Duration::from_millis(settings.forward_retry_ms.max(1)),
        max_attempts: settings.forward_max_attempts.max(1),
        wake: wake.clone(),
    });
    let allowed_origins: Vec<String> = settings
        .allowed_origins
        .iter()
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty())
        .collect();
    // Pages whose own address a result e-mail may link back to.
    let trusted_origins: Vec<String> = allowed_origins
        .iter()
        .filter(|o| *o != "*")
        .cloned()
        .chain(public_origin.clone())
        .collect();
    let mail_wake = Arc::new(Notify::new());
    let mailer = mail::from_settings(settings, trusted_origins, db.clone(), mail_wake.clone())?;
    let mail = mailer.as_ref().map(|m| MailIntake {
        notify: !m.config.notify_to.is_empty(),
        per_address: settings.result_mail_per_address,
        per_client: RateLimiter::new(
            settings.result_mail_per_client.max(1),
            Duration::from_secs(3600 / u64::from(settings.result_mail_per_client.max(1))),
        ),
        wake: mail_wake,
    });
    let retention = (settings.retention_days > 0).then(|| privacy::Retention {
        db: db.clone(),
        keep: Duration::from_secs(u64::from(settings.retention_days) * 24 * 3600),
    });
    let state = Arc::new(AppState {
        db,
        allowed_origins,
        admin_token: settings.admin_token.clone().filter(|t| !t.is_empty()),
        trusted_proxies: settings.trusted_proxies.clone(),
        limiter: RateLimiter::new(
            settings.rate_burst,
            Duration::from_secs(settings.rate_refill_secs),
        ),
        report_limiter: RateLimiter::new(settings.report_burst, Duration::from_millis(500)),
        sessions: admin::session::Sessions::new(settings.admin_session.into()),
        sign_in_limiter: RateLimiter::new(5, Duration::from_secs(60)),
        min_fill_ms: settings.min_fill_ms,
        max_body_bytes: settings.max_body_bytes,
        body_timeout: settings.body_timeout.into(),
        request_timeout: settings.request_timeout.into(),
        public_origin,
        forwarding: forwarder.is_some(),
        forward_wake: wake,
        mail,
    });
    Ok(Collector {
        router: routes::router(state.clone(), &settings.static_dir),
        state,
        forwarder,
        mailer,
        retention,
    })
}

/// The origin (`scheme://host[:port]`) of an http(s) URL, lower-cased.
pub fn origin_of(url: &str) -> Option<String> {
    let url = url.trim();
    if !role_quiz_core::contact::is_web_url(url) {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    Some(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        authority.to_ascii_lowercase()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use clap::Parser;
    use http_body_util::BodyExt;
    use std::path::Path;
    use tower::ServiceExt;

    fn app(dir: &Path) -> Result<Router, StartError> {
        let settings = Settings::parse_from([
            "x".into(),
            "--static-dir".into(),
            dir.display().to_string(),
            "--db".into(),
            dir.join("test.sqlite3").display().to_string(),
        ]);
        build(&settings).map(|c| c.router)
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<!doctype html><title>quiz</title>",
        )
        .unwrap();
        std::fs::write(dir.path().join("widget.js"), "export {}").unwrap();
        dir
    }

    async fn get(app: Router, path: &str) -> (StatusCode, String, Option<String>) {
        let response = app
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let kind = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string());
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned(), kind)
    }

    #[tokio::test]
    async fn serves_the_widget_and_a_health_check() {
        let dir = site();
        let app = app(dir.path()).unwrap();
        let (status, body, _) = get(app.clone(), "/").await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "<!doctype html><title>quiz</title>")
        );
        let (status, _, kind) = get(app.clone(), "/widget.js").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(kind.as_deref(), Some("text/javascript"));
        let (status, body, _) = get(app.clone(), "/healthz").await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, r#"{"status":"ok"}"#)
        );
        let (status, _, _) = get(app, "/missing.wasm").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn compresses_for_clients_that_accept_it() {
        let dir = site();
        std::fs::write(
            dir.path().join("big.js"),
            "export const x = 1;\n".repeat(500),
        )
        .unwrap();
        let request = Request::get("/big.js")
            .header(header::ACCEPT_ENCODING, "br")
            .body(Body::empty())
            .unwrap();
        let response = app(dir.path()).unwrap().oneshot(request).await.unwrap();
        assert_eq!(
            response.headers().get(header::CONTENT_ENCODING).unwrap(),
            "br"
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert!(body.len() < 1000, "{} bytes", body.len());
    }

    #[test]
    fn refuses_to_start_without_a_built_widget() {
        let dir = tempfile::tempdir().unwrap();
        let err = app(dir.path()).unwrap_err();
        assert!(err.to_string().contains("run `make build` first"), "{err}");
    }

    #[test]
    fn the_public_origin_is_the_scheme_and_authority_of_the_url() {
        assert_eq!(
            origin_of("https://Quiz.Example/").as_deref(),
            Some("https://quiz.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080/path?q").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(origin_of("ftp://quiz.example"), None);
        assert_eq!(origin_of("https://user@quiz.example"), None);
    }

    #[test]
    fn port_replaces_the_port_of_the_listen_address() {
        let s = Settings::parse_from(["x", "--listen", "0.0.0.0:9000", "--port", "9100"]);
        assert_eq!(s.address().to_string(), "0.0.0.0:9100");
        let s = Settings::parse_from(["x", "--listen", "127.0.0.1:9000"]);
        assert_eq!(s.address().to_string(), "127.0.0.1:9000");
    }
}
