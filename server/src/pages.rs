//! Security headers for the HTML pages served from the built site: a strict
//! Content-Security-Policy per page, a referrer policy, and who may frame it.
//!
//! Trunk writes the widget's start-up as inline scripts into `index.html`,
//! and their text changes with every build, so the policy allows exactly
//! the inline scripts and styles each page holds by their SHA-256 hashes,
//! computed from the page as it is served: never `'unsafe-inline'`.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The page that the iframe embedding serves; landing pages frame it.
pub const FRAME_PAGE: &str = "/frame.html";

/// Pages larger than this are passed through without a computed policy
/// (none of the site's pages comes near it).
const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// What the policies depend on besides the page itself.
#[derive(Debug, Clone)]
pub struct PagePolicy {
    /// The `frame-ancestors` sources of the iframe page: the collector itself
    /// and the origins allowed to embed the widget.
    pub frame_page_ancestors: String,
}

impl PagePolicy {
    /// The iframe page may be framed by the collector's own pages and by the
    /// allowed origins (`*` in the list allows any page).
    pub fn new(allowed_origins: &[String]) -> Self {
        let frame_page_ancestors = if allowed_origins.iter().any(|o| o == "*") {
            "*".to_string()
        } else {
            std::iter::once("'self'")
                .chain(
                    allowed_origins
                        .iter()
                        .map(|o| o.trim_end_matches('/'))
                        // Only plain origins reach a header value.
                        .filter(|o| {
                            crate::origin_of(o)
                                .is_some_and(|origin| origin == o.to_ascii_lowercase())
                        }),
                )
                .collect::<Vec<_>>()
                .join(" ")
        };
        PagePolicy {
            frame_page_ancestors,
        }
    }

    /// The Content-Security-Policy for one page at `path` with this HTML.
    pub fn for_page(&self, path: &str, html: &str) -> String {
        let scripts = inline_hashes(html, "script");
        let styles = inline_hashes(html, "style");
        let ancestors = if path == FRAME_PAGE {
            self.frame_page_ancestors.as_str()
        } else {
            "'none'"
        };
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
             img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors {ancestors}"
        )
    }
}

/// The `'sha256-…'` sources of the inline `<tag>` elements of a page (those
/// without a `src`), each with a leading space.
fn inline_hashes(html: &str, tag: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut out = String::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&open).map(|n| n + from) {
        let after_name = at + open.len();
        let Some(tag_end) = lower[after_name..].find('>').map(|n| n + after_name) else {
            break;
        };
        from = tag_end + 1;
        let attributes = &lower[after_name..tag_end];
        if !attributes.is_empty() && !attributes.starts_with(|c: char| c.is_ascii_whitespace()) {
            continue; // another element whose name starts the same
        }
        if tag == "script"
            && attributes
                .split_ascii_whitespace()
                .any(|a| a.starts_with("src="))
        {
            continue;
        }
        let Some(end) = lower[from..].find(&close).map(|n| n + from) else {
            break;
        };
        let digest = Sha256::digest(&html.as_bytes()[from..end]);
        out.push_str(" 'sha256-");
        out.push_str(&base64::engine::general_purpose::STANDARD.encode(digest));
        out.push('\'');
        from = end;
    }
    out
}

/// Middleware for the site's files: HTML answers get their policy.
pub async fn with_policy(
    State(policy): State<Arc<PagePolicy>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let page = if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    };
    if let Ok(value) = HeaderValue::from_str(&policy.for_page(&page, &html)) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    parts.headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(s: &str) -> String {
        format!(
            " 'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()))
        )
    }

    #[test]
    fn only_inline_scripts_and_styles_are_hashed() {
        let html = "<SCRIPT type=module>a()</SCRIPT><script src=\"/x.js\"></script>\
                    <scripts>no</scripts><style>p{}</style><p>&lt;script&gt;</p><script>b()</script>";
        assert_eq!(
            inline_hashes(html, "script"),
            format!("{}{}", hash("a()"), hash("b()"))
        );
        assert_eq!(inline_hashes(html, "style"), hash("p{}"));
        assert_eq!(inline_hashes("<script>unterminated", "script"), "");
    }

    #[test]
    fn the_frame_page_may_be_framed_by_the_allowed_origins_only() {
        let policy = PagePolicy::new(&[
            "https://landing.example/".into(),
            "https://x.example/path".into(),
        ]);
        assert!(policy
            .for_page("/frame.html", "")
            .ends_with("frame-ancestors 'self' https://landing.example"));
        assert!(policy
            .for_page("/index.html", "")
            .ends_with("frame-ancestors 'none'"));
        let open = PagePolicy::new(&["*".into()]);
        assert!(open
            .for_page("/frame.html", "")
            .ends_with("frame-ancestors *"));
    }
}
