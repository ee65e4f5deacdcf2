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

    /// The collector's public origin (scheme, host and port, as visitors'
    /// browsers see it), e.g. https://quiz.example.com. When set, it is the
    /// only "own" origin for the lead endpoint's origin check, whatever the
    /// Host header says, and the base of absolute links.
    #[arg(long, env = "ROLE_QUIZ_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Bearer token for GET /api/leads and /api/leads.csv; without it they
    /// are disabled. Only from ROLE_QUIZ_ADMIN_TOKEN or the file named by
    /// ROLE_QUIZ_ADMIN_TOKEN_FILE (see [`Settings::read_secrets`]).
    #[arg(skip)]
    pub admin_token: Option<String>,

    /// Refused with a message: secrets on the command line are visible to
    /// every local user (`/proc/PID/cmdline`, `ps`).
    #[arg(long = "admin-token", hide = true)]
    pub admin_token_flag: Option<String>,

    /// Proxies whose X-Forwarded-For is trusted for rate limiting (comma-separated IPs).
    #[arg(long, env = "ROLE_QUIZ_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,

    /// Submissions one client may send at once before it must wait.
    #[arg(long, env = "ROLE_QUIZ_RATE_BURST", default_value_t = 5)]
    pub rate_burst: u32,

    /// Seconds for one more submission to become available to a client.
    #[arg(long, env = "ROLE_QUIZ_RATE_REFILL_SECS", default_value_t = 60)]
    pub rate_refill_secs: u64,

    /// Funnel reports one client may send at once before it must wait (one
    /// more every half second): a visit sends about twenty.
    #[arg(long, env = "ROLE_QUIZ_REPORT_BURST", default_value_t = 120)]
    pub report_burst: u32,

    /// Forms filled in faster than this (milliseconds) are refused as automated.
    #[arg(long, env = "ROLE_QUIZ_MIN_FILL_MS", default_value_t = 3000)]
    pub min_fill_ms: u64,

    /// Largest lead accepted, in bytes.
    #[arg(long, env = "ROLE_QUIZ_MAX_BODY_BYTES", default_value_t = 32 * 1024)]
    pub max_body_bytes: usize,

    /// Forward each new lead to this webhook URL.
    #[arg(long, env = "ROLE_QUIZ_FORWARD_URL")]
    pub forward_url: Option<String>,

    /// Standard Webhooks signing secret for forwarding (whsec_...), only
    /// from ROLE_QUIZ_FORWARD_SECRET or ROLE_QUIZ_FORWARD_SECRET_FILE.
    #[arg(skip)]
    pub forward_secret: Option<String>,

    /// Refused with a message, like `--admin-token`.
    #[arg(long = "forward-secret", hide = true)]
    pub forward_secret_flag: Option<String>,

    /// Wait after the first failed forward, in milliseconds; it doubles each
    /// time, and starts again from this after any delivery succeeds.
    #[arg(long, env = "ROLE_QUIZ_FORWARD_RETRY_MS", default_value_t = 5000)]
    pub forward_retry_ms: u64,

    /// Attempts to forward one lead before it is given up (shown as
    /// `given_up` in the listings and counted by /healthz).
    #[arg(long, env = "ROLE_QUIZ_FORWARD_MAX_ATTEMPTS", default_value_t = 20)]
    pub forward_max_attempts: u32,

    /// How long a submission waits for another writer's lock on the
    /// database before it is answered 503 with Retry-After.
    #[arg(long, env = "ROLE_QUIZ_DB_BUSY_TIMEOUT", default_value = "5s")]
    pub db_busy_timeout: humantime::Duration,

    /// Time a connection has to send a request's headers, also the longest
    /// an idle kept-alive connection stays open.
    #[arg(long, env = "ROLE_QUIZ_HEADER_TIMEOUT", default_value = "10s")]
    pub header_timeout: humantime::Duration,

    /// Time a client has to send a lead's whole body.
    #[arg(long, env = "ROLE_QUIZ_BODY_TIMEOUT", default_value = "10s")]
    pub body_timeout: humantime::Duration,

    /// Time for a whole request until its answer starts (408 after it).
    #[arg(long, env = "ROLE_QUIZ_REQUEST_TIMEOUT", default_value = "30s")]
    pub request_timeout: humantime::Duration,

    /// Connections served at once; further ones wait in the listen queue,
    /// and the log says so. Keep it under the open-files limit (`ulimit -n`).
    #[arg(long, env = "ROLE_QUIZ_MAX_CONNECTIONS", default_value_t = 512)]
    pub max_connections: usize,

    /// After SIGTERM or Ctrl-C, how long requests in progress may take
    /// before the server exits anyway.
    #[arg(long, env = "ROLE_QUIZ_SHUTDOWN_GRACE", default_value = "10s")]
    pub shutdown_grace: humantime::Duration,

    /// The SMTP relay: `smtps://user:pass@host:465` (TLS), or
    /// `smtp://user:pass@host:587` (STARTTLS, required). Only from
    /// ROLE_QUIZ_SMTP_URL (it may hold a password); the password may come
    /// from ROLE_QUIZ_SMTP_PASSWORD_FILE instead.
    #[arg(skip)]
    pub smtp_url: Option<String>,

    /// The relay's password, from ROLE_QUIZ_SMTP_PASSWORD(_FILE).
    #[arg(skip)]
    pub smtp_password: Option<String>,

    /// The sender of every e-mail, e.g. `Alignment studies <leads@example.com>`.
    #[arg(long, env = "ROLE_QUIZ_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// Who is told of each new lead (comma-separated addresses).
    #[arg(long, env = "ROLE_QUIZ_NOTIFY_TO", value_delimiter = ',')]
    pub notify_to: Vec<String>,

    /// The page the link in the result e-mail opens (with the widget on it).
    /// Without it: the lead's page when its origin is an allowed one, else
    /// the public URL.
    #[arg(long, env = "ROLE_QUIZ_SHARE_URL")]
    pub share_url: Option<String>,

    /// The booking link in the result e-mail.
    #[arg(long, env = "ROLE_QUIZ_BOOKING_URL")]
    pub booking_url: Option<String>,

    /// The phone number in the result e-mail.
    #[arg(long, env = "ROLE_QUIZ_CONTACT_PHONE", default_value = role_quiz_core::config::DEFAULT_PHONE)]
    pub contact_phone: String,

    /// Result e-mails one address may receive per day (UTC).
    #[arg(long, env = "ROLE_QUIZ_RESULT_MAIL_PER_ADDRESS", default_value_t = 3)]
    pub result_mail_per_address: u32,

    /// Result e-mails one client (address, or IPv6 /64) may ask for per hour.
    #[arg(long, env = "ROLE_QUIZ_RESULT_MAIL_PER_CLIENT", default_value_t = 5)]
    pub result_mail_per_client: u32,

    /// Wait after the first failed e-mail, in milliseconds; doubles each time.
    #[arg(long, env = "ROLE_QUIZ_MAIL_RETRY_MS", default_value_t = 30_000)]
    pub mail_retry_ms: u64,

    /// How long an admin page session lasts after signing in.
    #[arg(long, env = "ROLE_QUIZ_ADMIN_SESSION", default_value = "8h")]
    pub admin_session: humantime::Duration,

    /// Days a lead (and everything queued for it) is kept; a daily job
    /// deletes older ones. 0 keeps them until erased.
    #[arg(long, env = "ROLE_QUIZ_RETENTION_DAYS", default_value_t = 365)]
    pub retention_days: u32,

    /// Attempts to send one e-mail before it is marked failed.
    #[arg(long, env = "ROLE_QUIZ_MAIL_MAX_ATTEMPTS", default_value_t = 20)]
    pub mail_max_attempts: u32,
}

/// Why a secret could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("{flag} is not accepted on the command line, where every local user can read it; set {env} or {env}_FILE (a file holding it) instead")]
    OnCommandLine {
        flag: &'static str,
        env: &'static str,
    },
    #[error("set {env} or {env}_FILE, not both")]
    Both { env: &'static str },
    #[error("cannot read {env}_FILE {path}: {source}")]
    File {
        env: &'static str,
        path: String,
        source: std::io::Error,
    },
    #[error("{env}_FILE {path} is empty")]
    Empty { env: &'static str, path: String },
}

impl Settings {
    /// Fills the secrets from the environment (`lookup` is `std::env::var`
    /// in the binary): each from its variable, or from the file its `_FILE`
    /// variable names, with the file's final line break dropped.
    pub fn read_secrets(
        &mut self,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<(), SecretError> {
        if self.admin_token_flag.is_some() {
            return Err(SecretError::OnCommandLine {
                flag: "--admin-token",
                env: "ROLE_QUIZ_ADMIN_TOKEN",
            });
        }
        if self.forward_secret_flag.is_some() {
            return Err(SecretError::OnCommandLine {
                flag: "--forward-secret",
                env: "ROLE_QUIZ_FORWARD_SECRET",
            });
        }
        self.admin_token = secret(&lookup, "ROLE_QUIZ_ADMIN_TOKEN")?;
        self.forward_secret = secret(&lookup, "ROLE_QUIZ_FORWARD_SECRET")?;
        self.smtp_url = secret(&lookup, "ROLE_QUIZ_SMTP_URL")?;
        self.smtp_password = secret(&lookup, "ROLE_QUIZ_SMTP_PASSWORD")?;
        Ok(())
    }

    /// The address to bind, with `--port` applied.
    pub fn address(&self) -> SocketAddr {
        let mut address = self.listen;
        if let Some(port) = self.port {
            address.set_port(port);
        }
        address
    }
}

fn secret(
    lookup: &impl Fn(&str) -> Option<String>,
    env: &'static str,
) -> Result<Option<String>, SecretError> {
    let direct = lookup(env).filter(|v| !v.is_empty());
    let file = lookup(&format!("{env}_FILE")).filter(|v| !v.is_empty());
    match (direct, file) {
        (Some(_), Some(_)) => Err(SecretError::Both { env }),
        (Some(value), None) => Ok(Some(value)),
        (None, None) => Ok(None),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(&path).map_err(|source| SecretError::File {
                env,
                path: path.clone(),
                source,
            })?;
            let value = text.strip_suffix('\n').unwrap_or(&text);
            let value = value.strip_suffix('\r').unwrap_or(value);
            if value.is_empty() {
                return Err(SecretError::Empty { env, path });
            }
            Ok(Some(value.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| vars.get(k).cloned()
    }

    #[test]
    fn secrets_come_from_the_environment_or_a_file_never_a_flag() {
        let mut s = Settings::parse_from(["x"]);
        s.read_secrets(lookup(&[("ROLE_QUIZ_ADMIN_TOKEN", "t1")]))
            .unwrap();
        assert_eq!(s.admin_token.as_deref(), Some("t1"));
        assert_eq!(s.forward_secret, None);

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secret");
        std::fs::write(&file, "whsec_abc\n").unwrap();
        let path = file.to_str().unwrap();
        let mut s = Settings::parse_from(["x"]);
        s.read_secrets(lookup(&[("ROLE_QUIZ_FORWARD_SECRET_FILE", path)]))
            .unwrap();
        assert_eq!(s.forward_secret.as_deref(), Some("whsec_abc"));

        let both = [
            ("ROLE_QUIZ_ADMIN_TOKEN", "a"),
            ("ROLE_QUIZ_ADMIN_TOKEN_FILE", path),
        ];
        let err = Settings::parse_from(["x"])
            .read_secrets(lookup(&both))
            .unwrap_err();
        assert!(err.to_string().contains("not both"), "{err}");

        let missing = [("ROLE_QUIZ_ADMIN_TOKEN_FILE", "/nonexistent/token")];
        let err = Settings::parse_from(["x"])
            .read_secrets(lookup(&missing))
            .unwrap_err();
        assert!(err.to_string().contains("/nonexistent/token"), "{err}");

        let err = Settings::parse_from(["x", "--admin-token", "t"])
            .read_secrets(lookup(&[]))
            .unwrap_err();
        assert!(
            err.to_string().contains("ROLE_QUIZ_ADMIN_TOKEN_FILE"),
            "{err}"
        );
    }
}
