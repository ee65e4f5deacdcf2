//! Demo pages that need more than a static file.

use std::path::PathBuf;

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Response};

/// The "hostile host" demo page, with a strict Content-Security-Policy
/// that allows the widget only from the other loopback origin (127.0.0.1
/// and localhost are different origins), and no `unsafe-inline` at all.
pub async fn hostile(page: PathBuf, headers: HeaderMap) -> Response {
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
    let mut response = Html(html).into_response();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    // As every other page (`pages::with_policy`): links out carry the
    // origin only, never the path or query.
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    response
}
