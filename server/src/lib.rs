//! The role-quiz server: serves the built widget and its demo page.
//!
//! It is one small axum application so that `make demo` stays one process; a
//! later release adds the lead collector's routes beside the static files.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::{Json, Router};
use clap::Parser;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Settings, from flags or the environment.
#[derive(Debug, Clone, Parser)]
#[command(name = "role-quiz-server", version, about = "Serves the role-quiz widget and demo page.")]
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
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::MissingStaticDir(dir) => write!(
                f,
                "no built widget in {} (index.html is missing); run `make build` first, or point --static-dir / ROLE_QUIZ_STATIC at Trunk's output",
                dir.display()
            ),
        }
    }
}

impl std::error::Error for StartError {}

/// The application: health check and static files.
pub fn app(static_dir: &Path) -> Result<Router, StartError> {
    if !static_dir.join("index.html").is_file() {
        return Err(StartError::MissingStaticDir(static_dir.to_path_buf()));
    }
    let files = ServeDir::new(static_dir).append_index_html_on_directories(true);
    Ok(Router::new()
        .route("/healthz", get(health))
        .fallback_service(files)
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        )))
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

    fn site() -> tempdir::Dir {
        let dir = tempdir::Dir::new();
        std::fs::write(dir.path().join("index.html"), "<!doctype html><title>quiz</title>").unwrap();
        std::fs::write(dir.path().join("widget.js"), "export {}").unwrap();
        dir
    }

    async fn get(app: Router, path: &str) -> (StatusCode, String, Option<String>) {
        let response = app.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        let status = response.status();
        let kind = response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string());
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned(), kind)
    }

    #[tokio::test]
    async fn serves_the_widget_and_a_health_check() {
        let dir = site();
        let app = app(dir.path()).unwrap();
        let (status, body, _) = get(app.clone(), "/").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "<!doctype html><title>quiz</title>"));
        let (status, _, kind) = get(app.clone(), "/widget.js").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(kind.as_deref(), Some("text/javascript"));
        let (status, body, _) = get(app.clone(), "/healthz").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, r#"{"status":"ok"}"#));
        let (status, _, _) = get(app, "/missing.wasm").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn compresses_for_clients_that_accept_it() {
        let dir = site();
        std::fs::write(dir.path().join("big.js"), "export const x = 1;\n".repeat(500)).unwrap();
        let request = Request::get("/big.js").header(header::ACCEPT_ENCODING, "br").body(Body::empty()).unwrap();
        let response = app(dir.path()).unwrap().oneshot(request).await.unwrap();
        assert_eq!(response.headers().get(header::CONTENT_ENCODING).unwrap(), "br");
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
