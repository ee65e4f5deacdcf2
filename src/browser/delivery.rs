//! Sending one delivery request with `fetch`, with a timeout, and reading
//! the answer the way the outbox needs it.

use gloo_timers::callback::Timeout;
use role_quiz_core::delivery::{classify, DeliveryRequest, Outcome};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

/// How long one attempt may take.
const TIMEOUT_MS: i32 = 15_000;

/// What one attempt found.
pub struct Answer {
    pub outcome: Outcome,
    /// The destination's own words for a refusal, when it gave any.
    pub reason: Option<String>,
}

/// Sends the request once.
pub async fn send(request: &DeliveryRequest) -> Answer {
    match try_send(request).await {
        Ok(answer) => answer,
        // No answer at all: offline, blocked, timed out.
        Err(_) => Answer {
            outcome: Outcome::Retry,
            reason: None,
        },
    }
}

async fn try_send(request: &DeliveryRequest) -> Result<Answer, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let headers = Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    if let Some(key) = &request.idempotency_key {
        headers.set("Idempotency-Key", &format!("\"{key}\""))?;
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&request.body));
    // keepalive lets a send started as the visitor leaves still finish; the
    // browser allows it only for small bodies.
    // (web-sys has no setter for it, so it is set on the init object directly.)
    js_sys::Reflect::set(
        &init,
        &JsValue::from_str("keepalive"),
        &JsValue::from_bool(request.body.len() < 60_000),
    )?;
    let controller = AbortController::new()?;
    init.set_signal(Some(&controller.signal()));
    // Dropping the timeout (when the answer came first) cancels it.
    let timeout = Timeout::new(TIMEOUT_MS as u32, move || controller.abort());
    let result = JsFuture::from(window.fetch_with_str_and_init(&request.url, &init)).await;
    drop(timeout);
    let response: Response = result?.dyn_into()?;
    let outcome = classify(Some(response.status()));
    let reason = if outcome == Outcome::Refused {
        refusal_reason(&response).await
    } else {
        None
    };
    Ok(Answer { outcome, reason })
}

/// The `message` of a JSON error answer (the collector's shape), or the
/// status line.
async fn refusal_reason(response: &Response) -> Option<String> {
    let fallback = format!("HTTP {}", response.status());
    let Ok(promise) = response.text() else {
        return Some(fallback);
    };
    let text = JsFuture::from(promise)
        .await
        .ok()?
        .as_string()
        .unwrap_or_default();
    let message = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(|m| m.as_str())
                .map(|m| m.chars().take(200).collect::<String>())
        });
    Some(message.unwrap_or(fallback))
}
