//! What the collector's integration tests share: a temporary site, a valid
//! lead, requests through the router, and a webhook receiver on loopback.

#![allow(dead_code)]

pub mod smtp;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use clap::Parser;
use http_body_util::BodyExt;
use role_quiz_server::{build, Collector, Settings};
use serde_json::{json, Value};
use tower::ServiceExt;

pub const TOKEN: &str = "test-admin-token-3f9a";
pub const ID: &str = "0b8e7a4c-1f2d-4e5a-9b6c-7d8e9f0a1b2c";

/// A temporary folder with a fake built widget, removed on drop.
pub struct TempSite(tempfile::TempDir);

impl TempSite {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();
        TempSite(dir)
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

/// A collector on the site's own database, with the admin token set the
/// way production sets it (from the environment, never a flag); `extra`
/// flags override the defaults given here.
pub fn collector(site: &TempSite, extra: &[&str]) -> Collector {
    collector_with_secret(site, extra, None)
}

/// [`collector`], with a forwarding secret too.
pub fn collector_with_secret(site: &TempSite, extra: &[&str], secret: Option<&str>) -> Collector {
    let secret = secret.map(str::to_string);
    collector_configured(site, extra, move |s| s.forward_secret = secret)
}

/// [`collector`], with the settings that never come from flags set by `configure`.
pub fn collector_configured(
    site: &TempSite,
    extra: &[&str],
    configure: impl FnOnce(&mut Settings),
) -> Collector {
    let mut args = vec![
        "role-quiz-server".to_string(),
        "--static-dir".into(),
        site.path().display().to_string(),
        "--db".into(),
        site.path().join("data/leads.sqlite3").display().to_string(),
        "--allowed-origins".into(),
        "https://landing.example".into(),
        "--min-fill-ms".into(),
        "1000".into(),
        "--rate-burst".into(),
        "50".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let mut settings = Settings::try_parse_from(args).expect("known settings");
    settings.admin_token = Some(TOKEN.into());
    configure(&mut settings);
    build(&settings).unwrap()
}

pub fn lead(id: &str) -> Value {
    json!({
        "schema": "role-quiz.lead/1",
        "lead_id": id,
        "submitted_at": "2026-11-28T10:00:00Z",
        "contact": {
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "company": "Analytical Engines",
            "role_title": "Marketing Manager",
            "phone": "",
            "preferred_channel": "email",
            "message": ""
        },
        "consent": { "given": true, "text": "I agree to be contacted.", "text_version": "abc", "at": "2026-11-28T10:00:00Z" },
        "result": {
            "bank_version": 1, "perspective": "holder", "title": "Marketing Manager",
            "position": 78.0, "low": 70.0, "high": 86.0, "band": "leans_sales",
            "marketing_demand": 31.0, "sales_demand": 88.0,
            "facets": [{ "id": "work", "position": 69.0, "low": 49.0, "high": 88.0 }],
            "flags": ["title_mismatch"], "measures_view": "partly", "answers": { "w1": 2, "w2": 5 }
        },
        "context": { "page_url": "https://landing.example/?utm_source=news", "referrer": "", "params": { "utm_source": "news" } },
        "form": { "honeypot": "", "elapsed_ms": 15000 }
    })
}

/// A version 2 lead as the current widget writes it: a finished session
/// scored by the core, on the sales side with one neighbour band.
pub fn lead_v2(id: &str) -> Value {
    use role_quiz_core::content::BANK;
    use role_quiz_core::lead::{ResultSummary, LEAD_SCHEMA};
    use role_quiz_core::session::{Perspective, Session, Step};
    let session = Session {
        step: Step::Result,
        perspective: Some(Perspective::Manager),
        title: "Account Executive".into(),
        answers: BANK
            .items
            .iter()
            .enumerate()
            .map(|(n, i)| {
                Some(if n % 5 >= 2 {
                    3
                } else if i.key() == role_quiz_core::Pole::Sales {
                    4
                } else {
                    2
                })
            })
            .collect(),
        measures: Some(role_quiz_core::session::MeasuresView::Right),
        problem: None,
    };
    let score = session.score(&BANK).unwrap();
    let mut value = lead(id);
    value["schema"] = json!(LEAD_SCHEMA);
    value["result"] = serde_json::to_value(ResultSummary::new(
        &BANK,
        &session.respondent(),
        session.title(),
        &score,
        &[],
    ))
    .unwrap();
    value
}

/// The migrations as earlier versions shipped them, in order.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_leads",
        include_str!("../../migrations/0001_leads.sql"),
    ),
    (
        "0002_forwarding_state_and_paging",
        include_str!("../../migrations/0002_forwarding_state_and_paging.sql"),
    ),
    ("0003_mail", include_str!("../../migrations/0003_mail.sql")),
    (
        "0004_privacy",
        include_str!("../../migrations/0004_privacy.sql"),
    ),
];

/// A database as the version with the first `applied` migrations left it,
/// holding one lead (the body of `lead(ID)`).
pub fn previous_version_db(path: &Path, applied: usize) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let db = rusqlite::Connection::open(path).unwrap();
    db.execute_batch(
        "CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);",
    )
    .unwrap();
    for (name, sql) in &MIGRATIONS[..applied] {
        db.execute_batch(sql).unwrap();
        db.execute(
            "INSERT INTO schema_migrations VALUES (?1, datetime('now'))",
            [name],
        )
        .unwrap();
    }
    let body = serde_json::to_string(&lead(ID)).unwrap();
    db.execute(
        "INSERT INTO leads (lead_id, received_at, body, body_sha256, response, name, email, company, role_title,
            phone, channel, message, consent_at, band, position, perspective, page_url)
         VALUES (?1, '2026-11-27T09:00:00Z', ?2, 'x', '{}', 'Ada Lovelace', 'ada@example.com',
            'Analytical Engines', '', '', 'email', '', '2026-11-27T09:00:00Z', 'leans_sales', 78.0, 'holder', '')",
        rusqlite::params![ID, body],
    )
    .unwrap();
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

pub async fn send(router: &Router, request: Request<Body>) -> Answer {
    let mut request = request;
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([192, 0, 2, 10], 40000))));
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub fn post() -> axum::http::request::Builder {
    Request::post("/api/leads")
        .header(header::HOST, "collector.test")
        .header(header::CONTENT_TYPE, "application/json")
}

pub async fn post_json(router: &Router, value: &Value) -> Answer {
    send(router, post().body(Body::from(value.to_string())).unwrap()).await
}

pub async fn admin(router: &Router, path: &str, token: Option<&str>) -> Answer {
    let mut r = Request::get(path);
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(router, r.body(Body::empty()).unwrap()).await
}

#[derive(Default)]
pub struct Receiver {
    pub calls: Vec<(HeaderMap, String)>,
}

/// A webhook receiver on loopback that fails `failures` times, then accepts.
pub async fn receiver(failures: usize) -> (String, Arc<Mutex<Receiver>>) {
    let seen = Arc::new(Mutex::new(Receiver::default()));
    let state = seen.clone();
    let app = Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let state = state.clone();
            async move {
                let mut s = state.lock().unwrap();
                s.calls.push((headers, body));
                if s.calls.len() <= failures {
                    StatusCode::SERVICE_UNAVAILABLE
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

/// A queue worker (forwarder or mailer) running until [`Worker::stop`].
pub struct Worker {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Worker {
    /// Signals shutdown and waits for the worker, which must stop at once.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        tokio::time::timeout(std::time::Duration::from_secs(5), self.task)
            .await
            .expect("the worker stops at once")
            .unwrap();
    }
}

/// Runs the collector's forwarder.
pub fn run_forwarder(c: &Collector) -> Worker {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let forwarder = c.forwarder.clone().expect("forwarding is configured");
    Worker {
        stop,
        task: tokio::spawn(forwarder.run(stopped)),
    }
}

/// Runs the collector's mailer.
pub fn run_mailer(c: &Collector) -> Worker {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mailer = c.mailer.clone().expect("mail is configured");
    Worker {
        stop,
        task: tokio::spawn(mailer.run(stopped)),
    }
}
