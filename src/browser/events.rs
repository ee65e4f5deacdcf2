//! The analytics funnel: each event is a `CustomEvent` on the widget's host
//! element that bubbles and crosses the shadow boundary, and is pushed to
//! `window.dataLayer` when the page has one. Details never hold personal data.

use js_sys::{Array, Function, Object, Reflect};
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::record::{Record, Value};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element};

/// Where one instance's events go.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSink {
    host: Element,
}

/// A plain JavaScript object, as pages and tag managers expect. Built
/// field by field rather than with `serde-wasm-bindgen`, which cost the start
/// module 0.34 KiB more (see [`role_quiz_core::record`]).
pub fn to_js(record: &Record<'_>) -> JsValue {
    let object = Object::new();
    for (key, value) in record {
        let value = match value {
            Value::Text(text) => JsValue::from_str(text),
            Value::Number(number) => JsValue::from_f64(*number),
            Value::Record(inner) => to_js(inner),
        };
        let _ = Reflect::set(&object, &JsValue::from_str(key), &value);
    }
    object.into()
}

impl EventSink {
    pub fn new(host: &Element) -> Self {
        EventSink { host: host.clone() }
    }

    /// Sends `rolequiz:<name>` with the event's detail.
    pub fn emit(&self, event: &WidgetEvent) {
        let name = event.full_name();
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&to_js(&event.detail()));
        if let Ok(dom_event) = CustomEvent::new_with_event_init_dict(&name, &init) {
            let _ = self.host.dispatch_event(&dom_event);
        }
        push_to_data_layer(&name, event);
    }
}

/// Pushes `{ event: "rolequiz:<name>", ...detail }`.
fn push_to_data_layer(name: &str, event: &WidgetEvent) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(layer) = Reflect::get(&window, &JsValue::from_str("dataLayer")) else {
        return;
    };
    if !Array::is_array(&layer) {
        return;
    }
    // Call the page's own push: tag managers replace it to hear new entries.
    let push = Reflect::get(&layer, &JsValue::from_str("push"))
        .ok()
        .and_then(|p| p.dyn_into::<Function>().ok());
    let Some(push) = push else {
        return;
    };
    let mut entry = vec![("event", Value::Text(name))];
    entry.extend(event.detail());
    let _ = push.call1(&layer, &to_js(&entry));
}
