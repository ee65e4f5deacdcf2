//! The analytics funnel: each event is a `CustomEvent` on the widget's host
//! element that bubbles and crosses the shadow boundary, and is pushed to
//! `window.dataLayer` when the page has one. Details never hold personal data.

use js_sys::{Array, Function, Reflect};
use role_quiz_core::events::WidgetEvent;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element};

/// Where one instance's events go.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSink {
    host: Element,
}

/// Plain JavaScript objects (not `Map`s), as pages and tag managers expect.
pub fn to_js(value: &impl Serialize) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))
        .unwrap_or(JsValue::NULL)
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
        init.set_detail(&to_js(event));
        if let Ok(dom_event) = CustomEvent::new_with_event_init_dict(&name, &init) {
            let _ = self.host.dispatch_event(&dom_event);
        }
        push_to_data_layer(&name, event);
    }
}

/// Pushes `{ event: "rolequiz:<name>", ...detail }`. The `event` property is
/// set on the detail object directly: serde's `flatten` would do the same
/// through a buffering serializer that costs more in the WebAssembly.
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
    let entry = to_js(event);
    if let (Some(push), true) = (push, entry.is_object()) {
        let _ = Reflect::set(
            &entry,
            &JsValue::from_str("event"),
            &JsValue::from_str(name),
        );
        let _ = push.call1(&layer, &entry);
    }
}
