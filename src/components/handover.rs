//! What the start module shows after the last answer, for the moment the
//! full module takes to arrive (usually none: it was loaded while the
//! visitor answered), and if it cannot arrive, a way to try again. The
//! answers are saved before this screen appears, so nothing is lost.

use role_quiz_core::progress;
use role_quiz_core::session::Session;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct HandoverProps {
    pub session: Session,
    pub moves: u32,
}

#[function_component]
pub fn Handover(props: &HandoverProps) -> Html {
    let shared = use_shared();
    let ui = shared.start.ui;
    let attempt = use_state(|| 0u32);
    let failed = use_state(|| false);
    let focus = use_node_ref();
    {
        let (edges, bank, failed) = (shared.edges.clone(), shared.bank, failed.clone());
        let line = progress::encode(bank, &props.session);
        let moved = props.moves > 0;
        use_effect_with(*attempt, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if !edges.hand_over(line, moved).await {
                    failed.set(true);
                }
            });
        });
    }
    {
        // Focus follows the visitor here, and to the message if it fails.
        let (focus, moved) = (focus.clone(), props.moves > 0);
        use_effect_with(*failed, move |_| {
            if moved {
                if let Some(element) = focus.cast::<HtmlElement>() {
                    let _ = element.focus();
                }
            }
        });
    }
    let retry = {
        let (attempt, failed) = (attempt.clone(), failed.clone());
        Callback::from(move |_: MouseEvent| {
            failed.set(false);
            attempt.set(*attempt + 1);
        })
    };
    if *failed {
        html! {
            <div class="rq-screen rq-handover" role="alert">
                <p class="rq-lead" tabindex="-1" ref={focus}>{ ui.ending_failed }</p>
                <div class="rq-actions">
                    <button type="button" class="rq-button rq-primary" onclick={retry}>{ ui.ending_retry }</button>
                </div>
            </div>
        }
    } else {
        html! {
            <div class="rq-screen rq-handover">
                <p class="rq-lead" role="status" tabindex="-1" ref={focus}>{ ui.ending_loading }</p>
            </div>
        }
    }
}
