//! `role-quiz-server`: serves the widget and demo page and collects leads.

use std::net::SocketAddr;

use clap::Parser;
use role_quiz_server::{build, Settings};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let settings = Settings::parse();
    let collector = match build(&settings) {
        Ok(c) => c,
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
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let forwarding = collector.forwarder.map(|f| tokio::spawn(f.run(stop_rx)));
    let bound = listener.local_addr().unwrap_or(address);
    println!("role-quiz is running at http://{bound}/  (Ctrl-C stops it)");
    tracing::info!(
        db = %settings.db.display(),
        forwarding = forwarding.is_some(),
        admin_listing = settings.admin_token.is_some(),
        "collector ready"
    );
    // Requests in progress, and the database writes inside them, finish
    // before the server stops.
    let served = axum::serve(
        listener,
        collector
            .router
            .into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await;
    let _ = stop_tx.send(true);
    if let Some(task) = forwarding {
        let _ = task.await;
    }
    match served {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("role-quiz-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
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
    tracing::info!("shutting down after requests in progress");
}
