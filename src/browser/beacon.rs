//! Anonymous funnel reports to the collector ([`role_quiz_core::funnel`]),
//! sent with `navigator.sendBeacon`: nothing waits for them, a failed one is
//! dropped (never put in the outbox). Reports are queued and sent once the
//! page is idle (or hidden), never in the frame of the click that caused
//! them: a beacon costs Chromium several milliseconds, which at a phone's
//! speed made an answer miss its frame; and the view stays off the first
//! screen's critical path. Nothing is sent with `analytics="off"` or when
//! the browser signals Global Privacy Control.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::Reflect;
use role_quiz_core::config::WidgetConfig;
use role_quiz_core::content::BANK;
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::funnel::{page_of, step_of, FunnelReport, Utm};

use crate::browser::events::to_js;
use crate::browser::idle::when_idle;

/// One widget's reporter.
pub struct Beacon {
    endpoint: Option<String>,
    page: String,
    utm: Utm,
    instance: String,
    /// Questions already reported, so going back and changing an answer
    /// does not count a question twice. A list, not a set: it holds a
    /// bank's few ids, and a `BTreeSet` cost the start module 0.6 KiB.
    reported: RefCell<Vec<String>>,
    /// Reports waiting for an idle moment; the waiting callback holds it
    /// too, so reports survive the widget that made them (the start
    /// module's app is removed when the full module takes over).
    queue: Rc<RefCell<Vec<FunnelReport>>>,
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
                Utm::from_fn(|k| params.get(k).map(|v| v.chars().take(100).collect()))
            })
            .unwrap_or_default();
        let queue = Rc::new(RefCell::new(Vec::new()));
        if let Some(endpoint) = &endpoint {
            send_when_hidden(&queue, endpoint);
        }
        Beacon {
            endpoint,
            page: page_of(&href),
            utm,
            instance: instance.chars().take(64).collect(),
            reported: RefCell::new(Vec::new()),
            queue,
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
            if answer.is_some() && !reported.iter().any(|id| id == item.id) {
                reported.push(item.id.to_string());
            }
        }
    }

    /// Reports the event's funnel step, if it is one.
    pub fn report(&self, event: &WidgetEvent) {
        let (Some(endpoint), Some((step, detail, perspective))) = (&self.endpoint, step_of(event))
        else {
            return;
        };
        if step == "question" {
            let mut reported = self.reported.borrow_mut();
            if reported.contains(&detail) {
                return;
            }
            reported.push(detail.clone());
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
        let mut queue = self.queue.borrow_mut();
        queue.push(report);
        if queue.len() > 1 {
            return; // a send is already waiting for an idle moment
        }
        let (queue, endpoint) = (self.queue.clone(), endpoint.clone());
        when_idle(move || send_all(&queue, &endpoint));
    }
}

/// Sends the queued reports, each written as JSON here rather than in the
/// click that caused it.
fn send_all(queue: &RefCell<Vec<FunnelReport>>, endpoint: &str) {
    let Some(w) = web_sys::window() else {
        return;
    };
    for report in queue.borrow_mut().drain(..) {
        // JSON by the browser's own `JSON.stringify`: serde_json's writer
        // cost the start module 0.4 KiB (brotli) more.
        let Some(body) = js_sys::JSON::stringify(&to_js(&report.record()))
            .ok()
            .and_then(|json| json.as_string())
        else {
            continue;
        };
        // A string body goes as text/plain: no preflight, no wait.
        let _ = w
            .navigator()
            .send_beacon_with_opt_str(endpoint, Some(&body));
    }
}

/// Sends the queued reports as soon as the page is hidden (the visitor
/// switches away or leaves), however the idle wait stands: one listener per
/// widget, for the page's life.
fn send_when_hidden(queue: &Rc<RefCell<Vec<FunnelReport>>>, endpoint: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (queue, endpoint, target) = (queue.clone(), endpoint.to_string(), document.clone());
    EventListener::new(&target, "visibilitychange", move |_| {
        if document.visibility_state() == web_sys::VisibilityState::Hidden {
            send_all(&queue, &endpoint);
        }
    })
    .forget();
}
