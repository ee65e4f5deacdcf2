//! Admin sessions: signing in with the admin secret gives a random session
//! id in an `HttpOnly`, `SameSite=Strict` cookie (`Secure` over HTTPS) that
//! expires; each session has its own CSRF token, which every form that
//! changes something must send back.
//!
//! Sessions live in memory: a restart signs everyone out, which is the safe
//! direction.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use base64::Engine;
use subtle::ConstantTimeEq;

/// The session cookie's name.
pub const COOKIE: &str = "rq_admin";

/// Sessions kept at most; the oldest go first when a flood of sign-ins
/// would pass it.
const MAX_SESSIONS: usize = 1000;

struct Session {
    expires: Instant,
    csrf: String,
}

/// The signed-in sessions.
pub struct Sessions {
    sessions: Mutex<HashMap<String, Session>>,
    pub ttl: Duration,
}

/// 32 random bytes, base64url.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

impl Sessions {
    pub fn new(ttl: Duration) -> Sessions {
        Sessions {
            sessions: Mutex::new(HashMap::new()),
            ttl,
        }
    }

    /// Starts a session; returns its id (for the cookie).
    pub fn start(&self) -> String {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        sessions.retain(|_, s| s.expires > now);
        if sessions.len() >= MAX_SESSIONS {
            if let Some(oldest) = sessions
                .iter()
                .min_by_key(|(_, s)| s.expires)
                .map(|(id, _)| id.clone())
            {
                sessions.remove(&oldest);
            }
        }
        let id = random_token();
        sessions.insert(
            id.clone(),
            Session {
                expires: now + self.ttl,
                csrf: random_token(),
            },
        );
        id
    }

    /// The CSRF token of a live session.
    pub fn csrf(&self, id: &str) -> Option<String> {
        let sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        sessions
            .get(id)
            .filter(|s| s.expires > Instant::now())
            .map(|s| s.csrf.clone())
    }

    pub fn end(&self, id: &str) {
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }
}

/// The session id from the request's cookies.
pub fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The `Set-Cookie` value for a session (an empty id with `Max-Age=0` ends it).
pub fn cookie(id: &str, max_age: Duration, secure: bool) -> String {
    format!(
        "{COOKIE}={id}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={}{}",
        max_age.as_secs(),
        if secure { "; Secure" } else { "" }
    )
}

/// Whether two tokens are equal, in constant time.
pub fn same_token(a: &str, b: &str) -> bool {
    !a.is_empty() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_expire_and_end() {
        let sessions = Sessions::new(Duration::from_millis(50));
        let id = sessions.start();
        let csrf = sessions.csrf(&id).expect("a live session");
        assert_ne!(id, csrf);
        assert_eq!(id.len(), 43);
        std::thread::sleep(Duration::from_millis(80));
        assert_eq!(sessions.csrf(&id), None, "expired");
        let id = Sessions::new(Duration::from_secs(60)).start();
        let sessions = Sessions::new(Duration::from_secs(60));
        assert_eq!(sessions.csrf(&id), None, "unknown to another store");
        let id = sessions.start();
        sessions.end(&id);
        assert_eq!(sessions.csrf(&id), None, "signed out");
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_over_https() {
        let c = cookie("abc", Duration::from_secs(3600), true);
        assert_eq!(
            c,
            "rq_admin=abc; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=3600; Secure"
        );
        let mut headers = HeaderMap::new();
        headers.insert("cookie", "other=1; rq_admin=xyz".parse().unwrap());
        assert_eq!(session_id(&headers).as_deref(), Some("xyz"));
        assert!(!same_token("", ""));
        assert!(same_token("a", "a"));
    }
}
