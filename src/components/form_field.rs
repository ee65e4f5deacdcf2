//! One labelled text field with its error message, wired for screen
//! readers: the message describes the field and marks it invalid.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FormFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// `text`, `email` or `tel`; ignored for a multi-line field.
    #[prop_or(AttrValue::from("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    pub maxlength: usize,
    #[prop_or_default]
    pub multiline: bool,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    pub on_input: Callback<String>,
}

#[function_component]
pub fn FormField(props: &FormFieldProps) -> Html {
    let error_id = format!("{}-error", props.id);
    let described = props.error.as_ref().map(|_| error_id.clone());
    let invalid = props.error.as_ref().map(|_| "true");
    let on_input = props.on_input.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        // Both <input> and <textarea> carry `value`; read it without caring which.
        let target: HtmlInputElement = e.target_unchecked_into();
        on_input.emit(target.value());
    });
    let field = if props.multiline {
        html! {
            <textarea
                class="rq-input rq-textarea"
                id={props.id.clone()}
                rows="4"
                maxlength={props.maxlength.to_string()}
                aria-describedby={described}
                aria-invalid={invalid}
                value={props.value.clone()}
                {oninput}
            />
        }
    } else {
        html! {
            <input
                class="rq-input"
                id={props.id.clone()}
                type={props.kind.clone()}
                autocomplete={props.autocomplete.clone()}
                maxlength={props.maxlength.to_string()}
                required={props.required}
                aria-required={props.required.then_some("true")}
                aria-describedby={described}
                aria-invalid={invalid}
                value={props.value.clone()}
                {oninput}
            />
        }
    };
    html! {
        <div class={classes!("rq-field", props.error.as_ref().map(|_| "rq-field-invalid"))}>
            <label class="rq-label" for={props.id.clone()}>{ props.label.clone() }</label>
            { field }
            if let Some(error) = &props.error {
                <p class="rq-field-error" id={error_id}>{ error.clone() }</p>
            }
        </div>
    }
}
