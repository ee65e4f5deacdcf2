//! The frame around every question: progress, the heading that receives
//! focus on each step, the problem message, and Back / Next.
//!
//! The frame is a `<form>`, so Enter anywhere in it moves on, and the radio
//! groups inside get the browser's own keyboard handling.

use role_quiz_core::session::Action;
use role_quiz_core::template::fill;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct StepFrameProps {
    /// The number of this question, from 1.
    pub number: usize,
    pub total: usize,
    /// Changes on every move; focus follows it.
    pub moves: u32,
    /// Changes on every refused move; focus returns to the first field.
    pub refusals: u32,
    pub problem: Option<AttrValue>,
    pub is_last: bool,
    pub on_action: Callback<Action>,
    pub children: Html,
}

#[function_component]
pub fn StepFrame(props: &StepFrameProps) -> Html {
    let shared = use_shared();
    let ui = shared.start.ui;
    let heading = use_node_ref();
    let form = use_node_ref();

    {
        let heading = heading.clone();
        use_effect_with(props.moves, move |moves| {
            if *moves > 0 {
                if let Some(h) = heading.cast::<HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
    {
        let form = form.clone();
        use_effect_with(props.refusals, move |refusals| {
            if *refusals > 0 {
                let field = form
                    .cast::<HtmlElement>()
                    .and_then(|f| f.query_selector("input").ok().flatten());
                if let Some(field) =
                    field.and_then(|f| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(f).ok())
                {
                    let _ = field.focus();
                }
            }
        });
    }

    let onsubmit = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_action.emit(Action::Next);
        })
    };
    let onback = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Back))
    };
    let progress = fill(
        ui.progress_label,
        &[
            ("step", &props.number.to_string()),
            ("total", &props.total.to_string()),
        ],
    );
    let problem_id = shared.id("problem");

    html! {
        <form class="rq-screen rq-step" ref={form} {onsubmit} novalidate=true>
            <div class="rq-progress">
                <h2 class="rq-step-heading" tabindex="-1" ref={heading}>{ progress.clone() }</h2>
                <progress
                    class="rq-progress-bar"
                    max={props.total.to_string()}
                    value={props.number.to_string()}
                    aria-label={progress}
                />
            </div>
            { props.children.clone() }
            if let Some(problem) = &props.problem {
                <p class="rq-problem" id={problem_id} role="alert">{ problem.clone() }</p>
            }
            <div class="rq-nav">
                <button type="button" class="rq-button rq-secondary" onclick={onback}>{ ui.back_button }</button>
                <button type="submit" class="rq-button rq-primary">
                    { if props.is_last { ui.finish_button } else { ui.next_button } }
                </button>
            </div>
        </form>
    }
}
