//! The analytics funnel: each event is a `CustomEvent` on the widget's host
//! element that bubbles and crosses the shadow boundary, and is pushed to
//! `window.dataLayer` when the page has one. Details never hold personal data.

use js_sys::{Array, Reflect, JSON};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element};

/// Where one instance's events go.
#[derive(Clone, Debug)]
pub struct EventSink {
    host: Element,
}

impl PartialEq for EventSink {
    fn eq(&self, other: &Self) -> bool {
        self.host == other.host
    }
}

impl EventSink {
    pub fn new(host: &Element) -> Self {
        EventSink { host: host.clone() }
    }

    /// Sends `rolequiz:<name>` with `detail`.
    pub fn emit(&self, name: &str, detail: Value) {
        let full = format!("rolequiz:{name}");
        let detail_js = JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL);
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail_js);
        if let Ok(event) = CustomEvent::new_with_event_init_dict(&full, &init) {
            let _ = self.host.dispatch_event(&event);
        }
        push_to_data_layer(&full, &detail);
    }
}

fn push_to_data_layer(name: &str, detail: &Value) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(layer) = Reflect::get(&window, &JsValue::from_str("dataLayer")) else {
        return;
    };
    if !Array::is_array(&layer) {
        return;
    }
    let mut entry = serde_json::json!({ "event": name });
    if let (Some(e), Some(d)) = (entry.as_object_mut(), detail.as_object()) {
        for (k, v) in d {
            e.insert(k.clone(), v.clone());
        }
    }
    // Call the page's own push: tag managers replace it to hear new entries.
    let push = Reflect::get(&layer, &JsValue::from_str("push"))
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Function>().ok());
    if let (Some(push), Ok(value)) = (push, JSON::parse(&entry.to_string())) {
        let _ = push.call1(&layer, &value);
    }
}
