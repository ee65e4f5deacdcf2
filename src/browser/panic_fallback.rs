//! If the widget panics, its Wasm instance can no longer be trusted, so every
//! widget it drives is replaced with a short fallback that still offers the
//! booking link: a visitor never faces a frozen quiz.
//!
//! A panic hook is process-wide by nature, so the roots it must reach are kept
//! in a thread-local list; this is the only state shared between instances.

use role_quiz_core::events::WidgetEvent;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Once;

use role_quiz_core::config::WidgetConfig;
use role_quiz_core::content::start_texts_for;
use role_quiz_core::template::fill;
use web_sys::{Document, Element};

use crate::browser::events::EventSink;

struct Root {
    element: Element,
    host: Element,
    config: Rc<WidgetConfig>,
}

thread_local! {
    static ROOTS: RefCell<Vec<Root>> = const { RefCell::new(Vec::new()) };
}

static INSTALL: Once = Once::new();

/// Registers a root to be replaced on panic (and `host` to announce it),
/// installing the hook once.
pub fn register(element: &Element, host: &Element, config: &Rc<WidgetConfig>) {
    INSTALL.call_once(|| {
        yew::set_custom_panic_hook(Box::new(|info| {
            web_sys::console::error_1(&format!("role-quiz failed: {info}").into());
            show_fallbacks();
        }));
    });
    ROOTS.with(|roots| {
        if let Ok(mut roots) = roots.try_borrow_mut() {
            roots.push(Root {
                element: element.clone(),
                host: host.clone(),
                config: config.clone(),
            });
        }
    });
}

/// Forgets a root that was unmounted.
pub fn unregister(element: &Element) {
    ROOTS.with(|roots| {
        if let Ok(mut roots) = roots.try_borrow_mut() {
            roots.retain(|r| r.element != *element);
        }
    });
}

fn show_fallbacks() {
    ROOTS.with(|roots| {
        let Ok(roots) = roots.try_borrow() else {
            return;
        };
        for root in roots.iter() {
            let _ = show_fallback(&root.element, &root.config);
            EventSink::new(&root.host).emit(&WidgetEvent::Error {
                reason: "panic".into(),
            });
        }
    });
}

/// Replaces the root's content with the fallback, built node by node so no
/// configured text is ever parsed as markup.
pub fn show_fallback(root: &Element, config: &WidgetConfig) -> Option<()> {
    let document: Document = root.owner_document()?;
    let ui = start_texts_for(&config.locale).ui;
    let (href, label) = match &config.booking_url {
        Some(url) => (url.clone(), ui.fallback_link.to_string()),
        None => (
            config.contact_phone.tel.clone(),
            fill(
                ui.fallback_call,
                &[("phone", &config.contact_phone.display)],
            ),
        ),
    };
    let box_ = document.create_element("div").ok()?;
    box_.set_class_name("rq rq-fallback");
    box_.set_attribute("role", "alert").ok()?;
    let text = document.create_element("p").ok()?;
    text.set_text_content(Some(ui.fallback_text));
    let link = document.create_element("a").ok()?;
    link.set_attribute("href", &href).ok()?;
    link.set_class_name("rq-button rq-primary");
    link.set_text_content(Some(&label));
    box_.append_child(&text).ok()?;
    box_.append_child(&link).ok()?;
    root.set_text_content(None);
    root.append_child(&box_).ok()?;
    Some(())
}
