//! Helpers the component tests share: the page, its storage, and pressing a
//! button the way a visitor finds it, by its text.

// Each test binary uses its own part of these.
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Clicks the button whose text is `label`.
pub fn click_button(root: &Element, label: &str) {
    let buttons = root.query_selector_all("button").unwrap();
    for n in 0..buttons.length() {
        let b: HtmlElement = buttons.item(n).unwrap().unchecked_into();
        if b.text_content().unwrap_or_default().trim() == label {
            b.click();
            return;
        }
    }
    panic!("no button {label:?} in {}", root.inner_html());
}

/// Clicks the radio button at `index` in the question on screen.
pub fn choose(root: &Element, index: u32) {
    let radios = root.query_selector_all("input[type=radio]").unwrap();
    let radio: HtmlInputElement = radios.item(index).expect("radio exists").unchecked_into();
    radio.click();
}

/// Lets `ms` milliseconds pass, with the page's tasks, frames and idle
/// moments in them.
pub async fn sleep(ms: i32) {
    let done = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(done).await.unwrap();
}

/// A fresh element with `id` at the end of the page's body, with no
/// progress saved under that id.
pub fn fresh_root(id: &str) -> Element {
    let root = document().create_element("div").unwrap();
    root.set_id(id);
    document().body().unwrap().append_child(&root).unwrap();
    storage()
        .remove_item(&format!("role-quiz:progress:{id}"))
        .unwrap();
    root
}

/// Takes an element made by [`fresh_root`] off the page, with the progress
/// saved under its id.
pub fn remove_root(root: Element) {
    storage()
        .remove_item(&format!("role-quiz:progress:{}", root.id()))
        .unwrap();
    root.remove();
}

/// Waits until `done` holds, for at most five seconds, checking every
/// `pause` milliseconds after the page's tasks and Yew's renders have run.
pub async fn wait_until(mut done: impl FnMut() -> bool, pause: i32) -> bool {
    for _ in 0..5000 / pause {
        if done() {
            return true;
        }
        sleep(pause).await;
        yew::scheduler::flush().await;
    }
    done()
}
