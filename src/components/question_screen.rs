//! The questions: who is answering, the job title, the scored items and the
//! closing question about the measures, each inside the step frame.

use role_quiz_core::session::{
    Action, MeasuresView, Perspective, Session, Step, StepProblem, MAX_TITLE_CHARS,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::choice_group::ChoiceGroup;
use crate::components::step_frame::StepFrame;
use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct QuestionScreenProps {
    pub session: Session,
    pub moves: u32,
    pub refusals: u32,
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn QuestionScreen(props: &QuestionScreenProps) -> Html {
    let shared = use_shared();
    let (bank, texts) = (shared.bank, shared.start);
    let ui = texts.ui;
    let session = &props.session;
    let problem = session.problem.map(|p| match p {
        StepProblem::MissingAnswer => AttrValue::from(ui.choose_answer_problem),
        StepProblem::TitleTooLong => AttrValue::from(ui.title_too_long_problem),
    });
    let problem_id = problem
        .as_ref()
        .map(|_| AttrValue::from(shared.id("problem")));
    let hint_id = AttrValue::from(shared.id("hint"));
    let send = {
        let on_action = props.on_action.clone();
        move |make: fn(usize) -> Action| on_action.reform(make)
    };

    let body = match session.step {
        Step::Perspective => html! {
            <ChoiceGroup
                key="perspective"
                legend={ui.perspective_question}
                name={shared.id("perspective")}
                hint_id={hint_id}
                problem_id={problem_id}
                options={vec![
                    AttrValue::from(texts.perspectives.holder),
                    AttrValue::from(texts.perspectives.manager),
                    AttrValue::from(texts.perspectives.hiring),
                ]}
                selected={session.perspective.and_then(|p| Perspective::ALL.iter().position(|x| *x == p))}
                on_choose={send(|n| Action::ChoosePerspective(Perspective::ALL[n]))}
            />
        },
        Step::Title => {
            let input_id = shared.id("title");
            let oninput = props.on_action.reform(|e: InputEvent| {
                Action::SetTitle(e.target_unchecked_into::<HtmlInputElement>().value())
            });
            let described_by = [
                Some(hint_id.to_string()),
                problem_id.as_ref().map(|p| p.to_string()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            html! {
                <div class="rq-field">
                    <p class="rq-question">{ ui.title_question }</p>
                    <label class="rq-label" for={input_id.clone()}>{ ui.title_label }</label>
                    <p class="rq-hint" id={hint_id.clone()}>{ ui.title_hint }</p>
                    <input
                        class="rq-input"
                        id={input_id}
                        type="text"
                        autocomplete="organization-title"
                        maxlength={MAX_TITLE_CHARS.to_string()}
                        aria-describedby={described_by}
                        aria-invalid={problem_id.as_ref().map(|_| "true")}
                        value={session.title.clone()}
                        {oninput}
                    />
                </div>
            }
        }
        Step::Item(n) => {
            let item = bank.items[n];
            // A group of its own per statement (its own key and name).
            // Redrawn in place instead, with one key and one name, a move did
            // less in its own task but left the browser more work in the next
            // frame: 10.8 -> 14.4 ms in all, medians of 160 moves at 4x CPU
            // (the bench's measure), so the group is built anew. (Redrawn in
            // place, the name would have to stay the same: a checked radio
            // renamed into a group unchecks that group's answer.)
            html! {
                <ChoiceGroup
                    key={item.id}
                    legend={texts.item(item.id).unwrap_or(item.id)}
                    hint={AttrValue::from(ui.item_prompt)}
                    name={shared.id(item.id)}
                    hint_id={hint_id}
                    problem_id={problem_id}
                    options={texts.scale.iter().map(|s| AttrValue::from(*s)).collect::<Vec<_>>()}
                    selected={session.answers[n].map(|a| usize::from(a) - 1)}
                    on_choose={send(|n| Action::Answer(n as u8 + 1))}
                />
            }
        }
        Step::Measures => {
            let m = texts.measures;
            html! {
                <ChoiceGroup
                    key="measures"
                    legend={ui.measures_question}
                    name={shared.id("measures")}
                    hint_id={hint_id}
                    problem_id={problem_id}
                    options={vec![
                        AttrValue::from(m.right),
                        AttrValue::from(m.partly),
                        AttrValue::from(m.wrong),
                        AttrValue::from(m.unsure),
                    ]}
                    selected={session.measures.and_then(|v| MeasuresView::ALL.iter().position(|x| *x == v))}
                    on_choose={send(|n| Action::ChooseMeasures(MeasuresView::ALL[n]))}
                />
            }
        }
        Step::Start | Step::Result => html! {},
    };

    html! {
        <StepFrame
            number={session.question_number(bank).unwrap_or(1)}
            total={Session::question_count(bank)}
            moves={props.moves}
            refusals={props.refusals}
            problem={problem}
            is_last={session.step == Step::Measures}
            on_action={props.on_action.clone()}
        >
            { body }
        </StepFrame>
    }
}
