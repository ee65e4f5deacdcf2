//! Screens for links: a comparison opened from a link, and a link that
//! cannot be read.

use std::rc::Rc;

use role_quiz_core::flags::flags;
use role_quiz_core::lead::ResultSummary;
use role_quiz_core::link_code::{CodeError, LinkFault};
use role_quiz_core::scoring::score;
use role_quiz_core::session::Respondent;
use role_quiz_core::template::fill;
use yew::prelude::*;

use crate::components::call_to_action::CallToAction;
use crate::components::comparison::{finding_text, Compared, ComparisonView};
use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct LinkProblemProps {
    pub error: CodeError,
    pub on_fresh: Callback<()>,
}

#[function_component]
pub fn LinkProblem(props: &LinkProblemProps) -> Html {
    let shared = use_shared();
    let ui = shared.texts().ui;
    let reason = match props.error.fault() {
        LinkFault::Truncated => ui.link_error_truncated,
        LinkFault::Corrupted => ui.link_error_corrupted,
        LinkFault::OtherVersion => ui.link_error_other_version,
        LinkFault::TooLong => ui.link_error_too_long,
        LinkFault::Unreadable => ui.link_error_unreadable,
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

/// A comparison sent back: the same view both people see. It is sent back to
/// the person who invited, so their result is the one a lead carries, with
/// the comparison.
#[function_component]
pub fn ComparisonScreen(props: &ComparisonScreenProps) -> Html {
    let shared = use_shared();
    let (bank, ui) = (shared.bank, shared.texts().ui);
    let keywords = &shared.texts().title_keywords;
    // Computed once per link: the comparison, and the inviter's result that a lead carries.
    let computed = use_memo(
        (
            props.first.clone(),
            props.second.clone(),
            props.title.clone(),
        ),
        |(first, second, title)| {
            let compared = Compared::of(bank, first, second);
            let summary = score(bank, &first.answers).map(|score| {
                let flags = flags(bank, keywords, title, first.measures, &score);
                Rc::new(ResultSummary::new(bank, first, title, &score, &flags))
            });
            (compared, summary)
        },
    );
    let (compared, summary) = &*computed;
    let finding = compared
        .as_ref()
        .map(|c| AttrValue::from(finding_text(ui, &c.comparison)));
    let comparison = compared.as_ref().map(|c| c.summary.clone());
    let view = compared.as_ref().map(|c| {
        html! { <ComparisonView comparison={c.comparison.clone()} first={props.first.perspective} second={props.second.perspective} /> }
    });
    html! {
        <div class="rq-screen rq-result">
            <h2 class="rq-title">{ ui.result_title }</h2>
            if !props.title.is_empty() {
                <p class="rq-note">{ fill(ui.result_for_title, &[("title", &props.title)]) }</p>
            }
            { for view }
            if let Some(summary) = summary {
                <CallToAction summary={summary.clone()} text={finding} comparison={comparison} />
            }
            <div class="rq-actions rq-no-print">
                <button type="button" class="rq-button rq-secondary" onclick={props.on_fresh.reform(|_: MouseEvent| ())}>
                    { ui.link_start_fresh }
                </button>
            </div>
        </div>
    }
}
