//! The widget's start screen, and the first question a click on Start brings,
//! in the smallest Yew app that draws them: one component, one piece of
//! state. `make bench` loads it beside the widget and the hand-written page,
//! so the framework's own cost is measured in the same run rather than
//! assumed. Its markup matches `bench/reference.html`.
//!
//! With the `counter` feature it is instead the bare Yew counter the
//! performance issue names as the framework's floor (one button, one number),
//! built the same way into `target/bench-yew-counter`: `make bench` measures
//! that claim too, rather than taking it as given. Its button and heading
//! carry the same texts, so the bench's probe times it as the other pages.

use yew::prelude::*;

#[cfg(not(feature = "counter"))]
const WHO: [&str; 3] = [
    "I hold this role",
    "I manage this role",
    "I am hiring for this role",
];

#[cfg(not(feature = "counter"))]
#[function_component]
fn StartScreen() -> Html {
    let started = use_state(|| false);
    if *started {
        return html! {
            <>
                <h2 tabindex="-1">{ "Question 1 of 19" }</h2>
                <fieldset>
                    <legend>{ "Who is answering?" }</legend>
                    { for WHO.iter().map(|who| html! { <label><input type="radio" name="p" />{ " " }{ *who }</label> }) }
                </fieldset>
            </>
        };
    }
    let start = Callback::from(move |_| started.set(true));
    html! {
        <>
            <h2>{ "Is this role marketing or sales at heart?" }</h2>
            <p>
                { "Job titles often hide what a role really asks for. Answer 19 short questions about the work, \
                   the temperament it needs and how success is measured, and see where the role sits between \
                   analytical marketing and optimistic sales." }
            </p>
            <p>{ "About three minutes. Your answers stay in this browser." }</p>
            <button onclick={start}>{ "Start the role check" }</button>
        </>
    }
}

/// A counter: each press adds one, and the count is shown once there is one,
/// as "Question 1 of 19" after the first press.
#[cfg(feature = "counter")]
#[function_component]
fn Counter() -> Html {
    let count = use_state(|| 0u32);
    let add = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    html! {
        <>
            if *count > 0 { <h2>{ "Question " }{ *count }{ " of 19" }</h2> }
            <button onclick={add}>{ "Start the role check" }</button>
        </>
    }
}

fn main() {
    let Some(root) = main_element() else { return };
    #[cfg(not(feature = "counter"))]
    yew::Renderer::<StartScreen>::with_root(root).render();
    #[cfg(feature = "counter")]
    yew::Renderer::<Counter>::with_root(root).render();
}

/// The page's `<main>`, where the screen is drawn.
fn main_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.query_selector("main").ok()?
}
