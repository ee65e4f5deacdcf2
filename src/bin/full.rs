//! The full module: every screen. The start module loads it while the
//! visitor answers and hands the visit over to it (`mountAfterStart`).

use role_quiz::WidgetHandle;
use wasm_bindgen::prelude::*;

/// Nothing mounts until the start module hands over; until then, once the
/// page is idle, the module rehearses a result (hidden beside the widget
/// when the loader has said where it is, else off the page) so the
/// visitor's own finds its code compiled and its text shaped (the library's
/// `warm_up`).
fn main() {
    role_quiz::warm_up_when_idle();
}

/// The full widget, as the start module keeps it.
#[wasm_bindgen]
pub struct EmbeddedWidget {
    handle: Option<WidgetHandle>,
}

#[wasm_bindgen]
impl EmbeddedWidget {
    /// Unmounts the widget; calling it again does nothing.
    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.unmount();
        }
    }
}

/// Mounts the full widget in the start module's place: `line` is the
/// visitor's progress (none to read the page afresh, as for a link),
/// `moved` says the visitor's last answer brought them here, and `checked`
/// that this module has reported the settings already (`checkSettings`).
#[wasm_bindgen(js_name = mountAfterStart)]
pub fn mount_after_start(
    host: web_sys::Element,
    container: web_sys::Element,
    widget_base: Option<String>,
    line: Option<String>,
    moved: bool,
    checked: bool,
) -> EmbeddedWidget {
    EmbeddedWidget {
        handle: Some(role_quiz::mount_after_start(
            &host,
            &container,
            widget_base.as_deref(),
            line.as_deref(),
            moved,
            checked,
        )),
    }
}

/// Sends the leads an earlier visit left in the outbox.
#[wasm_bindgen(js_name = flushOutbox)]
pub fn flush_outbox() {
    role_quiz::flush_outbox();
}

/// Called by the loader with the widget's element (and where the widget's
/// files came from, as `mountAfterStart` is given it) as this module
/// arrives while the start module draws: reports the settings that are
/// malformed (the start module reads them silently), has the rehearsal lay
/// its result out beside the widget, and draws the visitor's result ahead
/// once they are on the last question (the library's `prepared`).
#[wasm_bindgen(js_name = checkSettings)]
pub fn check_settings(host: web_sys::Element, widget_base: Option<String>) {
    role_quiz::report_settings(&host);
    role_quiz::rehearse_beside(&host);
    role_quiz::draw_result_ahead(&host, widget_base);
}
