//! Component tests in headless Chromium (wasm-bindgen-test).
//!
//! All tests of this binary share one page and its localStorage, so each
//! mounts into its own element with its own `id` and cleans up after itself.

#![cfg(target_arch = "wasm32")]

use role_quiz_core::content::BANK;
use role_quiz_core::progress;
use role_quiz_core::session::{Action, MeasuresView, Perspective, Session};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

mod common;
use common::{choose, click_button, document, storage, wait_until};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the page, with the given attributes.
fn host(id: &str, attributes: &[(&str, &str)]) -> Element {
    let el = document().create_element("div").unwrap();
    el.set_id(id);
    for (k, v) in attributes {
        el.set_attribute(k, v).unwrap();
    }
    document().body().unwrap().append_child(&el).unwrap();
    storage()
        .remove_item(&format!("role-quiz:progress:{id}"))
        .unwrap();
    el
}

async fn settle() {
    yew::scheduler::flush().await;
}

fn find(root: &Element, selector: &str) -> Option<HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.unchecked_into())
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector)
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

fn focused(root: &Element) -> String {
    document()
        .active_element()
        .filter(|a| root.contains(Some(a)))
        .map(|a| a.text_content().unwrap_or_default())
        .unwrap_or_default()
}

fn finished_session() -> Session {
    let mut s = Session::new(&BANK);
    s.apply(&BANK, Action::Begin);
    s.apply(&BANK, Action::ChoosePerspective(Perspective::Holder));
    s.apply(&BANK, Action::Next);
    s.apply(&BANK, Action::SetTitle("Marketing Manager".into()));
    s.apply(&BANK, Action::Next);
    for item in BANK.items {
        let sales_pole = if item.key() == role_quiz_core::Pole::Sales {
            5
        } else {
            1
        };
        s.apply(&BANK, Action::Answer(sales_pole));
        s.apply(&BANK, Action::Next);
    }
    s.apply(&BANK, Action::ChooseMeasures(MeasuresView::Wrong));
    s.apply(&BANK, Action::Next);
    s
}

#[wasm_bindgen_test]
async fn renders_the_start_screen_inside_its_own_element() {
    let root = host("start", &[]);
    let handle = role_quiz::mount(&root);
    settle().await;
    assert_eq!(
        text(&root, "h2"),
        "Is this role marketing or sales at heart?"
    );
    assert!(
        find(&root, ".rq").is_some(),
        "the widget renders inside the element it was given"
    );
    assert!(text(&root, ".rq-lead")
        .contains(&format!("Answer {} short questions", BANK.items.len() + 3)));
    assert_eq!(
        document()
            .body()
            .unwrap()
            .query_selector(":scope > .rq")
            .unwrap(),
        None,
        "nothing on body"
    );
    handle.destroy();
    assert_eq!(root.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn moving_on_needs_an_answer_and_moves_focus_to_the_next_heading() {
    let root = host("steps", &[]);
    let handle = role_quiz::mount(&root);
    settle().await;
    click_button(&root, "Start the role check");
    settle().await;
    let total = BANK.items.len() + 3;
    assert_eq!(focused(&root), format!("Question 1 of {total}"));
    assert_eq!(text(&root, "legend"), "Who is answering?");

    click_button(&root, "Next");
    settle().await;
    assert_eq!(
        text(&root, "[role=alert]"),
        "Choose one answer to continue."
    );
    let fieldset = find(&root, "fieldset").unwrap();
    let described = fieldset
        .get_attribute("aria-describedby")
        .unwrap_or_default();
    let problem_id = find(&root, "[role=alert]").unwrap().id();
    assert!(
        described.split(' ').any(|id| id == problem_id),
        "the problem describes the group"
    );
    let active = document().active_element().unwrap();
    assert_eq!(
        active.get_attribute("type").as_deref(),
        Some("radio"),
        "focus returns to the answers"
    );

    choose(&root, 1);
    settle().await;
    assert_eq!(find(&root, "[role=alert]"), None);
    click_button(&root, "Next");
    settle().await;
    assert_eq!(focused(&root), format!("Question 2 of {total}"));
    assert!(find(&root, "input[type=text]").is_some());
    let saved = storage()
        .get_item("role-quiz:progress:steps")
        .unwrap()
        .unwrap();
    assert!(
        saved.contains("p=m"),
        "the manager's perspective is saved: {saved}"
    );

    click_button(&root, "Back");
    settle().await;
    let radios = root.query_selector_all("input[type=radio]").unwrap();
    let manager: HtmlInputElement = radios.item(1).unwrap().unchecked_into();
    assert!(manager.checked(), "back shows the earlier answer");
    handle.destroy();
}

/// Each statement shows its own answer, and an unanswered one none, going
/// forward and back (whether its radio group is built anew or redrawn in
/// place: see `question_screen.rs`).
#[wasm_bindgen_test]
async fn each_statement_shows_only_its_own_answer_forward_and_back() {
    let root = host("answers", &[]);
    let handle = role_quiz::mount(&root);
    settle().await;
    click_button(&root, "Start the role check");
    settle().await;
    choose(&root, 0);
    click_button(&root, "Next");
    settle().await;
    click_button(&root, "Next"); // the title may stay empty
    settle().await;

    let checked = |root: &Element| -> Vec<u32> {
        let radios = root.query_selector_all("input[type=radio]").unwrap();
        (0..radios.length())
            .filter(|n| {
                radios
                    .item(*n)
                    .unwrap()
                    .unchecked_into::<HtmlInputElement>()
                    .checked()
            })
            .collect()
    };
    let go = |label: &'static str| {
        let root = root.clone();
        async move {
            click_button(&root, label);
            settle().await;
            text(&root, "legend")
        }
    };

    let first = text(&root, "legend");
    choose(&root, 1);
    settle().await;
    let second = go("Next").await;
    assert_ne!(first, second, "moved to the next statement");
    assert_eq!(
        checked(&root),
        Vec::<u32>::new(),
        "a new statement starts unanswered"
    );
    choose(&root, 3);
    settle().await;
    let third = go("Next").await;
    assert_eq!(
        checked(&root),
        Vec::<u32>::new(),
        "the third starts unanswered"
    );

    assert_eq!(go("Back").await, second);
    assert_eq!(checked(&root), [3], "the second statement's answer, alone");
    assert_eq!(go("Back").await, first);
    assert_eq!(checked(&root), [1], "the first statement's answer, alone");
    assert_eq!(go("Next").await, second);
    assert_eq!(checked(&root), [3]);
    assert_eq!(go("Next").await, third);
    assert_eq!(checked(&root), Vec::<u32>::new());
    handle.destroy();
}

#[wasm_bindgen_test]
async fn two_instances_keep_separate_progress() {
    let (a, b) = (host("first", &[]), host("second", &[]));
    let (ha, hb) = (role_quiz::mount(&a), role_quiz::mount(&b));
    settle().await;
    click_button(&a, "Start the role check");
    settle().await;
    choose(&a, 0);
    click_button(&a, "Next");
    settle().await;
    assert!(find(&a, "input[type=text]").is_some());
    assert_eq!(
        text(&b, "h2"),
        "Is this role marketing or sales at heart?",
        "the other widget did not move"
    );
    assert!(storage()
        .get_item("role-quiz:progress:second")
        .unwrap()
        .is_none());
    ha.destroy();
    hb.destroy();

    // Mounting the first again resumes it; the second starts fresh.
    let again = role_quiz::mount(&a);
    settle().await;
    assert!(
        find(&a, "input[type=text]").is_some(),
        "resumed at the title question"
    );
    again.destroy();
}

#[wasm_bindgen_test]
async fn a_saved_result_is_shown_with_picture_number_and_flags() {
    let root = host("result", &[("booking-url", "https://example.com/book")]);
    storage()
        .set_item(
            "role-quiz:progress:result",
            &progress::encode(&BANK, &finished_session()),
        )
        .unwrap();
    let handle = role_quiz::mount(&root);
    settle().await;
    assert_eq!(text(&root, ".rq-band-name"), "Strongly sales");
    assert!(text(&root, ".rq-position").starts_with("Position 100 out of 100"));
    let svg = find(&root, "svg.rq-spectrum").unwrap();
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert!(svg
        .get_attribute("aria-label")
        .unwrap()
        .contains("This role is at 100"));
    let flags: Vec<String> = {
        let list = root.query_selector_all("[data-flag]").unwrap();
        (0..list.length())
            .map(|n| {
                list.item(n)
                    .unwrap()
                    .unchecked_into::<Element>()
                    .get_attribute("data-flag")
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(flags, ["title_mismatch", "measures_doubted"]);
    assert_eq!(
        root.query_selector_all(".rq-facet").unwrap().length(),
        BANK.facets.len() as u32
    );
    let book = find(&root, ".rq-cta a.rq-primary").unwrap();
    assert_eq!(
        book.get_attribute("href").as_deref(),
        Some("https://example.com/book")
    );
    assert_eq!(
        focused(&root),
        "",
        "a restored result does not steal focus from the page"
    );

    click_button(&root, "Start again");
    settle().await;
    assert_eq!(text(&root, "legend"), "Who is answering?");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn malformed_settings_fall_back_to_their_defaults() {
    let root = host(
        "settings",
        &[
            ("booking-url", "javascript:alert(1)"),
            ("contact-phone", "call us"),
        ],
    );
    storage()
        .set_item(
            "role-quiz:progress:settings",
            &progress::encode(&BANK, &finished_session()),
        )
        .unwrap();
    let handle = role_quiz::mount(&root);
    settle().await;
    let book = find(&root, ".rq-cta a.rq-primary").unwrap();
    assert_eq!(
        book.get_attribute("href").as_deref(),
        Some("tel:+16177199530")
    );
    assert!(text(&root, ".rq-contact").contains("+1-617-719-9530"));
    handle.destroy();
}

#[wasm_bindgen_test]
async fn unreadable_saved_progress_starts_fresh_and_says_so() {
    let root = host("corrupt", &[]);
    storage()
        .set_item("role-quiz:progress:corrupt", "rq1;a=w1:7")
        .unwrap();
    let handle = role_quiz::mount(&root);
    settle().await;
    assert_eq!(
        text(&root, "[role=status]"),
        "Saved answers from an earlier visit could not be read, so the check starts fresh."
    );
    assert_eq!(
        text(&root, "h2"),
        "Is this role marketing or sales at heart?"
    );
    assert!(storage()
        .get_item("role-quiz:progress:corrupt")
        .unwrap()
        .is_none());
    handle.destroy();
}

#[wasm_bindgen_test]
async fn progress_saved_under_the_first_bank_is_refused_as_another_version() {
    let root = host("old-bank", &[]);
    storage()
        .set_item(
            "role-quiz:progress:old-bank",
            "rq1;b=1;s=item:w3;p=h;a=w1:5.w2:4",
        )
        .unwrap();
    let handle = role_quiz::mount(&root);
    settle().await;
    assert_eq!(
        text(&root, "[role=status]"),
        "Saved answers from an earlier visit belong to an earlier version of these questions, so the check starts fresh."
    );
    assert!(storage()
        .get_item("role-quiz:progress:old-bank")
        .unwrap()
        .is_none());
    handle.destroy();
}

#[wasm_bindgen_test]
async fn agreeing_with_everything_shows_the_response_style_note_and_no_both() {
    let root = host("yes-sayer", &[]);
    let mut session = finished_session();
    session.answers = vec![Some(5); BANK.items.len()];
    storage()
        .set_item(
            "role-quiz:progress:yes-sayer",
            &progress::encode(&BANK, &session),
        )
        .unwrap();
    let handle = role_quiz::mount(&root);
    settle().await;
    assert_eq!(text(&root, ".rq-band-name"), "Hybrid: both at once");
    assert_eq!(
        find(&root, ".rq-response-style")
            .and_then(|e| e.get_attribute("data-style"))
            .as_deref(),
        Some("agreeing")
    );
    assert!(text(&root, ".rq-response-style").contains("including ones that point opposite ways"));
    assert!(!text(&root, ".rq-demand").contains("asks a lot of both sides"));
    // The shaded "both" corner is explained beside the map, whatever the role.
    assert!(find(&root, ".rq-quadrant-both").is_some());
    assert!(text(&root, ".rq-axes").contains("Shaded: a role that asks for both at once"));
    assert!(
        text(&root, ".rq-band-odds").starts_with("About "),
        "the band comes with its likelihood"
    );
    handle.destroy();
}

/// Types `value` into the form field labelled `label`, as an input event.
fn type_into(root: &Element, label: &str, value: &str) {
    let labels = root.query_selector_all("label").unwrap();
    for n in 0..labels.length() {
        let l: web_sys::HtmlLabelElement = labels.item(n).unwrap().unchecked_into();
        if l.text_content().unwrap_or_default().trim() == label {
            let input: HtmlInputElement = document()
                .get_element_by_id(&l.html_for())
                .unwrap()
                .unchecked_into();
            input.set_value(value);
            let event = web_sys::InputEvent::new("input").unwrap();
            input.dispatch_event(&event).unwrap();
            return;
        }
    }
    panic!("no field labelled {label:?}");
}

#[wasm_bindgen_test]
async fn the_lead_form_names_each_problem_and_a_double_press_keeps_one_lead() {
    storage().remove_item("role-quiz:outbox").unwrap();
    // Nothing listens on port 9 here: every attempt fails and the lead waits.
    let root = host("lead", &[("lead-endpoint", "http://127.0.0.1:9/api/leads")]);
    storage()
        .set_item(
            "role-quiz:progress:lead",
            &progress::encode(&BANK, &finished_session()),
        )
        .unwrap();
    let handle = role_quiz::mount(&root);
    settle().await;
    click_button(&root, "Ask to be contacted");
    settle().await;
    click_button(&root, "Send my details");
    settle().await;
    assert_eq!(
        text(&root, ".rq-lead-form [role=alert]"),
        "Please correct the marked fields."
    );
    let focused_id = document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default();
    assert!(
        focused_id.ends_with("lead-name"),
        "focus on the first invalid field, not {focused_id:?}"
    );
    assert!(text(&root, ".rq-lead-form")
        .contains("Please tick the box so the consultancy may contact you."));
    assert!(
        storage().get_item("role-quiz:outbox").unwrap().is_none(),
        "nothing is sent"
    );

    type_into(&root, "Your name", "Grace Hopper");
    type_into(&root, "Work e-mail", "grace@example.com");
    type_into(&root, "Company", "Compilers Inc.");
    find(&root, ".rq-consent input[type=checkbox]")
        .unwrap()
        .click();
    settle().await;
    assert_eq!(
        find(&root, ".rq-lead-form [role=alert]"),
        None,
        "corrected fields lose their messages"
    );
    click_button(&root, "Send my details");
    click_button(&root, "Send my details");
    assert!(
        wait_until(
            || text(&root, ".rq-lead-status h4") == "Your details will be sent",
            50
        )
        .await,
        "{}",
        text(&root, ".rq-cta")
    );
    let outbox = storage()
        .get_item("role-quiz:outbox")
        .unwrap()
        .expect("the lead is kept");
    let outbox: serde_json::Value = serde_json::from_str(&outbox).unwrap();
    let entries = outbox["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "a double press keeps one lead");
    let body: serde_json::Value =
        serde_json::from_str(entries[0]["request"]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["schema"], "role-quiz.lead/2");
    assert_eq!(body["contact"]["name"], "Grace Hopper");
    assert_eq!(body["lead_id"], entries[0]["lead_id"]);
    storage().remove_item("role-quiz:outbox").unwrap();
    handle.destroy();
}
