//! The role-quiz widget: a Yew view over `role-quiz-core`.
//!
//! - [`mount`] puts the full widget into an element of the page, and
//!   [`start::mount_start`] its start (the two Wasm modules are described in
//!   `ending`);
//! - `app` and `state` hold the root component and its one reducer;
//! - `components` are the screens and their parts, each a thin view;
//! - `edges` says what the views need from the page, and `browser`
//!   implements it (events, storage, links, the outbox, the hand-over), with
//!   the panic fallback and the reading of attributes;
//! - the binaries (`src/main.rs` for the start module, `src/bin/full.rs`
//!   for the full one) are thin: each exports what its loader calls.

mod app;
mod browser;
mod components;
mod edges;
mod ending;
mod full;
mod link;
mod mount;
mod prepared;
mod shared;
pub mod start;
mod state;
mod warm_up;

pub use mount::{mount, mount_after_start, mount_into, WidgetHandle};
pub use prepared::watch as draw_result_ahead;
pub use warm_up::{rehearse_beside, warm_up_in, warm_up_when_idle};

/// Talc instead of Rust's default Wasm allocator (dlmalloc): the same job in
/// fewer bytes, and faster. Measured in the start module: see README,
/// "Benchmark".
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Sends the leads waiting in this browser's outbox (the start module asks
/// the full module to, when there are some).
pub fn flush_outbox() {
    browser::outbox::flush_in_background();
}

/// Reports what is malformed in the settings of the widget on `host`, which
/// the start module reads silently (the start module's loader asks the full
/// module to, as soon as it has loaded).
pub fn report_settings(host: &web_sys::Element) {
    browser::attributes::report_settings(host);
}
