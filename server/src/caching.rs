//! How long browsers may keep the site's files.
//!
//! Trunk and `scripts/write-embed.mjs` put a content hash into the names of
//! the widget's modules, stylesheets and icon, so such a file never changes
//! under its name: browsers may keep it for a year without asking again.
//! Every other file (the pages, `embed.js`, which names the hashed files,
//! and the frame's files) is checked with the collector on each use, so a
//! new release reaches visitors at once.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// For files whose name carries a content hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For every other file: kept, but revalidated before each use.
pub const REVALIDATE: &str = "no-cache";

/// Whether a file name carries a content hash: `name-<hex>.ext`, or
/// `name-<hex>_bg.wasm` for wasm-bindgen's modules. Trunk writes 16 hex
/// digits without leading zeros, so a few may be missing.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _extension)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    (12..=16).contains(&hash.len())
        && hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// Middleware for the site's files: a `Cache-Control` for each successful
/// answer, by its name, and `Vary: Accept-Encoding`.
pub async fn with_cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status().as_u16() == 304 {
        let value = if hashed { IMMUTABLE } else { REVALIDATE };
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        // A precompressed file is chosen by the request's Accept-Encoding,
        // and ServeDir does not say so; shared caches must know.
        if !headers.contains_key(header::VARY) {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_told_from_the_rest() {
        for hashed in [
            "/role-quiz-12b096f8aa7b3d18.js",
            "/role-quiz-12b096f8aa7b3d18_bg.wasm",
            "/widget-24beea16769e6d8.css",
            "/favicon-8d9467b336de2a00.svg",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/embed.js",
            "/frame.css",
            "/role-quiz.js",
            "/guide-page.css",
            "/role-quiz-12B096F8AA7B3D18.js",
            "/role-quiz-12b096f8aa7b3d18",
            "/x-12b096f8.js",
        ] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }
}
