//! The collector's settings, from command-line flags or the environment.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::Parser;

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
