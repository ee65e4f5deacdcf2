//! Work put off until the page is idle, so it never lands in the frame of
//! the click that caused it.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Runs `f` once the page is idle (at most 3 s later; after 2 s where the
/// browser has no `requestIdleCallback`, as in Safari).
pub fn when_idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(f);
    let idle = Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|v| v.dyn_into::<Function>().ok());
    match idle {
        Some(request) => {
            let options = Object::new();
            let _ = Reflect::set(&options, &"timeout".into(), &JsValue::from(3000));
            let _ = request.call2(&window, &callback, &options);
        }
        None => {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                2000,
            );
        }
    }
}

/// Runs `f` once the page is idle after its next frame: work a click
/// causes then never delays the frame that shows the click, as an idle
/// period left over from before that frame could.
pub fn when_idle_after_frame(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(move || when_idle(f));
    let _ = window.request_animation_frame(callback.unchecked_ref());
}
