//! Facts about the page and the moment: time, random ids, and where the
//! visitor came from.

use std::collections::BTreeMap;

use role_quiz_core::lead::{uuid_v4, PageContext};

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The current time as RFC 3339 (the visitor's clock, in UTC).
pub fn now_rfc3339() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A fresh version 4 UUID from the browser's cryptographic random source.
pub fn new_uuid() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid_v4(bytes)
}

/// The page's address (without its fragment), referrer and the URL
/// parameters named in `capture` (the UTM parameters by default).
pub fn page_context(capture: &[String]) -> PageContext {
    let Some(window) = web_sys::window() else {
        return PageContext::default();
    };
    let href = window.location().href().unwrap_or_default();
    let page_url = href.split('#').next().unwrap_or("").to_string();
    let page_url = if page_url.starts_with("http://") || page_url.starts_with("https://") {
        page_url
    } else {
        String::new()
    };
    let referrer = window.document().map(|d| d.referrer()).unwrap_or_default();
    let mut params = BTreeMap::new();
    if let Ok(search) = window.location().search() {
        if let Ok(query) = web_sys::UrlSearchParams::new_with_str(&search) {
            for name in capture {
                if let Some(value) = query.get(name) {
                    params.insert(
                        name.to_string(),
                        value
                            .chars()
                            .take(role_quiz_core::lead::MAX_PARAM_LEN)
                            .collect(),
                    );
                }
            }
        }
    }
    PageContext {
        page_url,
        referrer: referrer
            .chars()
            .take(role_quiz_core::lead::MAX_URL)
            .collect(),
        params,
    }
}

/// The code in the page's fragment (`#rq=CODE`), if any.
pub fn link_code() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix("rq="))
        .map(str::to_string)
}

/// A link to this page (or the configured `share-url`) carrying `code`.
pub fn link_with_code(share_url: Option<&str>, code: &str) -> String {
    let base = match share_url {
        Some(url) => url.to_string(),
        None => web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default(),
    };
    let base = base.split('#').next().unwrap_or("");
    format!("{base}#rq={code}")
}

/// Removes the code from the address bar, so a fresh start stays fresh.
pub fn forget_link_code() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Ok(history), Ok(href)) = (window.history(), window.location().href()) else {
        return;
    };
    let without = href.split('#').next().unwrap_or("").to_string();
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&without));
}
