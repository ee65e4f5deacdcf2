//! `role-quiz-server`: serves the widget and demo page and collects leads.

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
    let mut settings = Settings::parse();
    if let Err(e) = settings.read_secrets(|name| std::env::var(name).ok()) {
        eprintln!("role-quiz-server: {e}");
        return std::process::ExitCode::FAILURE;
    }
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
    let forwarding = collector
        .forwarder
        .map(|f| tokio::spawn(f.run(stop_rx.clone())));
    let mailing = collector
        .mailer
        .map(|m| tokio::spawn(m.run(stop_rx.clone())));
    let retention = collector.retention.map(|r| tokio::spawn(r.run(stop_rx)));
    let bound = listener.local_addr().unwrap_or(address);
    println!("role-quiz is running at http://{bound}/  (Ctrl-C stops it)");
    tracing::info!(
        db = %settings.db.display(),
        forwarding = forwarding.is_some(),
        admin_listing = settings.admin_token.is_some(),
        max_connections = settings.max_connections,
        "collector ready"
    );
    if mailing.is_none() {
        println!("E-mail is off: set ROLE_QUIZ_SMTP_URL, ROLE_QUIZ_MAIL_FROM and ROLE_QUIZ_NOTIFY_TO to be told of each lead by e-mail.");
    }
    if !settings.trusted_proxies.is_empty() && settings.public_url.is_none() {
        tracing::warn!("behind a proxy, set ROLE_QUIZ_PUBLIC_URL so the origin check does not rely on the Host header");
    }
    let limits = role_quiz_server::serve::Limits {
        header_timeout: settings.header_timeout.into(),
        max_connections: settings.max_connections,
        shutdown_grace: settings.shutdown_grace.into(),
    };
    // On the signal the forwarder stops at once (a delivery in flight is
    // cancelled and stays queued), while requests in progress, and the
    // database writes inside them, get the grace period to finish.
    let stopping = async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    };
    role_quiz_server::serve::serve(listener, collector.router, limits, stopping).await;
    for (name, task) in [
        ("forwarder", forwarding),
        ("mailer", mailing),
        ("retention", retention),
    ] {
        let Some(task) = task else { continue };
        if tokio::time::timeout(std::time::Duration::from_secs(4), task)
            .await
            .is_err()
        {
            tracing::warn!(worker = name, "did not stop in time; its work stays queued");
        }
    }
    std::process::ExitCode::SUCCESS
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
    tracing::info!("shutting down");
}
