//! The start module's hand-over to the full module, in headless Chromium:
//! the start app is replaced by the full widget at the last answer, focus
//! follows the visitor, and a full module that fails to load leaves the
//! answers saved and offers to try again.
//!
//! Both modules' code is in this test binary, so the loader handed to the
//! start module is a JavaScript function whose `mountAfterStart` calls the
//! library's own `mount_after_start`, as the full module's export does.

#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use role_quiz_core::content::BANK;
use role_quiz_core::progress;
use role_quiz_core::session::{Action, MeasuresView, Perspective, Session, Step};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

mod common;
use common::{choose, click_button, document, fresh_root, remove_root, sleep, storage, wait_until};

wasm_bindgen_test_configure!(run_in_browser);

/// Lets the app render and the loader's promise settle.
async fn settle() {
    for _ in 0..4 {
        yew::scheduler::flush().await;
        let tick = Promise::resolve(&JsValue::NULL);
        wasm_bindgen_futures::JsFuture::from(tick).await.unwrap();
    }
}

/// A session with every question answered, on the last (measures) step.
fn at_the_last_question() -> Session {
    let mut s = Session::new(&BANK);
    s.apply(&BANK, Action::Begin);
    s.apply(&BANK, Action::ChoosePerspective(Perspective::Manager));
    s.apply(&BANK, Action::Next);
    s.apply(&BANK, Action::Next);
    for _ in BANK.items {
        s.apply(&BANK, Action::Answer(4));
        s.apply(&BANK, Action::Next);
    }
    s.apply(&BANK, Action::ChooseMeasures(MeasuresView::Right));
    assert_eq!(s.step, Step::Measures);
    s
}

/// A loader for the start module: rejects while `fail` is set, otherwise
/// resolves to an object with `mountAfterStart`, and counts its calls.
fn loader(fail: Rc<Cell<bool>>, calls: Rc<Cell<u32>>) -> Function {
    let mount =
        Closure::<dyn FnMut(Element, Element, JsValue, JsValue, bool, bool) -> JsValue>::new(
            |host: Element,
             container: Element,
             _base: JsValue,
             line: JsValue,
             moved: bool,
             checked: bool| {
                let handle = role_quiz::mount_after_start(
                    &host,
                    &container,
                    None,
                    line.as_string().as_deref(),
                    moved,
                    checked,
                );
                // Like the full module's `EmbeddedWidget`: `destroy` unmounts.
                let handle = std::cell::RefCell::new(Some(handle));
                let destroy = Closure::<dyn FnMut()>::new(move || {
                    if let Some(handle) = handle.borrow_mut().take() {
                        handle.unmount();
                    }
                })
                .into_js_value();
                let widget = Object::new();
                Reflect::set(&widget, &"destroy".into(), &destroy).unwrap();
                widget.into()
            },
        )
        .into_js_value();
    let module = Object::new();
    Reflect::set(&module, &"mountAfterStart".into(), &mount).unwrap();
    Closure::<dyn FnMut() -> Promise>::new(move || {
        calls.set(calls.get() + 1);
        if fail.get() {
            Promise::reject(&"offline".into())
        } else {
            Promise::resolve(&JsValue::from(module.clone()))
        }
    })
    .into_js_value()
    .unchecked_into()
}

/// Answers in the start app up to the last question, as a visitor does:
/// a manager, no title, "agree" to every statement, the measures fit.
async fn answer_up_to_the_last_question(root: &Element) {
    click_button(root, "Start the role check");
    settle().await;
    choose(root, 1);
    click_button(root, "Next");
    settle().await;
    click_button(root, "Next");
    settle().await;
    for _ in BANK.items {
        choose(root, 3);
        click_button(root, "Next");
        settle().await;
    }
    choose(root, 0);
    settle().await;
}

#[wasm_bindgen_test]
async fn the_full_widget_takes_over_at_the_last_answer_and_a_failed_load_can_be_retried() {
    let root = fresh_root("handover");
    let key = "role-quiz:progress:handover";
    let session = at_the_last_question();
    let (fail, calls) = (Rc::new(Cell::new(true)), Rc::new(Cell::new(0)));
    let handle =
        role_quiz::start::mount_start(&root, &root, None, loader(fail.clone(), calls.clone()));
    settle().await;
    assert_eq!(calls.get(), 0, "nothing is loaded before the visitor moves");
    answer_up_to_the_last_question(&root).await;
    assert!(
        root.query_selector("fieldset").unwrap().is_some(),
        "the last question is on screen"
    );

    click_button(&root, "See the result");
    settle().await;
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("a failed load is said");
    assert!(alert
        .text_content()
        .unwrap()
        .contains("could not be loaded"));
    let saved = storage()
        .get_item(key)
        .unwrap()
        .expect("the answers stay saved");
    let restored = progress::decode(&BANK, &saved).unwrap();
    assert_eq!(restored.answers, session.answers);
    assert_eq!(restored.step, Step::Result);

    fail.set(false);
    click_button(&root, "Try again");
    settle().await;
    let heading = root.query_selector("h2").unwrap().expect("a heading");
    assert_eq!(heading.text_content().unwrap(), "Where this role sits");
    let focused = document().active_element().unwrap();
    assert_eq!(focused, heading, "focus follows the visitor to the result");
    assert!(calls.get() >= 2, "the failed load was tried again");
    handle.destroy();
    assert_eq!(root.child_element_count(), 0);
    remove_root(root);
}

/// A visitor who comes back to saved answers made a move on the earlier
/// visit, which fetched the full module: it reads their progress at once,
/// with a status line meanwhile, and shows the step they left.
#[wasm_bindgen_test]
async fn saved_progress_is_handed_to_the_full_module_at_once() {
    let root = fresh_root("handover-resume");
    let key = "role-quiz:progress:handover-resume";
    storage()
        .set_item(key, &progress::encode(&BANK, &at_the_last_question()))
        .unwrap();
    let (fail, calls) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(0)));
    let handle = role_quiz::start::mount_start(&root, &root, None, loader(fail, calls.clone()));
    let status = root
        .query_selector("[role=status]")
        .unwrap()
        .expect("a status line while the full module loads");
    assert_eq!(
        status.text_content().unwrap(),
        "Opening the role check you started…"
    );
    settle().await;
    assert_eq!(calls.get(), 1, "the full module is loaded at once, once");
    assert!(
        root.query_selector("fieldset").unwrap().is_some(),
        "the full widget shows the last question again"
    );
    click_button(&root, "See the result");
    settle().await;
    assert_eq!(
        root.query_selector("h2")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Where this role sits"
    );
    handle.destroy();
    remove_root(root);
}

#[wasm_bindgen_test]
async fn the_first_move_starts_loading_the_full_module() {
    let root = fresh_root("handover-prefetch");
    let (fail, calls) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(0)));
    let handle = role_quiz::start::mount_start(&root, &root, None, loader(fail, calls.clone()));
    settle().await;
    assert_eq!(calls.get(), 0, "the start screen loads nothing more");
    click_button(&root, "Start the role check");
    settle().await;
    assert_eq!(calls.get(), 1, "starting loads the full module, once");
    handle.destroy();
    remove_root(root);
}

/// The full module's rehearsal of a result (`warm_up`): it draws a whole
/// result where nobody sees it, removes it in the next task, and tells the
/// page nothing: no events, no `dataLayer` entries, no saved progress.
#[wasm_bindgen_test]
async fn the_rehearsal_draws_a_result_off_the_page_and_tells_the_page_nothing() {
    use role_quiz_core::events::{WidgetEvent, PREFIX};

    let heard = Rc::new(Cell::new(0));
    let listeners: Vec<_> = WidgetEvent::NAMES
        .iter()
        .map(|name| {
            let heard = heard.clone();
            gloo_events::EventListener::new(&document(), format!("{PREFIX}{name}"), move |_| {
                heard.set(heard.get() + 1)
            })
        })
        .collect();
    let window = web_sys::window().unwrap();
    let layer = js_sys::Array::new();
    Reflect::set(&window, &"dataLayer".into(), &layer).unwrap();
    let stored_before = storage().length().unwrap();
    let body_before = document().body().unwrap().inner_html();

    let stage = document().create_element("div").unwrap();
    role_quiz::warm_up_in(stage.clone());
    settle().await;
    let texts = role_quiz_core::content::texts_for("en");
    let drawn = stage.text_content().unwrap_or_default();
    assert!(
        drawn.contains(texts.ui.result_title),
        "the rehearsal draws the result: {drawn}"
    );
    assert!(
        stage.query_selector("svg").unwrap().is_some(),
        "with its picture"
    );

    // Removed in the next task.
    sleep(10).await;
    settle().await;
    assert_eq!(stage.child_element_count(), 0, "and drops it again");

    assert_eq!(heard.get(), 0, "no event reaches the page");
    assert_eq!(layer.length(), 0, "nothing reaches dataLayer");
    assert_eq!(
        storage().length().unwrap(),
        stored_before,
        "nothing is saved"
    );
    assert_eq!(
        document().body().unwrap().inner_html(),
        body_before,
        "the page is untouched"
    );
    drop(listeners);
    Reflect::delete_property(&window, &"dataLayer".into()).unwrap();
}

/// How often the tests look for what the page's idle moments bring (the
/// result drawn ahead), in milliseconds.
const IDLE_STEP: i32 = 20;

/// A loader that, like `embed.js` and the demo page's script, tells the
/// full module which widget it arrives for (`checkSettings`), so it draws
/// the result ahead.
fn watching_loader(calls: Rc<Cell<u32>>) -> Function {
    let inner = loader(Rc::new(Cell::new(false)), calls);
    Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |host: JsValue| {
        if let Some(host) = host.dyn_ref::<Element>() {
            role_quiz::draw_result_ahead(host, None);
        }
        inner.call0(&JsValue::NULL).unwrap()
    })
    .into_js_value()
    .unchecked_into()
}

/// The result drawn ahead beside the widget in `root`, once it is drawn.
fn drawn_ahead(root: &Element) -> Option<Element> {
    root.next_element_sibling()
        .filter(|e| e.query_selector(".rq-title").unwrap().is_some())
}

/// Counts the widget's events by name while it lives.
struct Heard {
    counts: Rc<std::cell::RefCell<std::collections::HashMap<&'static str, u32>>>,
    _listeners: Vec<gloo_events::EventListener>,
}

impl Heard {
    fn new() -> Heard {
        use role_quiz_core::events::{WidgetEvent, PREFIX};
        let counts: Rc<std::cell::RefCell<std::collections::HashMap<&'static str, u32>>> =
            Rc::default();
        let _listeners = WidgetEvent::NAMES
            .iter()
            .map(|name| {
                let counts = counts.clone();
                gloo_events::EventListener::new(&document(), format!("{PREFIX}{name}"), move |_| {
                    *counts.borrow_mut().entry(name).or_default() += 1
                })
            })
            .collect();
        Heard { counts, _listeners }
    }

    fn of(&self, name: &str) -> u32 {
        self.counts.borrow().get(name).copied().unwrap_or(0)
    }
}

fn content_visibility(element: &Element) -> String {
    web_sys::window()
        .unwrap()
        .get_computed_style(element)
        .unwrap()
        .unwrap()
        .get_property_value("content-visibility")
        .unwrap()
}

/// On the last question with an answer chosen, the full module draws the
/// result ahead beside the widget, hidden, telling the page nothing; "See
/// the result" then shows that very drawing, announces the finish once,
/// and moves focus to it. A changed answer is drawn again; unmounting
/// removes the drawing.
#[wasm_bindgen_test]
async fn the_result_is_drawn_ahead_hidden_and_shown_at_the_last_answer() {
    let root = fresh_root("ahead");
    let key = "role-quiz:progress:ahead";
    let heard = Heard::new();
    let calls = Rc::new(Cell::new(0));
    let handle = role_quiz::start::mount_start(&root, &root, None, watching_loader(calls));
    settle().await;
    answer_up_to_the_last_question(&root).await;

    let ahead = || drawn_ahead(&root);
    assert!(
        wait_until(|| ahead().is_some(), IDLE_STEP).await,
        "the result is drawn ahead after the last answer is chosen"
    );
    let drawn = ahead().unwrap();
    assert_eq!(content_visibility(&drawn), "hidden", "and kept from view");
    assert_eq!(heard.of("complete"), 0, "nothing is announced ahead");
    let saved = progress::decode(&BANK, &storage().get_item(key).unwrap().unwrap()).unwrap();
    assert_eq!(saved.step, Step::Measures, "and nothing saved ahead");

    // Another answer to the last question: drawn again, the first drawing gone.
    choose(&root, 1);
    settle().await;
    assert!(
        wait_until(|| ahead().is_some_and(|e| e != drawn), IDLE_STEP).await,
        "a changed answer is drawn again"
    );
    assert!(
        drawn.parent_node().is_none(),
        "the stale drawing is removed"
    );
    let drawn = ahead().unwrap();
    let title = drawn.query_selector(".rq-title").unwrap().unwrap();

    click_button(&root, "See the result");
    settle().await;
    assert_eq!(
        document().query_selector_all(".rq-title").unwrap().length(),
        1,
        "one result on the page"
    );
    assert!(
        title.is_connected() && ahead().as_ref() == Some(&drawn),
        "the result drawn ahead is the one shown"
    );
    assert_eq!(content_visibility(&drawn), "visible");
    assert_eq!(
        document().active_element().unwrap(),
        title,
        "focus follows the visitor to the result"
    );
    assert_eq!(root.child_element_count(), 0, "the start app is gone");
    let saved = progress::decode(&BANK, &storage().get_item(key).unwrap().unwrap()).unwrap();
    assert_eq!(saved.step, Step::Result);
    assert_eq!(
        saved.measures,
        Some(MeasuresView::ALL[1]),
        "with the changed answer"
    );
    assert!(
        wait_until(|| heard.of("complete") > 0, IDLE_STEP).await,
        "the finish is announced"
    );
    assert_eq!(heard.of("complete"), 1, "once");
    assert_eq!(
        heard.of("view"),
        1,
        "the visit is seen once, by the start app"
    );

    handle.destroy();
    assert!(
        drawn.parent_node().is_none(),
        "unmounting removes the result"
    );
    remove_root(root);
}

/// A visitor who changes their answer and presses "See the result" before
/// the page is idle again gets the result of the answers they gave, drawn
/// at once; the drawing made for the earlier answer is dropped.
#[wasm_bindgen_test]
async fn a_result_drawn_for_other_answers_is_dropped_at_the_last_answer() {
    let root = fresh_root("ahead-stale");
    let key = "role-quiz:progress:ahead-stale";
    let calls = Rc::new(Cell::new(0));
    let handle = role_quiz::start::mount_start(&root, &root, None, watching_loader(calls));
    settle().await;
    answer_up_to_the_last_question(&root).await;
    let ahead = || drawn_ahead(&root);
    assert!(wait_until(|| ahead().is_some(), IDLE_STEP).await);
    let drawn = ahead().unwrap();

    choose(&root, 2);
    settle().await;
    click_button(&root, "See the result");
    settle().await;
    assert!(
        drawn.parent_node().is_none(),
        "the earlier drawing is dropped"
    );
    let heading = root
        .query_selector("h2")
        .unwrap()
        .expect("the result, drawn at once");
    assert_eq!(heading.text_content().unwrap(), "Where this role sits");
    assert_eq!(document().active_element().unwrap(), heading);
    assert_eq!(
        document().query_selector_all(".rq-title").unwrap().length(),
        1,
        "one result on the page"
    );
    let saved = progress::decode(&BANK, &storage().get_item(key).unwrap().unwrap()).unwrap();
    assert_eq!(saved.measures, Some(MeasuresView::ALL[2]));

    handle.destroy();
    remove_root(root);
}

#[wasm_bindgen_test]
async fn a_result_drawn_ahead_for_a_widget_taken_off_the_page_goes_when_another_widget_comes() {
    let root = fresh_root("ahead-removed");
    let calls = Rc::new(Cell::new(0));
    let handle = role_quiz::start::mount_start(&root, &root, None, watching_loader(calls.clone()));
    settle().await;
    answer_up_to_the_last_question(&root).await;
    assert!(wait_until(|| drawn_ahead(&root).is_some(), IDLE_STEP).await);
    let drawn = drawn_ahead(&root).unwrap();

    // A page that swaps its widgets takes this one off and puts another on.
    handle.destroy();
    remove_root(root);
    assert!(drawn.is_connected(), "the hidden drawing beside it stays");
    let next = fresh_root("ahead-next");
    let next_handle = role_quiz::start::mount_start(&next, &next, None, watching_loader(calls));
    settle().await;
    click_button(&next, "Start the role check");
    settle().await;
    choose(&next, 1);
    settle().await;
    assert!(
        wait_until(|| drawn.parent_node().is_none(), IDLE_STEP).await,
        "the drawing for the widget taken off is taken down with it"
    );
    assert_eq!(drawn.child_element_count(), 0, "and its app destroyed");

    next_handle.destroy();
    remove_root(next);
}
