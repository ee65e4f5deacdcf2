//! Screens for links: a comparison opened from a link, and a link that
//! cannot be read.

use std::rc::Rc;

use role_quiz_core::alignment::compare;
use role_quiz_core::link_code::{CodeError, Respondent};
use role_quiz_core::template::fill;
use yew::prelude::*;

use crate::components::comparison::{finding_text, ComparisonView};
use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct LinkProblemProps {
    pub error: CodeError,
    pub on_fresh: Callback<()>,
}

#[function_component]
pub fn LinkProblem(props: &LinkProblemProps) -> Html {
    let shared = use_shared();
    let ui = shared.texts.ui;
    let reason = match props.error.code() {
        "truncated" => ui.link_error_truncated,
        "corrupted" => ui.link_error_corrupted,
        "other_version" => ui.link_error_other_version,
        "too_long" => ui.link_error_too_long,
        _ => ui.link_error_unreadable,
    };
    html! {
        <div class="rq-screen rq-link-problem" role="alert">
            <h2 class="rq-title">{ ui.link_error_title }</h2>
            <p class="rq-lead">{ fill(ui.link_error_text, &[("reason", reason)]) }</p>
            <div class="rq-actions">
                <button type="button" class="rq-button rq-primary" onclick={props.on_fresh.reform(|_: MouseEvent| ())}>
                    { ui.link_start_fresh }
                </button>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ComparisonScreenProps {
    pub title: AttrValue,
    pub first: Rc<Respondent>,
    pub second: Rc<Respondent>,
    pub on_fresh: Callback<()>,
}

/// A comparison sent back: the same view both people see.
#[function_component]
pub fn ComparisonScreen(props: &ComparisonScreenProps) -> Html {
    let shared = use_shared();
    let ui = shared.texts.ui;
    let finding = compare(shared.bank, &props.first, &props.second).map(|c| finding_text(ui, &c));
    html! {
        <div class="rq-screen rq-result">
            <h2 class="rq-title">{ ui.result_title }</h2>
            if !props.title.is_empty() {
                <p class="rq-note">{ fill(ui.result_for_title, &[("title", &props.title)]) }</p>
            }
            <ComparisonView first={props.first.clone()} second={props.second.clone()} />
            if let Some(text) = finding {
                <section class="rq-section rq-cta">
                    <h3 class="rq-subtitle">{ ui.cta_title }</h3>
                    <p>{ text }</p>
                    <div class="rq-actions">
                        if let Some(url) = &shared.config.booking_url {
                            <a class="rq-button rq-primary" href={url.clone()} target="_blank" rel="noopener">{ ui.cta_book_button }</a>
                        } else {
                            <a class="rq-button rq-primary" href={shared.config.contact_phone.tel.clone()}>{ ui.cta_book_button }</a>
                        }
                    </div>
                </section>
            }
            <div class="rq-actions rq-no-print">
                <button type="button" class="rq-button rq-secondary" onclick={props.on_fresh.reform(|_: MouseEvent| ())}>
                    { ui.link_start_fresh }
                </button>
            </div>
        </div>
    }
}
