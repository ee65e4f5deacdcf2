//! The first screen: what the check is, and a button to begin or continue.

use role_quiz_core::session::{Action, Session};
use role_quiz_core::template::fill;
use yew::prelude::*;

use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct StartScreenProps {
    pub has_progress: bool,
    /// Drawn above the title: an invited visitor's invitation.
    #[prop_or_default]
    pub invitation: Html,
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn StartScreen(props: &StartScreenProps) -> Html {
    let shared = use_shared();
    let ui = shared.start.ui;
    let count = Session::question_count(shared.bank).to_string();
    let send = |action: Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action.clone()))
    };
    let buttons = if props.has_progress {
        html! {
            <>
                <p class="rq-note">{ ui.resume_note }</p>
                <div class="rq-actions">
                    <button type="button" class="rq-button rq-primary" onclick={send(Action::Begin)}>
                        { ui.resume_button }
                    </button>
                    <button type="button" class="rq-button rq-secondary" onclick={send(Action::Restart)}>
                        { ui.start_over_button }
                    </button>
                </div>
            </>
        }
    } else {
        html! {
            <div class="rq-actions">
                <button type="button" class="rq-button rq-primary" onclick={send(Action::Begin)}>
                    { ui.start_button }
                </button>
            </div>
        }
    };
    html! {
        <div class="rq-screen rq-start">
            { props.invitation.clone() }
            <h2 class="rq-title">{ ui.start_title }</h2>
            <p class="rq-lead">{ fill(ui.start_intro, &[("count", &count)]) }</p>
            <p class="rq-note">{ ui.start_time }</p>
            { buttons }
        </div>
    }
}
