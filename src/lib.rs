//! The role-quiz widget: a Yew view over `role-quiz-core`.
//!
//! - [`mount`] puts one widget into an element of the page;
//! - `app` and `state` hold the root component and its one reducer;
//! - `components` are the screens and their parts, each a thin view;
//! - `edges` says what the views need from the page, and `browser`
//!   implements it (events, storage, links, the outbox), with the panic
//!   fallback and the reading of attributes;
//! - `mount` wires one widget together.

mod app;
mod browser;
mod components;
mod edges;
mod link;
mod mount;
mod shared;
mod state;

pub use mount::{mount, mount_into, WidgetHandle};

use wasm_bindgen::prelude::*;

/// A widget mounted by `embed.js`.
#[wasm_bindgen]
pub struct EmbeddedWidget {
    handle: Option<WidgetHandle>,
}

#[wasm_bindgen]
impl EmbeddedWidget {
    /// Unmounts the widget; calling it again does nothing.
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
) -> EmbeddedWidget {
    EmbeddedWidget {
        handle: Some(mount_into(&host, &container, widget_base.as_deref())),
    }
}
