//! Mounting a widget into an element of the page: reading its settings,
//! choosing its progress store and session, and rendering the root app.
//! The full module mounts through [`mount_into`] and [`mount_after_start`];
//! the start module through `start::mount_start`, which uses the same parts.

use std::rc::Rc;

use role_quiz_core::config::WidgetConfig;
use role_quiz_core::content::BANK;
use role_quiz_core::progress;
use role_quiz_core::session::Session;
use web_sys::Element;
use yew::AppHandle;

use crate::app::{App, AppProps, Continued};
use crate::browser::attributes::{instance_key, read_config, read_start_config};
use crate::browser::beacon::Beacon;
use crate::browser::events::EventSink;
use crate::browser::page;
use crate::browser::page_edges::{BrowserEdges, PageBasics};
use crate::browser::panic_fallback;
use crate::browser::storage::{Loaded, ProgressStore};
use crate::edges::PageEdges;
use crate::ending::Ending;
use crate::full::FULL_ENDING;
use crate::link::Link;
use crate::shared::{Shared, SharedContext};
use crate::state::Notice;

/// A mounted widget. Dropping the handle leaves the widget running;
/// [`WidgetHandle::destroy`] removes it.
pub struct WidgetHandle {
    app: AppHandle<App>,
    root: Element,
    /// Whether the widget made its element itself (a result drawn ahead,
    /// see `prepared`), so that unmounting removes it.
    placed_apart: bool,
}

impl WidgetHandle {
    /// Unmounts the widget and empties its element.
    pub fn destroy(self) {
        panic_fallback::unregister(&self.root);
        self.app.destroy();
        self.root.set_text_content(None);
    }

    /// [`WidgetHandle::destroy`], and removes the element as well when the
    /// widget made it. The full module's widgets are unmounted this way;
    /// the start module's never make their element, so their `destroy`
    /// carries none of this.
    pub fn unmount(self) {
        let made = self.placed_apart.then(|| self.root.clone());
        self.destroy();
        if let Some(element) = made {
            element.remove();
        }
    }

    /// The element the widget is drawn in.
    pub fn root(&self) -> &Element {
        &self.root
    }

    /// Marks the widget's element as made for it.
    pub(crate) fn placed_apart(self) -> WidgetHandle {
        WidgetHandle {
            placed_apart: true,
            ..self
        }
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
    mount_afresh(host, container, widget_base, true)
}

/// [`mount_into`], reporting malformed settings when `report` is set.
fn mount_afresh(
    host: &Element,
    container: &Element,
    widget_base: Option<&str>,
    report: bool,
) -> WidgetHandle {
    let config = configure(host, widget_base, report);
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
    let store = store_for(host, &link, linked_result.is_some());
    let (session, notice) = match linked_result {
        Some(session) => (session, None),
        None => load_progress(&store),
    };
    let parts = Parts {
        config: Rc::new(config),
        store,
        link,
        session,
        notice,
    };
    render_full(host, container, parts, Continued::No)
}

/// The full widget taking over from the start module: `line` is the
/// visitor's progress as the start module left it (none when the start
/// module handed over at once, for a link it cannot read), `moved` says the
/// visitor's own move got here, so focus follows them, and `checked` that
/// the malformed settings were reported already, when this module loaded
/// (`checkSettings`): each is reported once.
pub fn mount_after_start(
    host: &Element,
    container: &Element,
    widget_base: Option<&str>,
    line: Option<&str>,
    moved: bool,
    checked: bool,
) -> WidgetHandle {
    // The result drawn ahead for this very visit, if there is one; and from
    // now on this module draws, so nothing more is drawn ahead.
    let drawn = match (line, moved) {
        (Some(line), true) => crate::prepared::reveal(host, container, widget_base, line),
        _ => None,
    };
    crate::prepared::stop_watching(host);
    if let Some(drawn) = drawn {
        return drawn;
    }
    let Some(line) = line else {
        return mount_afresh(host, container, widget_base, !checked);
    };
    let config = configure(host, widget_base, !checked);
    let link = Link::from_code(&BANK, page::link_code().as_deref());
    let store = store_for(host, &link, false);
    let (session, notice) = match progress::decode(&BANK, line) {
        Ok(session) => {
            // Only the note about storage is still true after the hand-over.
            let notice =
                matches!(store.load(), Loaded::Unavailable).then_some(Notice::StorageUnavailable);
            (session, notice)
        }
        Err(_) => load_progress(&store),
    };
    let parts = Parts {
        config: Rc::new(config),
        store,
        link,
        session,
        notice,
    };
    let continued = if moved {
        Continued::ByMove
    } else {
        Continued::AsItWas
    };
    render_full(host, container, parts, continued)
}

/// The full widget, once its parts are known. Leads queued on an earlier
/// visit go out now.
fn render_full(
    host: &Element,
    container: &Element,
    parts: Parts,
    continued: Continued,
) -> WidgetHandle {
    crate::browser::outbox::flush_in_background();
    render(host, container, parts, FULL_ENDING, full_edges, continued)
}

/// The settings of the widget on `host`, with a relative lead endpoint
/// resolved against the URL the widget's files came from; what is malformed
/// is reported when `report` is set.
pub fn configure(host: &Element, widget_base: Option<&str>, report: bool) -> WidgetConfig {
    resolve_endpoint(read_config(host, report), widget_base)
}

/// [`configure`] for the start module, which reads silently and leaves the
/// later screens' settings to the full module (`read_start_config`).
pub fn configure_start(host: &Element, widget_base: Option<&str>) -> WidgetConfig {
    resolve_endpoint(read_start_config(host), widget_base)
}

fn resolve_endpoint(mut config: WidgetConfig, widget_base: Option<&str>) -> WidgetConfig {
    if let Some(base) = widget_base {
        if config.lead_endpoint.starts_with('/') {
            if let Ok(url) = web_sys::Url::new_with_base(&config.lead_endpoint, base) {
                config.lead_endpoint = url.href();
            }
        }
    }
    config
}

/// Where this visit's progress is kept: an invited visitor's answers, and a
/// result opened from a link, are kept apart from the visitor's own check.
pub fn store_for(host: &Element, link: &Link, linked_result: bool) -> ProgressStore {
    match (link, linked_result) {
        (_, true) => ProgressStore::new(&format!("{}:result", instance_key(host))),
        (Link::Invited { .. }, false) => {
            ProgressStore::new(&format!("{}:invited", instance_key(host)))
        }
        _ => ProgressStore::new(&instance_key(host)),
    }
}

/// What a mount has worked out before rendering.
pub struct Parts {
    pub config: Rc<WidgetConfig>,
    pub store: ProgressStore,
    pub link: Link,
    pub session: Session,
    pub notice: Option<Notice>,
}

/// The full module's edges.
fn full_edges(basics: PageBasics, config: &WidgetConfig) -> Rc<dyn PageEdges> {
    Rc::new(BrowserEdges::new(basics, config))
}

/// Renders the app into `container` with the page's edges, made by `edges`
/// (a plain function, so a module names only its own edges).
pub fn render(
    host: &Element,
    container: &Element,
    parts: Parts,
    ending: Ending,
    edges: impl FnOnce(PageBasics, &WidgetConfig) -> Rc<dyn PageEdges>,
    continued: Continued,
) -> WidgetHandle {
    let Parts {
        config,
        store,
        link,
        session,
        notice,
    } = parts;
    panic_fallback::register(container, host, &config);
    crate::browser::theme::apply(host, &config);
    let beacon = Beacon::new(&config, &instance_key(host));
    if continued != Continued::No {
        // The start module reported these questions already.
        beacon.already_reported(&BANK, &session);
    }
    let edges = edges(
        PageBasics {
            events: EventSink::new(host),
            beacon,
            progress: store,
        },
        &config,
    );
    let shared = Shared::new(config, &instance_key(host), edges);
    container.set_text_content(None);
    let props = AppProps {
        shared: SharedContext(shared),
        session,
        notice,
        link,
        ending,
        continued,
    };
    let app = yew::Renderer::<App>::with_root_and_props(container.clone(), props).render();
    crate::warm_up::note_mounted();
    WidgetHandle {
        app,
        root: container.clone(),
        placed_apart: false,
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
