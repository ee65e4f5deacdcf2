//! A panic anywhere in the widget's Wasm instance replaces every widget with
//! a fallback that still offers the booking link. Its own test binary, since
//! a panic leaves the instance unusable for other tests.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn host(id: &str, attributes: &[(&str, &str)]) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("div").unwrap();
    el.set_id(id);
    for (k, v) in attributes {
        el.set_attribute(k, v).unwrap();
    }
    document.body().unwrap().append_child(&el).unwrap();
    el
}

#[wasm_bindgen_test]
async fn a_panic_shows_the_fallback_with_the_booking_link_in_every_widget() {
    let booked = host("booked", &[("booking-url", "https://example.com/book")]);
    let plain = host("plain", &[]);
    let _a = role_quiz::mount(&booked);
    let _b = role_quiz::mount(&plain);
    yew::scheduler::flush().await;
    assert!(booked.query_selector(".rq-start").unwrap().is_some());

    // Panic inside an event handler, as a bug in a component would: the
    // browser reports the error and returns control here.
    let trigger: HtmlElement = host("trigger", &[]).unchecked_into();
    let boom = Closure::<dyn Fn()>::new(|| panic!("deliberate test panic"));
    trigger
        .add_event_listener_with_callback("click", boom.as_ref().unchecked_ref())
        .unwrap();
    boom.forget();
    trigger.click();

    for (root, href) in [
        (&booked, "https://example.com/book"),
        (&plain, "tel:+16177199530"),
    ] {
        let fallback = root
            .query_selector(".rq-fallback")
            .unwrap()
            .expect("the fallback replaced the widget");
        assert_eq!(fallback.get_attribute("role").as_deref(), Some("alert"));
        let link = fallback.query_selector("a").unwrap().unwrap();
        assert_eq!(link.get_attribute("href").as_deref(), Some(href));
        assert!(
            root.query_selector(".rq-start").unwrap().is_none(),
            "the frozen widget is gone"
        );
    }
    assert!(plain
        .text_content()
        .unwrap()
        .contains("Call +1-617-719-9530"));
}
