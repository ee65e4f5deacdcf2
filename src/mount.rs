//! Mounting a widget into an element of the page.

use std::rc::Rc;

use role_quiz_core::content::BANK;
use role_quiz_core::progress;
use role_quiz_core::session::Session;
use web_sys::Element;
use yew::AppHandle;

use crate::app::{App, AppProps};
use crate::browser::attributes::{instance_key, read_config};
use crate::browser::events::EventSink;
use crate::browser::page;
use crate::browser::page_edges::BrowserEdges;
use crate::browser::panic_fallback;
use crate::browser::storage::{Loaded, ProgressStore};
use crate::link::Link;
use crate::shared::{Shared, SharedContext};
use crate::state::Notice;

/// A mounted widget. Dropping the handle leaves the widget running;
/// [`WidgetHandle::destroy`] removes it.
pub struct WidgetHandle {
    app: AppHandle<App>,
    root: Element,
}

impl WidgetHandle {
    /// Unmounts the widget and empties its element.
    pub fn destroy(self) {
        panic_fallback::unregister(&self.root);
        self.app.destroy();
        self.root.set_text_content(None);
    }
}

/// Mounts a widget into `root`, configured by the element's attributes and
/// resuming the progress saved under the element's `id`.
pub fn mount(root: &Element) -> WidgetHandle {
    mount_into(root, root, None)
}

/// Mounts a widget configured by `host`'s attributes (and sending its events
/// from `host`) into `container`, which may sit in `host`'s shadow root.
/// `widget_base` is the URL the widget's files came from: a relative lead
/// endpoint is resolved against it, so an embedded widget sends leads to its
/// own collector, not to the page's server.
pub fn mount_into(host: &Element, container: &Element, widget_base: Option<&str>) -> WidgetHandle {
    let mut config = read_config(host);
    if let Some(base) = widget_base {
        if config.lead_endpoint.starts_with('/') {
            if let Ok(url) = web_sys::Url::new_with_base(&config.lead_endpoint, base) {
                config.lead_endpoint = url.href();
            }
        }
    }
    let root = container;
    panic_fallback::register(root, host, &config);
    crate::browser::theme::apply(host, &config);
    let link = Link::from_code(&BANK, page::link_code().as_deref());
    // A result link (from the result e-mail) opens that result.
    let (link, linked_result) = match link {
        Link::Result { title, first } => match Session::from_result(&BANK, &title, &first) {
            Some(session) => (Link::None, Some(session)),
            None => (
                Link::Broken(role_quiz_core::link_code::CodeError::Invalid("answers")),
                None,
            ),
        },
        other => (other, None),
    };
    // An invited visitor's answers, and a result opened from a link, are
    // kept apart from the visitor's own check.
    let store = match (&link, &linked_result) {
        (_, Some(_)) => ProgressStore::new(&format!("{}:result", instance_key(host))),
        (Link::Invited { .. }, None) => {
            ProgressStore::new(&format!("{}:invited", instance_key(host)))
        }
        _ => ProgressStore::new(&instance_key(host)),
    };
    let (session, notice) = match linked_result {
        Some(session) => (session, None),
        None => load_progress(&store),
    };
    let edges = BrowserEdges {
        events: EventSink::new(host),
        beacon: crate::browser::beacon::Beacon::new(&config, &instance_key(host)),
        progress: store,
        share_url: config.share_url.clone(),
        capture: config.capture.clone(),
    };
    let shared = Shared::new(config, &instance_key(host), Rc::new(edges));
    // Leads queued on an earlier visit go out now.
    crate::browser::outbox::flush_in_background();
    root.set_text_content(None);
    let props = AppProps {
        shared: SharedContext(shared),
        session,
        notice,
        link,
    };
    let app = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    WidgetHandle {
        app,
        root: root.clone(),
    }
}

/// The visitor's saved progress, or a fresh session with a notice saying
/// why the saved one could not be used.
fn load_progress(store: &ProgressStore) -> (Session, Option<Notice>) {
    match store.load() {
        Loaded::Nothing => (Session::new(&BANK), None),
        Loaded::Unavailable => (Session::new(&BANK), Some(Notice::StorageUnavailable)),
        Loaded::Saved(line) => match progress::decode(&BANK, &line) {
            Ok(session) => (session, None),
            Err(e) => {
                web_sys::console::warn_1(&format!("role-quiz: {e}; starting fresh").into());
                store.clear();
                let notice = match e {
                    progress::ProgressError::OtherBank { .. } => Notice::ProgressOtherVersion,
                    _ => Notice::ProgressUnreadable,
                };
                (Session::new(&BANK), Some(notice))
            }
        },
    }
}
