//! The first screen: what the check is, and a button to begin or continue.

use role_quiz_core::session::{Action, Perspective, Session};
use role_quiz_core::template::fill;
use yew::prelude::*;

use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct StartScreenProps {
    pub has_progress: bool,
    /// The invitation's role title and who sent it, for an invited visitor.
    #[prop_or_default]
    pub inviter: Option<(AttrValue, Perspective)>,
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
    let invitation = props.inviter.as_ref().map(|(title, who)| {
        let inviter = match who {
            Perspective::Holder => ui.inviter_holder,
            Perspective::Manager => ui.inviter_manager,
            Perspective::Hiring => ui.inviter_hiring,
        };
        let text = if title.is_empty() {
            fill(ui.invited_text_untitled, &[("inviter", inviter)])
        } else {
            fill(ui.invited_text, &[("inviter", inviter), ("title", title)])
        };
        html! {
            <div class="rq-invited">
                <h3 class="rq-subtitle">{ ui.invited_title }</h3>
                <p>{ text }</p>
            </div>
        }
    });
    html! {
        <div class="rq-screen rq-start">
            { for invitation }
            <h2 class="rq-title">{ ui.start_title }</h2>
            <p class="rq-lead">{ fill(ui.start_intro, &[("count", &count)]) }</p>
            <p class="rq-note">{ ui.start_time }</p>
            { buttons }
        </div>
    }
}
