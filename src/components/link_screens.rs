//! Screens for links: a comparison opened from a link, and a link that
//! cannot be read.

use std::rc::Rc;

use role_quiz_core::alignment::compare;
use role_quiz_core::flags::flags;
use role_quiz_core::lead::{ComparisonSummary, ResultSummary};
use role_quiz_core::link_code::CodeError;
use role_quiz_core::session::Respondent;
use role_quiz_core::session::{Session, Step};
use role_quiz_core::template::fill;
use yew::prelude::*;

use crate::components::comparison::{finding_text, ComparisonView};
use crate::components::result::CallToAction;
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

/// A comparison sent back: the same view both people see. It is sent back to
/// the person who invited, so their result is the one a lead carries, with
/// the comparison.
#[function_component]
pub fn ComparisonScreen(props: &ComparisonScreenProps) -> Html {
    let shared = use_shared();
    let (bank, ui) = (shared.bank, shared.texts.ui);
    let found = compare(bank, &props.first, &props.second);
    let finding = found.as_ref().map(|c| AttrValue::from(finding_text(ui, c)));
    let inviter = Session {
        step: Step::Result,
        perspective: Some(props.first.perspective),
        title: props.title.to_string(),
        answers: props.first.answers.clone(),
        measures: props.first.measures,
        problem: None,
    };
    let summary = inviter.score(bank).map(|score| {
        let flags = flags(
            bank,
            &shared.texts.title_keywords,
            inviter.title(),
            inviter.measures,
            &score,
        );
        Rc::new(ResultSummary::new(bank, &inviter, &score, &flags))
    });
    let comparison = found
        .as_ref()
        .map(|c| Rc::new(ComparisonSummary::new(bank, c, &props.first, &props.second)));
    html! {
        <div class="rq-screen rq-result">
            <h2 class="rq-title">{ ui.result_title }</h2>
            if !props.title.is_empty() {
                <p class="rq-note">{ fill(ui.result_for_title, &[("title", &props.title)]) }</p>
            }
            <ComparisonView first={props.first.clone()} second={props.second.clone()} />
            if let Some(summary) = summary {
                <CallToAction summary={summary} text={finding} comparison={comparison} />
            }
            <div class="rq-actions rq-no-print">
                <button type="button" class="rq-button rq-secondary" onclick={props.on_fresh.reform(|_: MouseEvent| ())}>
                    { ui.link_start_fresh }
                </button>
            </div>
        </div>
    }
}
