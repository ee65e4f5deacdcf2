//! The flags that apply, each with its heading and explanation.

use role_quiz_core::flags::{facets_in, Flag};
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
    let (bank, texts) = (shared.bank, shared.texts());
    let facet_names = |mask: u8| {
        facets_in(bank, mask)
            .map(|id| format!("\u{201c}{}\u{201d}", texts.facet(id).map_or(id, |f| f.name)))
            .collect::<Vec<_>>()
            .join(", ")
    };
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
                    ("title_side", texts.sides.of(title_side).to_string()),
                    ("work_side", texts.sides.of(work_side).to_string()),
                ],
            ),
            Flag::YardstickMismatch {
                work_side,
                measured_side,
            } => (
                texts.flags.yardstick_mismatch,
                vec![
                    ("work_side", texts.sides.of(work_side).to_string()),
                    ("measured_side", texts.sides.of(measured_side).to_string()),
                ],
            ),
            Flag::MeasuresDoubted => (texts.flags.measures_doubted, Vec::<(&str, String)>::new()),
            Flag::FacetsSplit { marketing, sales } => (
                texts.flags.facets_split,
                vec![("marketing_facets", facet_names(marketing)), ("sales_facets", facet_names(sales))],
            ),
        };
        html! {
            <li class="rq-flag" data-flag={flag.id()}>
                <strong class="rq-flag-title">{ text.title }</strong>
                <p>{ fill(text.text, &values.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()) }</p>
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
