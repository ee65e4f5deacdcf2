//! The start module's hand-over to the full module.
//!
//! The page's loader gives the start module a function that imports and
//! initialises the full module (`embed.js`, or the demo page's script), so
//! the start module needs no loader code of its own and no dynamic import.
//! The first call starts the download; the visitor's first move makes it
//! (`prepare`), so the full module arrives while they answer. At the end the
//! start app is removed and the full module's `mountAfterStart` mounts the
//! full widget in its place, with the visitor's progress line.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use role_quiz_core::config::WidgetConfig;
use role_quiz_core::content::{start_texts_for, StartUi};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::browser::panic_fallback;

/// Picks one of the start module's interface texts.
pub type UiText = fn(&StartUi) -> &'static str;

/// Which module draws the widget now.
pub enum Stage {
    /// Not mounted yet, or removed.
    Empty,
    /// The start module's own app, as the way to remove it (so this edge
    /// module needs nothing from the layers that mount apps).
    Start(Box<dyn FnOnce()>),
    /// The full module's widget (its `EmbeddedWidget`).
    Full(JsValue),
}

impl Stage {
    /// Removes whatever is mounted.
    pub fn clear(&mut self) {
        match std::mem::replace(self, Stage::Empty) {
            Stage::Empty => {}
            Stage::Start(destroy) => destroy(),
            Stage::Full(widget) => {
                for method in ["destroy", "free"] {
                    if let Some(f) = function(&widget, method) {
                        let _ = f.call0(&widget);
                    }
                }
            }
        }
    }
}

/// The function `name` of a JavaScript object (a module's export, or a
/// method), if it has one.
fn function(object: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(object, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
}

/// One widget's way to the full module.
pub struct Handoff {
    load_full: Function,
    loading: RefCell<Option<Promise>>,
    /// Whether the load under way was given the host element, so the full
    /// module has reported the settings once it is here.
    settings_checked: Cell<bool>,
    host: Element,
    container: Element,
    widget_base: Option<String>,
    config: Rc<WidgetConfig>,
    pub stage: Rc<RefCell<Stage>>,
}

impl Handoff {
    pub fn new(
        load_full: Function,
        host: &Element,
        container: &Element,
        widget_base: Option<String>,
        config: Rc<WidgetConfig>,
    ) -> Handoff {
        Handoff {
            load_full,
            loading: RefCell::new(None),
            settings_checked: Cell::new(false),
            host: host.clone(),
            container: container.clone(),
            widget_base,
            config,
            stage: Rc::new(RefCell::new(Stage::Empty)),
        }
    }

    /// Starts loading the full module, once. The loader is given the host
    /// element while the start app is on the page: the start module reads
    /// its settings silently, so the loader asks the full module to report
    /// what is malformed as soon as it is here (`checkSettings`), and the
    /// hand-over tells the full module it has (`mountAfterStart`'s
    /// `checked`). Not when the full module mounts at once, for a link: it
    /// then reports them itself. (Awaiting the load here to ask it cost
    /// 0.3 KiB more, brotli.)
    pub fn prepare(&self) -> Promise {
        self.loading
            .borrow_mut()
            .get_or_insert_with(|| {
                let start = matches!(*self.stage.borrow(), Stage::Start(_));
                self.settings_checked.set(start);
                let host = match start {
                    true => JsValue::from(&self.host),
                    false => JsValue::UNDEFINED,
                };
                match self.load_full.call1(&JsValue::UNDEFINED, &host) {
                    Ok(value) => match value.dyn_into::<Promise>() {
                        Ok(promise) => promise,
                        Err(value) => Promise::resolve(&value),
                    },
                    Err(error) => Promise::reject(&error),
                }
            })
            .clone()
    }

    /// The full module, loaded; a failed load is forgotten, so the next
    /// call tries again.
    pub async fn full_module(&self) -> Option<JsValue> {
        match JsFuture::from(self.prepare()).await {
            Ok(module) => Some(module),
            Err(error) => {
                web_sys::console::warn_2(&"role-quiz: the full module did not load".into(), &error);
                self.loading.borrow_mut().take();
                None
            }
        }
    }

    /// Replaces whatever is mounted with the full widget, given `line` (the
    /// visitor's progress) or none (it then reads the page as on a first
    /// visit). False when the full module could not be loaded; the start
    /// app then stays, so nothing is lost.
    pub async fn hand_over(&self, line: Option<String>, moved: bool) -> bool {
        let Some(module) = self.full_module().await else {
            return false;
        };
        let mount = function(&module, "mountAfterStart");
        self.stage.borrow_mut().clear();
        let args = js_sys::Array::of5(
            &self.host,
            &self.container,
            &self
                .widget_base
                .as_deref()
                .map_or(JsValue::UNDEFINED, JsValue::from),
            &line.map_or(JsValue::UNDEFINED, JsValue::from),
            &JsValue::from(moved),
        );
        args.push(&JsValue::from(self.settings_checked.get()));
        match mount.map(|mount| mount.apply(&JsValue::UNDEFINED, &args)) {
            Some(Ok(widget)) => {
                *self.stage.borrow_mut() = Stage::Full(widget);
            }
            _ => {
                // The full module is broken: the visitor still gets the
                // booking link. The answers stay saved for a later visit.
                web_sys::console::error_1(&"role-quiz: the full module did not mount".into());
                self.show_fallback();
            }
        }
        true
    }

    /// A status line in the widget's place while the full module loads
    /// (built node by node, so no text is parsed as markup).
    pub fn show_loading(&self, text: UiText) {
        let Some(document) = self.container.owner_document() else {
            return;
        };
        if let Ok(status) = document.create_element("p") {
            status.set_class_name("rq rq-loading");
            let _ = status.set_attribute("role", "status");
            status.set_text_content(Some(text(start_texts_for(&self.config.locale).ui)));
            self.container.set_text_content(None);
            let _ = self.container.append_child(&status);
        }
    }

    /// The short fallback with the booking link, in the widget's place.
    pub fn show_fallback(&self) {
        panic_fallback::show_fallback(&self.container, &self.config);
    }

    /// Leads queued on an earlier visit are sent by the full module; it is
    /// loaded for them only when there are some.
    pub async fn flush_outbox(&self) {
        if let Some(flush) = self
            .full_module()
            .await
            .and_then(|m| function(&m, "flushOutbox"))
        {
            let _ = flush.call0(&JsValue::UNDEFINED);
        }
    }
}
