//! The start module: the widget's first screen and its questions, as small
//! as they can be (see `ending` in the library). Its loader, the demo page's
//! script or `embed.js`, passes a function that loads the full module.

use js_sys::Function;
use role_quiz::start::{mount_start, StartHandle};
use wasm_bindgen::prelude::*;

/// Mounting waits for the loader's call, which brings the full module's
/// loader with it.
fn main() {}

/// The demo page's entry point: mounts a widget into every element marked
/// `data-role-quiz`.
#[wasm_bindgen(js_name = mountPage)]
pub fn mount_page(load_full: Function) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(roots) = document.query_selector_all("[data-role-quiz]") else {
        return;
    };
    for n in 0..roots.length() {
        if let Some(element) = roots.item(n).and_then(|node| node.dyn_into().ok()) {
            // The page keeps the widgets for its whole life.
            std::mem::forget(mount_start(&element, &element, None, load_full.clone()));
        }
    }
}

/// A widget mounted by `embed.js`.
#[wasm_bindgen]
pub struct EmbeddedWidget {
    handle: Option<StartHandle>,
}

#[wasm_bindgen]
impl EmbeddedWidget {
    /// Unmounts the widget, whichever module draws it; calling it again
    /// does nothing.
    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}

/// `embed.js`'s entry point: mounts a widget configured by `host` (the
/// `<role-quiz>` element) into `container` inside its shadow root.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    host: web_sys::Element,
    container: web_sys::Element,
    widget_base: Option<String>,
    load_full: Function,
) -> EmbeddedWidget {
    EmbeddedWidget {
        handle: Some(mount_start(
            &host,
            &container,
            widget_base.as_deref(),
            load_full,
        )),
    }
}
