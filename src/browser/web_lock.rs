//! Running a task in only one tab at a time with the Web Locks API, so two
//! open tabs never send the same queued lead at once.

use std::future::Future;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// Runs `task` while holding the lock `name`, unless another tab holds it;
/// returns whether it ran. Where Web Locks are missing (old browsers,
/// insecure pages) the task just runs: the collector's idempotency on the
/// lead id still keeps a double send from making two leads.
pub async fn run_exclusive<F>(name: &str, task: F) -> bool
where
    F: Future<Output = ()> + 'static,
{
    let locks = web_sys::window()
        .and_then(|w| Reflect::get(&w.navigator(), &JsValue::from_str("locks")).ok())
        .filter(|l| !l.is_undefined() && !l.is_null());
    let request = locks
        .as_ref()
        .and_then(|l| Reflect::get(l, &JsValue::from_str("request")).ok());
    let (Some(locks), Some(request)) = (
        locks,
        request.and_then(|r| r.dyn_into::<js_sys::Function>().ok()),
    ) else {
        task.await;
        return true;
    };
    let options = Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        if lock.is_null() {
            return Promise::resolve(&JsValue::FALSE);
        }
        future_to_promise(async move {
            task.await;
            Ok(JsValue::TRUE)
        })
    });
    match request.call3(&locks, &JsValue::from_str(name), &options, &callback) {
        Ok(promise) => match promise.dyn_into::<Promise>() {
            Ok(p) => JsFuture::from(p)
                .await
                .map(|v| v.is_truthy())
                .unwrap_or(false),
            Err(_) => false,
        },
        Err(_) => false,
    }
}
