//! What the band means for hiring, managing and measuring the role.

use yew::prelude::*;

use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct AdviceProps {
    /// Said before the advice: why it speaks to two bands.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    pub hiring: AttrValue,
    pub managing: AttrValue,
    pub measuring: AttrValue,
}

#[function_component]
pub fn Advice(props: &AdviceProps) -> Html {
    let shared = use_shared();
    let ui = shared.texts().ui;
    let parts = [
        (ui.hiring_title, &props.hiring),
        (ui.managing_title, &props.managing),
        (ui.measuring_title, &props.measuring),
    ];
    html! {
        <section class="rq-section">
            <h3 class="rq-subtitle">{ ui.advice_title }</h3>
            if let Some(note) = &props.note {
                <p class="rq-note rq-borderline">{ note.clone() }</p>
            }
            <dl class="rq-advice">
                { for parts.iter().map(|(title, text)| html! {
                    <div class="rq-advice-part">
                        <dt>{ *title }</dt>
                        <dd>{ (*text).clone() }</dd>
                    </div>
                }) }
            </dl>
        </section>
    }
}
