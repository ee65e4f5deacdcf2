//! The result, drawn ahead while the visitor is on the last question.
//!
//! At the visitor's last answer the start module hands over to the full
//! module, which then built the whole result screen: a Yew app, about a
//! hundred elements, their style and layout, all in that one click's task
//! (72 ms at 4x CPU in the benchmark, against 16 for the other answers).
//! But once the last question has an answer, the result is known. So after
//! each click or key on the last question's answers, in the first idle
//! moment after its frame, the full module reads the start module's saved
//! progress, and when it stands at the last question with an answer
//! chosen, draws that result into an element beside the start app, with
//! `content-visibility: hidden`: laid out at the widget's width (in the
//! idle moment after) but not painted, not focusable, and not in the
//! accessibility tree. Its edges are held: it sends no events and saves
//! nothing. When the start module hands over a visit that ends the same
//! way, the hidden result is shown and announced ([`reveal`]) instead of
//! built; any other visit is drawn as before, and a stale drawing is
//! dropped. Measured in the benchmark: the last answer 72 -> 29 to 42 ms;
//! what is left is mostly the start module's part of the hand-over (see
//! the README, "The last answer, drawn ahead").
//!
//! Nothing of this is in the start module: the full module learns of the
//! visitor's moves from the clicks and keys that reach the widget's element.
//! A browser without `content-visibility` (or without storage) is served
//! the way it was before. (The lead form times its filling in from when the
//! visitor opens it, which no drawing ahead does, so that time is as true
//! as on a result drawn at once.)

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use role_quiz_core::config::WidgetConfig;
use role_quiz_core::content::BANK;
use role_quiz_core::progress;
use role_quiz_core::session::{Action, Session, Step};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement};

use crate::app::Continued;
use crate::browser::attributes::instance_key;
use crate::browser::idle::{when_idle, when_idle_after_frame};
use crate::browser::page_edges::{BrowserEdges, PageBasics};
use crate::browser::storage::{Loaded, ProgressStore};
use crate::edges::PageEdges;
use crate::full::FULL_ENDING;
use crate::link::Link;
use crate::mount::{configure, render, store_for, Parts, WidgetHandle};

/// A result drawn ahead for one widget.
struct Prepared {
    host: Element,
    widget_base: Option<String>,
    /// The visit as the start module will hand it over: at the result.
    line: String,
    /// The visit just before the last move, for the `complete` event.
    before: Session,
    /// Holds the edges (events and saving) until the result is shown.
    held: Rc<Cell<bool>>,
    edges: Rc<dyn PageEdges>,
    handle: WidgetHandle,
}

/// One widget the full module watches for the start module's moves.
struct Watched {
    host: Element,
    widget_base: Option<String>,
    /// Removed from the element with this entry.
    _listeners: Vec<EventListener>,
}

/// How the name of the last question's radio group ends, as the start app
/// draws it (the widget's id prefix, then `measures`: see
/// `components::question_screen`).
const LAST_NAME_END: &str = "-measures";

/// The last question's chosen answer.
const LAST_ANSWERED: &str = r#"input[type="radio"][name$="-measures"]:checked"#;

thread_local! {
    static WATCHED: RefCell<Vec<Watched>> = const { RefCell::new(Vec::new()) };
    static PREPARED: RefCell<Vec<Prepared>> = const { RefCell::new(Vec::new()) };
}

/// Watches the start app on `host` (whose files came from `widget_base`):
/// after each click or key that reaches it, once the page is idle, draws
/// the result ahead when the visitor is on the last question with an
/// answer. Called as the full module arrives (`checkSettings`); once per
/// widget.
pub fn watch(host: &Element, widget_base: Option<String>) {
    forget_removed_widgets();
    let known = WATCHED.with_borrow(|watched| watched.iter().any(|w| w.host == *host));
    if known {
        return;
    }
    let pending = Rc::new(Cell::new(false));
    let listeners = ["click", "keyup"]
        .into_iter()
        .map(|kind| {
            let (target, pending) = (host.clone(), pending.clone());
            EventListener::new(host, kind, move |event| {
                if answers_the_last_question(event) {
                    look_when_idle(&target, &pending);
                }
            })
        })
        .collect();
    WATCHED.with_borrow_mut(|watched| {
        watched.push(Watched {
            host: host.clone(),
            widget_base,
            _listeners: listeners,
        })
    });
    // The visitor may be on the last question already.
    look_when_idle(host, &pending);
}

/// Stops watching widgets whose element has left the page, and takes down
/// what was drawn ahead for them: nothing else would, as a removed widget
/// gets no more clicks. Done as another widget is watched, which is when a
/// page that replaces its widgets (a single-page app's route) makes one.
fn forget_removed_widgets() {
    WATCHED.with_borrow_mut(|watched| watched.retain(|w| w.host.is_connected()));
    let removed: Vec<Prepared> = PREPARED.with_borrow_mut(|prepared| {
        let (removed, kept) = prepared.drain(..).partition(|p| !p.host.is_connected());
        *prepared = kept;
        removed
    });
    for drawing in removed {
        drawing.handle.unmount();
    }
}

/// Whether `event` reached the last question's answers (a click on one,
/// or a key on one: arrows move the choice): the only moves after which
/// there is something to draw ahead, so every other move costs this check
/// and nothing more.
fn answers_the_last_question(event: &Event) -> bool {
    event
        .composed_path()
        .get(0)
        .dyn_into::<HtmlInputElement>()
        .is_ok_and(|input| input.type_() == "radio" && input.name().ends_with(LAST_NAME_END))
}

/// One look at the saved progress in the first idle moment after the
/// move's frame, however many moves come before it.
fn look_when_idle(host: &Element, pending: &Rc<Cell<bool>>) {
    if pending.replace(true) {
        return;
    }
    let (host, pending) = (host.clone(), pending.clone());
    when_idle_after_frame(move || {
        pending.set(false);
        look(&host);
    });
}

/// Draws the result ahead if the saved progress stands at the last
/// question with an answer, unless it is drawn already; drops a drawing
/// the visit has moved away from.
fn look(host: &Element) {
    let Some(widget_base) = WATCHED.with_borrow(|watched| {
        watched
            .iter()
            .find(|w| w.host == *host)
            .map(|w| w.widget_base.clone())
    }) else {
        return;
    };
    // Only the last question, answered, is worth a look at the storage:
    // after any other move this is one query of the widget's own elements.
    // (A drawing the visitor went back from stays, hidden: the hand-over
    // checks it against the visit it gets.)
    let container = start_container(host);
    let answered_last = container
        .as_ref()
        .and_then(|c| c.query_selector(LAST_ANSWERED).ok().flatten())
        .is_some();
    if !answered_last {
        return;
    }
    let ending = match ProgressStore::new(&instance_key(host)).load() {
        Loaded::Saved(line) => last_move(&line),
        _ => None,
    };
    // Drawn already for this visit, in its place (a widget mounted again
    // may have a new container).
    let drawn = PREPARED.with_borrow(|prepared| {
        prepared.iter().any(|p| {
            p.host == *host
                && ending.as_ref().is_some_and(|(line, _)| *line == p.line)
                && container
                    .as_ref()
                    .and_then(Element::next_element_sibling)
                    .as_ref()
                    == Some(p.handle.root())
        })
    });
    if drawn {
        return;
    }
    if let Some(stale) = take(host) {
        stale.handle.unmount();
    }
    if let Some((line, before)) = ending {
        if let Some(prepared) = prepare(host, widget_base, line, before) {
            PREPARED.with_borrow_mut(|p| p.push(prepared));
        }
    }
}

/// The visit after the last move, as a progress line, and the visit before
/// it, when `saved` stands at the last question with everything answered.
fn last_move(saved: &str) -> Option<(String, Session)> {
    let before = progress::decode(&BANK, saved).ok()?;
    if before.step != Step::Measures || !before.is_complete() {
        return None;
    }
    let mut after = before.clone();
    // The very move the start app makes at "See the result".
    if !after.apply(&BANK, Action::Next) || after.step != Step::Result {
        return None;
    }
    Some((progress::encode(&BANK, &after), before))
}

/// The start app's container: the element its root section sits in, in
/// the widget's shadow root or, on the demo page, in the element itself.
fn start_container(host: &Element) -> Option<Element> {
    let section = match host.shadow_root() {
        Some(shadow) => shadow.query_selector("section.rq").ok()??,
        None => host.query_selector("section.rq").ok()??,
    };
    section.parent_element()
}

/// Draws the result for `line` into a new element after the start app's
/// container, kept from view by `content-visibility: hidden` (set through
/// the CSSOM, which a strict Content-Security-Policy allows), and has it
/// laid out in a later task.
fn prepare(
    host: &Element,
    widget_base: Option<String>,
    line: String,
    before: Session,
) -> Option<Prepared> {
    let session = progress::decode(&BANK, &line).ok()?;
    let container = start_container(host)?;
    let element = container.owner_document()?.create_element("div").ok()?;
    let style = element.dyn_ref::<HtmlElement>()?.style();
    let _ = style.set_property("content-visibility", "hidden");
    if style.get_property_value("content-visibility").ok()? != "hidden" {
        // Without it the result would show: draw it at the last answer.
        return None;
    }
    // embed.js keeps a fault in the widget from reaching the page by
    // wrapping its container's listeners; Yew listens on the element it
    // renders into, so this one gets the same wrappers.
    for name in ["addEventListener", "removeEventListener"] {
        if let Ok(wrapper) = js_sys::Reflect::get(&container, &name.into()) {
            let _ = js_sys::Reflect::set(&element, &name.into(), &wrapper);
        }
    }
    container.after_with_node_1(&element).ok()?;
    let link = Link::from_code(&BANK, crate::browser::page::link_code().as_deref());
    let parts = Parts {
        config: Rc::new(configure(host, widget_base.as_deref(), false)),
        store: store_for(host, &link, false),
        link,
        session,
        notice: None,
    };
    let held = Rc::new(Cell::new(true));
    let kept: Rc<RefCell<Option<Rc<dyn PageEdges>>>> = Rc::default();
    let edges = {
        let (held, kept) = (held.clone(), kept.clone());
        move |basics: PageBasics, config: &WidgetConfig| {
            let edges: Rc<dyn PageEdges> = Rc::new(BrowserEdges {
                held,
                ..BrowserEdges::new(basics, config)
            });
            *kept.borrow_mut() = Some(edges.clone());
            edges
        }
    };
    let handle = render(
        host,
        &element,
        parts,
        FULL_ENDING,
        edges,
        Continued::AsItWas,
    )
    .placed_apart();
    // `render` made the edges as it drew.
    let edges = kept.borrow_mut().take()?;
    // Yew draws in a microtask queued by `render`. The layout is forced in
    // the next idle moment, not in this task, so neither task keeps a
    // visitor's click waiting long: then the last answer finds the text
    // shaped and the boxes placed.
    let laid_out = element.clone();
    when_idle(move || {
        if let Some(screen) = laid_out.first_element_child() {
            screen.client_height();
        }
    });
    Some(Prepared {
        host: host.clone(),
        widget_base,
        line,
        before,
        held,
        edges,
        handle,
    })
}

/// Shows the result drawn ahead for the visit the start module hands over
/// on `host` as `line`, when there is one for exactly that visit, still
/// right after `container`: its edges are let go, the visit's finish is
/// announced, and focus follows the visitor to the result's heading, as
/// when the result is drawn at once. A drawing for another visit is
/// dropped.
pub fn reveal(
    host: &Element,
    container: &Element,
    widget_base: Option<&str>,
    line: &str,
) -> Option<WidgetHandle> {
    let prepared = take(host)?;
    let in_place = container.next_element_sibling().as_ref() == Some(prepared.handle.root());
    if prepared.line != line || prepared.widget_base.as_deref() != widget_base || !in_place {
        prepared.handle.unmount();
        return None;
    }
    let Prepared {
        before,
        held,
        edges,
        handle,
        ..
    } = prepared;
    held.set(false);
    if let Some(element) = handle.root().dyn_ref::<HtmlElement>() {
        let _ = element.style().remove_property("content-visibility");
    }
    // The finish is announced (events and the funnel beacon) in the next
    // task, so it never delays the frame that shows the result; nothing
    // the visitor can do on the result comes before it.
    Timeout::new(0, move || {
        (FULL_ENDING.finishing)(&*edges, &BANK, &before, false);
    })
    .forget();
    // The start app saved this visit at the result before handing over.
    if let Some(heading) = handle
        .root()
        .query_selector(".rq-title")
        .ok()
        .flatten()
        .and_then(|h| h.dyn_into::<HtmlElement>().ok())
    {
        let _ = heading.focus();
    }
    Some(handle)
}

/// Stops drawing ahead for `host`, and drops what was drawn: the full
/// module draws the widget from now on.
pub fn stop_watching(host: &Element) {
    WATCHED.with_borrow_mut(|watched| watched.retain(|w| w.host != *host));
    if let Some(stale) = take(host) {
        stale.handle.unmount();
    }
}

/// Takes the drawing made ahead for `host` out of the list.
fn take(host: &Element) -> Option<Prepared> {
    PREPARED.with_borrow_mut(|prepared| {
        let at = prepared.iter().position(|p| p.host == *host)?;
        Some(prepared.remove(at))
    })
}
