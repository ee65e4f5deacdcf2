//! The start module: the widget's first screen and its questions, as small
//! as they can be (see `ending` in the library). Its loader, the demo page's
//! script or `embed.js`, passes a function that loads the full module.

use std::cell::RefCell;

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

thread_local! {
    /// The widgets `embed.js` mounted, by the number `mountWidget` gave it.
    static EMBEDDED: RefCell<Vec<Option<StartHandle>>> = const { RefCell::new(Vec::new()) };
}

/// `embed.js`'s entry point: mounts a widget configured by `host` (the
/// `<role-quiz>` element) into `container` inside its shadow root, and
/// returns the number that [`unmount_widget`] takes. A number rather than an
/// exported class: wasm-bindgen's class brings a wrapper, a finalizer and a
/// drop export, which measured 0.14 KiB (brotli) in the glue; a returned
/// closure saved those but added 0.06 KiB to the Wasm. (A remounted widget
/// leaves an empty slot behind; a page would need millions of remounts for
/// that to matter.)
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    host: web_sys::Element,
    container: web_sys::Element,
    widget_base: Option<String>,
    load_full: Function,
) -> usize {
    let handle = mount_start(&host, &container, widget_base.as_deref(), load_full);
    EMBEDDED.with_borrow_mut(|widgets| {
        widgets.push(Some(handle));
        widgets.len() - 1
    })
}

/// `embed.js`'s call for a popup not opened yet: its launcher takes the
/// page's theme (see `start::theme_host`).
#[wasm_bindgen(js_name = themeHost)]
pub fn theme_host(host: web_sys::Element) {
    role_quiz::start::theme_host(&host);
}

/// Unmounts the widget `mountWidget` numbered `id`, whichever module draws it
/// by then; an unknown or already unmounted number does nothing.
#[wasm_bindgen(js_name = unmountWidget)]
pub fn unmount_widget(id: usize) {
    let handle = EMBEDDED.with_borrow_mut(|widgets| widgets.get_mut(id).and_then(Option::take));
    if let Some(handle) = handle {
        handle.destroy();
    }
}
