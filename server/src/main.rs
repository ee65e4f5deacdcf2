//! `role-quiz-server`: serves the built widget and the demo page.

use clap::Parser;
use role_quiz_server::{app, Settings};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let settings = Settings::parse();
    let app = match app(&settings.static_dir) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("role-quiz-server: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let address = settings.address();
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("role-quiz-server: cannot listen on {address}: {e} (set ROLE_QUIZ_LISTEN or PORT to use another)");
            return std::process::ExitCode::FAILURE;
        }
    };
    let bound = listener.local_addr().unwrap_or(address);
    println!("role-quiz is running at http://{bound}/  (Ctrl-C stops it)");
    let served = axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await;
    match served {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("role-quiz-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM, so requests in progress finish first.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
