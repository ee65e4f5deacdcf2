//! A labelled group of radio buttons: one question with its answers.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChoiceGroupProps {
    /// The question, read as the group's name.
    pub legend: AttrValue,
    /// A line under the question, such as "how well does this describe the role?".
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The radio group's name, unique on the page.
    pub name: AttrValue,
    /// Id of the hint element (unique on the page).
    pub hint_id: AttrValue,
    /// Id of a problem message describing the group, when one is shown.
    #[prop_or_default]
    pub problem_id: Option<AttrValue>,
    pub options: Vec<AttrValue>,
    pub selected: Option<usize>,
    pub on_choose: Callback<usize>,
}

#[function_component]
pub fn ChoiceGroup(props: &ChoiceGroupProps) -> Html {
    let described_by: Vec<String> = props
        .hint
        .as_ref()
        .map(|_| props.hint_id.to_string())
        .into_iter()
        .chain(props.problem_id.as_ref().map(|p| p.to_string()))
        .collect();
    let described_by = (!described_by.is_empty()).then(|| described_by.join(" "));
    html! {
        <fieldset class="rq-choice" aria-describedby={described_by}>
            <legend class="rq-question">{ props.legend.clone() }</legend>
            if let Some(hint) = &props.hint {
                <p class="rq-hint" id={props.hint_id.clone()}>{ hint.clone() }</p>
            }
            <div class="rq-options">
                { for props.options.iter().enumerate().map(|(n, label)| {
                    let on_choose = props.on_choose.clone();
                    html! {
                        <label class="rq-option">
                            <input
                                type="radio"
                                name={props.name.clone()}
                                value={n.to_string()}
                                checked={props.selected == Some(n)}
                                onchange={Callback::from(move |_: Event| on_choose.emit(n))}
                            />
                            <span class="rq-option-label">{ label.clone() }</span>
                        </label>
                    }
                }) }
            </div>
        </fieldset>
    }
}
