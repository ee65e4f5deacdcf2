//! Warming the full module up while the visitor answers.
//!
//! V8 compiles a Wasm function the first time it runs, on the page's one
//! thread. The full module's result screen, and the Yew app around it, ran
//! for the first time at the visitor's last answer, so that answer paid for
//! compiling them as well as for drawing the result. So once the full
//! module has loaded (while the visitor answers) and the page is idle, it
//! draws a result once into an element that is never put in the page, and
//! drops it again: the last answer then finds that code compiled. When the
//! full module has mounted a widget by then (a link or a saved result
//! opened it at once), there is nothing left to rehearse. All of this is
//! in the full module, so the start module carries none of it.
//!
//! The rehearsal runs against [`Unplugged`] edges, which reach nothing: it
//! sends no events and no funnel reports and saves no progress.
//!
//! Drawn off the page, it warmed the code but not the browser: the result's
//! first layout still shaped all its text afresh (a trace at 4x CPU: 64 ms
//! of forced style and layout in the last answer, 23.5 of them shaping).
//! So when the loader has said where the widget is ([`rehearse_beside`]),
//! the result is laid out there once, in the widget's own styles, hidden,
//! inert and outside the accessibility tree, and removed in the next task.
//! Measured at 4x CPU on the demo page: the last answer 153 -> 76 ms
//! (medians of 5 visits, with a copy of a result laid out the same way).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use gloo_timers::callback::Timeout;
use role_quiz_core::content::BANK;
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::scoring::ANSWER_RANGE;
use role_quiz_core::session::{MeasuresView, Perspective, Session, Step};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, Node};

use crate::app::{App, AppProps, Continued};
use crate::browser::idle::when_idle;
use crate::edges::PageEdges;
use crate::full::FULL_ENDING;
use crate::link::Link;
use crate::shared::{Shared, SharedContext};

/// Whether this module has drawn a result or a widget already: two widgets
/// on one page share the full module, and once is enough.
static WARMED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Where the rehearsal lays its result out: the widget's shadow root, or
    /// the page's body; none to draw off the page.
    static PLACE: RefCell<Option<Node>> = const { RefCell::new(None) };
}

/// Has the rehearsal lay its result out beside the widget on `host`, in the
/// same styles (the loader hands the full module the widget's element as it
/// arrives: see `checkSettings`).
pub fn rehearse_beside(host: &Element) {
    let place: Option<Node> = match host.shadow_root() {
        Some(shadow) => Some(shadow.into()),
        None => host.owner_document().and_then(|d| d.body()).map(Into::into),
    };
    PLACE.with(|p| *p.borrow_mut() = place);
}

/// Rehearses a result when the page is next idle (the full module calls
/// this as it starts).
pub fn warm_up_when_idle() {
    when_idle(warm_up);
}

/// Notes that a real widget has been drawn: nothing is left to rehearse.
pub fn note_mounted() {
    WARMED.store(true, Ordering::Relaxed);
}

/// Draws a finished visit's result once, hidden beside the widget if
/// [`rehearse_beside`] has said where it is, else off the page, and drops it
/// in a later task; once per module, and not after a real widget.
fn warm_up() {
    if WARMED.swap(true, Ordering::Relaxed) {
        return;
    }
    let Some(container) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("div").ok())
    else {
        return;
    };
    if let Some(place) = PLACE.with(|p| p.borrow_mut().take()) {
        hide(&container);
        if place.append_child(&container).is_ok() {
            // Laid out once, before the rehearsal is removed in the next
            // task: the forced layout shapes its text.
            let laid_out = container.clone();
            Timeout::new(0, move || {
                laid_out.client_height();
                laid_out.remove();
            })
            .forget();
        }
    }
    warm_up_in(container);
}

/// Keeps the rehearsal out of sight, out of reach and out of the page's
/// layout: fixed far off the screen, a pixel high, invisible, inert and
/// hidden from assistive technology. Set through the CSSOM, which a strict
/// Content-Security-Policy allows (a `style` attribute it would not).
fn hide(container: &Element) {
    let _ = container.set_attribute("aria-hidden", "true");
    let _ = container.set_attribute("inert", "");
    if let Some(element) = container.dyn_ref::<HtmlElement>() {
        let style = element.style();
        for (property, value) in [
            ("position", "fixed"),
            ("top", "0"),
            ("left", "-10000px"),
            ("width", "720px"),
            ("height", "1px"),
            ("overflow", "hidden"),
            ("visibility", "hidden"),
            ("contain", "strict"),
            ("pointer-events", "none"),
        ] {
            let _ = style.set_property(property, value);
        }
    }
}

/// The rehearsal in `container`, which the caller keeps off the page (the
/// component tests look into it): drawn in a microtask, removed in the
/// next task.
pub fn warm_up_in(container: Element) {
    let shared = Shared::new(Rc::default(), "warm-up", Rc::new(Unplugged));
    let props = AppProps {
        shared: SharedContext(shared),
        session: finished_visit(),
        notice: None,
        link: Link::None,
        ending: FULL_ENDING,
        // As for a saved result on reload: no events, and no focus taken.
        continued: Continued::AsItWas,
    };
    let app = yew::Renderer::<App>::with_root_and_props(container, props).render();
    Timeout::new(0, move || app.destroy()).forget();
}

/// A visit with every question answered, the answers spread over the scale
/// so the result shows what a usual one does.
fn finished_visit() -> Session {
    let (low, high) = (*ANSWER_RANGE.start(), *ANSWER_RANGE.end());
    Session {
        step: Step::Result,
        perspective: Some(Perspective::Holder),
        answers: (0..BANK.items.len())
            .map(|n| Some(low + (n as u8 % (high - low + 1))))
            .collect(),
        measures: Some(MeasuresView::Partly),
        ..Session::new(&BANK)
    }
}

/// Edges that reach nothing, for the rehearsal.
struct Unplugged;

/// Sends nothing, saves nothing; the rest as the trait's defaults.
impl PageEdges for Unplugged {
    fn emit(&self, _event: WidgetEvent) {}

    fn save_progress(&self, _line: Option<&str>) {}

    fn forget_link_code(&self) {}

    fn now_ms(&self) -> i64 {
        0
    }
}
