//! The start module: the start screen and the questions, and the hand-over
//! to the full module at the end (see [`crate::ending`]).

use std::rc::Rc;

use js_sys::Function;
use role_quiz_core::content::{Bank, BANK};
use role_quiz_core::session::Session;
use web_sys::Element;
use yew::prelude::*;

use crate::app::Continued;
use crate::browser::attributes::instance_key;
use crate::browser::handoff::{Handoff, Stage, UiText};
use crate::browser::outbox;
use crate::browser::page;
use crate::browser::page_edges::PageBasics;
use crate::browser::start_edges::StartEdges;
use crate::browser::storage::{Loaded, ProgressStore};
use crate::components::handover::Handover;
use crate::edges::PageEdges;
use crate::ending::{Ending, EndingView};
use crate::link::Link;
use crate::mount::{configure_start, render, Parts};
use crate::state::Notice;
use role_quiz_core::config::WidgetConfig;

/// After the questions, the start module hands over.
pub const START_ENDING: Ending = Ending {
    screen,
    // The full module announces the finish when it takes over.
    finishing: |_: &dyn PageEdges, _: &Bank<'_>, _: &Session, _: bool| {},
    // Links are read by the full module.
    invitation: |_: &Link| Html::default(),
};

fn screen(view: EndingView<'_>) -> Html {
    html! { <Handover session={view.session.clone()} moves={view.moves} /> }
}

/// A widget begun by the start module; whichever module draws it now,
/// [`StartHandle::destroy`] removes it.
pub struct StartHandle {
    stage: Rc<std::cell::RefCell<Stage>>,
}

impl StartHandle {
    pub fn destroy(self) {
        self.stage.borrow_mut().clear();
    }
}

/// Gives `host` the page's theme (accent, font, radius) before a widget is
/// mounted in it. A popup's launcher, which `embed.js` draws, reads them from
/// the host, so it shows the page's accent as soon as this module is here
/// rather than from the visitor's first press.
pub fn theme_host(host: &Element) {
    crate::browser::theme::apply(host, &configure_start(host, None));
}

/// Mounts the start of a widget configured by `host` into `container` (as
/// `mount::mount_into` does for the full widget); `load_full` imports and
/// initialises the full module, resolving to its exports.
pub fn mount_start(
    host: &Element,
    container: &Element,
    widget_base: Option<&str>,
    load_full: Function,
) -> StartHandle {
    let config = Rc::new(configure_start(host, widget_base));
    let handoff = Rc::new(Handoff::new(
        load_full,
        host,
        container,
        widget_base.map(str::to_string),
        config.clone(),
    ));
    let handle = StartHandle {
        stage: handoff.stage.clone(),
    };
    if outbox::has_waiting_leads() {
        let handoff = handoff.clone();
        wasm_bindgen_futures::spawn_local(async move { handoff.flush_outbox().await });
    }
    // Link codes and saved progress are read by the full module. A link
    // means the visitor came for a comparison, a result or an invitation;
    // saved progress means they made a move on an earlier visit, which
    // fetched the full module then (and hashed files are cached for good).
    // Reading progress here cost every first visit 1.7 KiB (brotli).
    // The visitor's own check: invitations and results come by link, which
    // the full module reads (`mount::store_for`).
    let store = ProgressStore::new(&instance_key(host));
    let (loading, notice): (Option<UiText>, _) = match (page::link_code(), store.load()) {
        (Some(_), _) => (Some(|ui| ui.ending_loading), None),
        (None, Loaded::Saved(_)) => (Some(|ui| ui.resume_loading), None),
        (None, Loaded::Nothing) => (None, None),
        (None, Loaded::Unavailable) => (None, Some(Notice::StorageUnavailable)),
    };
    if let Some(text) = loading {
        handoff.show_loading(text);
        wasm_bindgen_futures::spawn_local(async move {
            if !handoff.hand_over(None, false).await {
                handoff.show_fallback();
            }
        });
        return handle;
    }
    let session = Session::new(&BANK);
    let parts = Parts {
        config,
        store,
        link: Link::None,
        session,
        notice,
    };
    let edges = {
        let handoff = handoff.clone();
        move |basics: PageBasics, _: &WidgetConfig| -> Rc<dyn PageEdges> {
            Rc::new(StartEdges { basics, handoff })
        }
    };
    let widget = render(host, container, parts, START_ENDING, edges, Continued::No);
    *handoff.stage.borrow_mut() = Stage::Start(Box::new(move || widget.destroy()));
    handle
}
