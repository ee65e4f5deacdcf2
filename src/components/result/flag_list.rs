//! The flags that apply, each with its heading and explanation.

use role_quiz_core::flags::Flag;
use role_quiz_core::template::fill;
use yew::prelude::*;

use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct FlagListProps {
    pub flags: Vec<Flag>,
}

#[function_component]
pub fn FlagList(props: &FlagListProps) -> Html {
    let shared = use_shared();
    let texts = shared.texts;
    if props.flags.is_empty() {
        return html! {};
    }
    let items = props.flags.iter().map(|flag| {
        let (text, values) = match *flag {
            Flag::TitleMismatch {
                title_side,
                work_side,
            } => (
                texts.flags.title_mismatch,
                vec![
                    ("title_side", texts.sides.of(title_side)),
                    ("work_side", texts.sides.of(work_side)),
                ],
            ),
            Flag::YardstickMismatch {
                work_side,
                measured_side,
            } => (
                texts.flags.yardstick_mismatch,
                vec![
                    ("work_side", texts.sides.of(work_side)),
                    ("measured_side", texts.sides.of(measured_side)),
                ],
            ),
            Flag::MeasuresDoubted => (texts.flags.measures_doubted, vec![]),
        };
        html! {
            <li class="rq-flag" data-flag={flag.id()}>
                <strong class="rq-flag-title">{ text.title }</strong>
                <p>{ fill(text.text, &values) }</p>
            </li>
        }
    });
    html! {
        <section class="rq-section rq-flags">
            <h3 class="rq-subtitle">{ texts.ui.flags_title }</h3>
            <ul class="rq-flag-list">{ for items }</ul>
        </section>
    }
}
