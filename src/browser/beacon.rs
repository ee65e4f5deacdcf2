//! Anonymous funnel reports to the collector ([`role_quiz_core::funnel`]),
//! sent with `navigator.sendBeacon`: nothing waits for them, a failed one is
//! dropped (never put in the outbox), and the view is reported once the
//! page is idle, off the first screen's critical path. Nothing is sent with
//! `analytics="off"` or when the browser signals Global Privacy Control.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Function, Object, Reflect};
use role_quiz_core::config::WidgetConfig;
use role_quiz_core::content::BANK;
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::funnel::{page_of, step_of, FunnelReport, UTM_KEYS};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// One widget's reporter.
pub struct Beacon {
    endpoint: Option<String>,
    page: String,
    utm: BTreeMap<String, String>,
    instance: String,
    /// Questions already reported, so going back and changing an answer
    /// does not count a question twice.
    reported: RefCell<BTreeSet<String>>,
}

/// Whether the browser asks sites not to sell or share its user's data.
fn privacy_control() -> bool {
    web_sys::window()
        .and_then(|w| Reflect::get(&w.navigator(), &"globalPrivacyControl".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

impl Beacon {
    pub fn new(config: &WidgetConfig, instance: &str) -> Beacon {
        let endpoint = config.funnel_endpoint().filter(|_| !privacy_control());
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let utm = web_sys::Url::new(&href)
            .ok()
            .map(|url| {
                let params = url.search_params();
                UTM_KEYS
                    .iter()
                    .filter_map(|k| {
                        params
                            .get(k)
                            .map(|v| (k.to_string(), v.chars().take(100).collect()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Beacon {
            endpoint,
            page: page_of(&href),
            utm,
            instance: instance.chars().take(64).collect(),
            reported: RefCell::new(BTreeSet::new()),
        }
    }

    /// Counts the session's answered questions as reported: the start
    /// module reported them before it handed the visit over.
    pub fn already_reported(
        &self,
        bank: &role_quiz_core::content::Bank<'_>,
        session: &role_quiz_core::session::Session,
    ) {
        let mut reported = self.reported.borrow_mut();
        for (item, answer) in bank.items.iter().zip(&session.answers) {
            if answer.is_some() {
                reported.insert(item.id.to_string());
            }
        }
    }

    /// Reports the event's funnel step, if it is one.
    pub fn report(&self, event: &WidgetEvent) {
        let (Some(endpoint), Some((step, detail, perspective))) = (&self.endpoint, step_of(event))
        else {
            return;
        };
        if step == "question" && !self.reported.borrow_mut().insert(detail.clone()) {
            return;
        }
        let report = FunnelReport {
            step: step.into(),
            detail,
            perspective,
            page: self.page.clone(),
            utm: self.utm.clone(),
            instance: self.instance.clone(),
            bank_version: BANK.version,
        };
        let Ok(body) = serde_json::to_string(&report) else {
            return;
        };
        let endpoint = endpoint.clone();
        let send = move || {
            if let Some(w) = web_sys::window() {
                // A string body goes as text/plain: no preflight, no wait.
                let _ = w
                    .navigator()
                    .send_beacon_with_opt_str(&endpoint, Some(&body));
            }
        };
        if step == "view" {
            when_idle(send);
        } else {
            send();
        }
    }
}

/// Runs `f` once, when the page is idle (at most 3 s later; after 2 s where
/// the browser has no `requestIdleCallback`, as in Safari) or when it is
/// hidden (the visitor switches away or leaves), whichever comes first.
fn when_idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let pending = Rc::new(RefCell::new(Some(f)));
    let run = move || {
        let f = pending.borrow_mut().take();
        if let Some(f) = f {
            f();
        }
    };
    if let Some(document) = window.document() {
        let run = run.clone();
        let target = document.clone();
        EventListener::new(&target, "visibilitychange", move |_| {
            if document.visibility_state() == web_sys::VisibilityState::Hidden {
                run();
            }
        })
        // One small listener per widget for the page's life; it does
        // nothing once the view is sent.
        .forget();
    }
    let callback = Closure::once_into_js(run);
    let idle = Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|v| v.dyn_into::<Function>().ok());
    match idle {
        Some(request) => {
            let options = Object::new();
            let _ = Reflect::set(&options, &"timeout".into(), &JsValue::from(3000));
            let _ = request.call2(&window, &callback, &options);
        }
        None => {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                2000,
            );
        }
    }
}
