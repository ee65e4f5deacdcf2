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
//! sends no events and no funnel reports, saves no progress and touches
//! nothing on the page.

use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use gloo_timers::callback::Timeout;
use role_quiz_core::config::WidgetConfig;
use role_quiz_core::content::BANK;
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::scoring::ANSWER_RANGE;
use role_quiz_core::session::{MeasuresView, Perspective, Session, Step};
use web_sys::Element;

use crate::app::{App, AppProps, Continued};
use crate::browser::idle::when_idle;
use crate::edges::PageEdges;
use crate::full::FULL_ENDING;
use crate::link::Link;
use crate::shared::{Shared, SharedContext};

/// Whether this module has drawn a result or a widget already: two widgets
/// on one page share the full module, and once is enough.
static WARMED: AtomicBool = AtomicBool::new(false);

/// Rehearses a result when the page is next idle (the full module calls
/// this as it starts).
pub fn warm_up_when_idle() {
    when_idle(warm_up);
}

/// Notes that a real widget has been drawn: nothing is left to rehearse.
pub fn note_mounted() {
    WARMED.store(true, Ordering::Relaxed);
}

/// Draws a finished visit's result once, off the page, and drops it in a
/// later task; once per module, and not after a real widget.
fn warm_up() {
    if WARMED.swap(true, Ordering::Relaxed) {
        return;
    }
    if let Some(container) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("div").ok())
    {
        warm_up_in(container);
    }
}

/// The rehearsal in `container`, which the caller keeps off the page (the
/// component tests look into it): drawn in a microtask, removed in the
/// next task.
pub fn warm_up_in(container: Element) {
    let shared = Shared::new(WidgetConfig::default(), "warm-up", Rc::new(Unplugged));
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
