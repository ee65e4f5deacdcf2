//! The widget as a page of its own (Trunk's entry point): mounts one widget
//! into every element marked `data-role-quiz`.

fn main() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(roots) = document.query_selector_all("[data-role-quiz]") else {
        return;
    };
    for n in 0..roots.length() {
        if let Some(element) = roots
            .item(n)
            .and_then(|node| wasm_bindgen::JsCast::dyn_into(node).ok())
        {
            // The page keeps the widgets for its whole life.
            std::mem::forget(role_quiz::mount(&element));
        }
    }
}
