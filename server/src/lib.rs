//! The role-quiz server and lead collector.
//!
//! One axum application, so `make demo` stays one process: it serves the
//! built widget and demo page, receives leads at `POST /api/leads` into an
//! embedded SQLite database, lists them for the consultancy
//! (`GET /api/leads`, `GET /api/leads.csv`) and forwards each new lead to a
//! signed webhook when one is configured.

pub mod api;
pub mod clock;
pub mod csv;
pub mod db;
pub mod forward;
pub mod rate_limit;
pub mod webhook;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::routing::get;
use axum::{Json, Router};
use clap::Parser;
use tokio::sync::Notify;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::db::Db;
use crate::rate_limit::RateLimiter;
use crate::webhook::Secret;

/// Settings, from flags or the environment.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "role-quiz-server",
    version,
    about = "Serves the role-quiz widget and collects its leads.",
    args_override_self = true
)]
pub struct Settings {
    /// Address to listen on.
    #[arg(long, env = "ROLE_QUIZ_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Port to listen on, replacing the port of --listen.
    #[arg(long, env = "PORT")]
    pub port: Option<u16>,

    /// Folder with the built widget (Trunk's output).
    #[arg(long, env = "ROLE_QUIZ_STATIC", default_value = "dist")]
    pub static_dir: PathBuf,

    /// The SQLite database file; created with its folder when missing.
    #[arg(long, env = "ROLE_QUIZ_DB", default_value = "./data/leads.sqlite3")]
    pub db: PathBuf,

    /// Other origins whose pages may send leads (comma-separated, or *).
    /// The server's own origin is always allowed.
    #[arg(long, env = "ROLE_QUIZ_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// Bearer token for GET /api/leads and /api/leads.csv; without it they are disabled.
    #[arg(long, env = "ROLE_QUIZ_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,

    /// Proxies whose X-Forwarded-For is trusted for rate limiting (comma-separated IPs).
    #[arg(long, env = "ROLE_QUIZ_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,

    /// Submissions one client may send at once before it must wait.
    #[arg(long, env = "ROLE_QUIZ_RATE_BURST", default_value_t = 5)]
    pub rate_burst: u32,

    /// Seconds for one more submission to become available to a client.
    #[arg(long, env = "ROLE_QUIZ_RATE_REFILL_SECS", default_value_t = 60)]
    pub rate_refill_secs: u64,

    /// Forms filled in faster than this (milliseconds) are refused as automated.
    #[arg(long, env = "ROLE_QUIZ_MIN_FILL_MS", default_value_t = 3000)]
    pub min_fill_ms: u64,

    /// Largest lead accepted, in bytes.
    #[arg(long, env = "ROLE_QUIZ_MAX_BODY_BYTES", default_value_t = 32 * 1024)]
    pub max_body_bytes: usize,

    /// Forward each new lead to this webhook URL.
    #[arg(long, env = "ROLE_QUIZ_FORWARD_URL")]
    pub forward_url: Option<String>,

    /// Standard Webhooks signing secret for forwarding (whsec_...).
    #[arg(long, env = "ROLE_QUIZ_FORWARD_SECRET", hide_env_values = true)]
    pub forward_secret: Option<String>,

    /// Wait after the first failed forward, in milliseconds; it doubles each time.
    #[arg(long, env = "ROLE_QUIZ_FORWARD_RETRY_MS", default_value_t = 5000)]
    pub forward_retry_ms: u64,
}

impl Settings {
    /// The address to bind, with `--port` applied.
    pub fn address(&self) -> SocketAddr {
        let mut address = self.listen;
        if let Some(port) = self.port {
            address.set_port(port);
        }
        address
    }
}

/// Why the server cannot start.
#[derive(Debug)]
pub enum StartError {
    /// The built widget is not where it should be.
    MissingStaticDir(PathBuf),
    Database(PathBuf, rusqlite::Error),
    ForwardSecret(String),
    ForwardUrl(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::MissingStaticDir(dir) => write!(
                f,
                "no built widget in {} (index.html is missing); run `make build` first, or point --static-dir / ROLE_QUIZ_STATIC at Trunk's output",
                dir.display()
            ),
            StartError::Database(path, e) => write!(f, "cannot open the database {}: {e}", path.display()),
            StartError::ForwardSecret(e) => write!(f, "ROLE_QUIZ_FORWARD_SECRET: {e}"),
            StartError::ForwardUrl(url) => write!(f, "ROLE_QUIZ_FORWARD_URL `{url}` is not an http(s) URL"),
        }
    }
}

impl std::error::Error for StartError {}

/// What the handlers share.
pub struct AppState {
    pub db: Db,
    pub allowed_origins: Vec<String>,
    pub admin_token: Option<String>,
    pub trusted_proxies: Vec<IpAddr>,
    pub limiter: RateLimiter,
    pub min_fill_ms: u64,
    pub max_body_bytes: usize,
    /// Whether new leads are queued for forwarding.
    pub forwarding: bool,
    pub forward_wake: Arc<Notify>,
}

/// Everything built from the settings.
pub struct Collector {
    pub router: Router,
    pub state: Arc<AppState>,
    /// The forwarding worker, when a forward URL is set; run it with a shutdown signal.
    pub forwarder: Option<forward::Forwarder>,
}

/// Builds the application from its settings.
pub fn build(settings: &Settings) -> Result<Collector, StartError> {
    if !settings.static_dir.join("index.html").is_file() {
        return Err(StartError::MissingStaticDir(settings.static_dir.clone()));
    }
    let db = Db::open(&settings.db).map_err(|e| StartError::Database(settings.db.clone(), e))?;
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
        wake: wake.clone(),
    });
    let state = Arc::new(AppState {
        db,
        allowed_origins: settings
            .allowed_origins
            .iter()
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect(),
        admin_token: settings.admin_token.clone().filter(|t| !t.is_empty()),
        trusted_proxies: settings.trusted_proxies.clone(),
        limiter: RateLimiter::new(
            settings.rate_burst,
            Duration::from_secs(settings.rate_refill_secs),
        ),
        min_fill_ms: settings.min_fill_ms,
        max_body_bytes: settings.max_body_bytes,
        forwarding: forwarder.is_some(),
        forward_wake: wake,
    });
    Ok(Collector {
        router: router(state.clone(), &settings.static_dir),
        state,
        forwarder,
    })
}

fn router(state: Arc<AppState>, static_dir: &Path) -> Router {
    // The widget's files are public and load from other origins (the
    // landing pages that embed it).
    let files = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ))
        .service(ServeDir::new(static_dir).append_index_html_on_directories(true));
    let hostile_page = static_dir.join("hostile.html");
    let api = Router::new()
        .route(
            "/api/leads",
            get(api::list_leads)
                .post(api::post_lead)
                .options(api::preflight),
        )
        .route("/api/leads.csv", get(api::leads_csv))
        .with_state(state);
    Router::new()
        .route("/healthz", get(health))
        .route(
            "/hostile.html",
            get(move |headers: HeaderMap| hostile(hostile_page.clone(), headers)),
        )
        .merge(api)
        .fallback_service(files)
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// The "hostile host" demo page, with a strict Content-Security-Policy
/// that allows the widget only from the other loopback origin (127.0.0.1
/// and localhost are different origins), and no `unsafe-inline` at all.
async fn hostile(page: PathBuf, headers: HeaderMap) -> axum::response::Response {
    use axum::response::IntoResponse;
    let Ok(html) = tokio::fs::read_to_string(&page).await else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let widget = match host.rsplit_once(':') {
        Some(("127.0.0.1", port)) if port.parse::<u16>().is_ok() => {
            format!("http://localhost:{port}")
        }
        Some(("localhost", port)) if port.parse::<u16>().is_ok() => {
            format!("http://127.0.0.1:{port}")
        }
        _ => String::new(),
    };
    let policy = format!(
        "default-src 'none'; script-src 'self' {widget} 'wasm-unsafe-eval'; style-src 'self' {widget}; \
         connect-src {widget}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    let mut response = axum::response::Html(html).into_response();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// The health check's answer.
#[derive(serde::Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use http_body_util::BodyExt;
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

    fn site() -> tempdir::Dir {
        let dir = tempdir::Dir::new();
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
        let dir = tempdir::Dir::new();
        let err = app(dir.path()).unwrap_err();
        assert!(err.to_string().contains("run `make build` first"), "{err}");
    }

    #[test]
    fn port_replaces_the_port_of_the_listen_address() {
        let s = Settings::parse_from(["x", "--listen", "0.0.0.0:9000", "--port", "9100"]);
        assert_eq!(s.address().to_string(), "0.0.0.0:9100");
        let s = Settings::parse_from(["x", "--listen", "127.0.0.1:9000"]);
        assert_eq!(s.address().to_string(), "127.0.0.1:9000");
    }

    /// A temporary folder removed on drop, without another dependency.
    mod tempdir {
        use std::path::{Path, PathBuf};
        use std::sync::atomic::{AtomicUsize, Ordering};

        pub struct Dir(PathBuf);

        impl Dir {
            pub fn new() -> Self {
                static N: AtomicUsize = AtomicUsize::new(0);
                let path = std::env::temp_dir().join(format!(
                    "role-quiz-server-test-{}-{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::SeqCst)
                ));
                std::fs::create_dir_all(&path).unwrap();
                Dir(path)
            }

            pub fn path(&self) -> &Path {
                &self.0
            }
        }

        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }
}
