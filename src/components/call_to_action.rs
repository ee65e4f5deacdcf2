//! The one primary call to action: book a full alignment study, by the
//! configured booking link or else by phone.

use std::rc::Rc;

use role_quiz_core::events::WidgetEvent;
use role_quiz_core::lead::{ComparisonSummary, ResultSummary};
use role_quiz_core::template::fill;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::lead_form::LeadForm;
use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct CallToActionProps {
    /// The result a lead carries.
    pub summary: Rc<ResultSummary>,
    /// Words that speak to what a comparison found, instead of the general text.
    #[prop_or_default]
    pub text: Option<AttrValue>,
    /// The comparison a lead carries, when there is one.
    #[prop_or_default]
    pub comparison: Option<Rc<ComparisonSummary>>,
}

#[function_component]
pub fn CallToAction(props: &CallToActionProps) -> Html {
    let shared = use_shared();
    let form_open = use_state(|| false);
    let opener = use_node_ref();
    let open = {
        let form_open = form_open.clone();
        Callback::from(move |_: MouseEvent| form_open.set(true))
    };
    let close = {
        let (form_open, opener) = (form_open.clone(), opener.clone());
        Callback::from(move |()| {
            form_open.set(false);
            if let Some(b) = opener.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        })
    };
    let ui = shared.texts().ui;
    let config = &shared.config;
    let phone = &config.contact_phone;
    let clicked = |target: &'static str| {
        let edges = shared.edges.clone();
        Callback::from(move |_: MouseEvent| {
            edges.emit(WidgetEvent::CtaClick {
                target: target.into(),
            })
        })
    };
    let call = |template: &str| {
        html! { <a class="rq-link" href={phone.tel.clone()} onclick={clicked("phone")}>{ fill(template, &[("phone", &phone.display)]) }</a> }
    };
    html! {
        <section class="rq-section rq-cta">
            <h3 class="rq-subtitle">{ ui.cta_title }</h3>
            <p>{ props.text.clone().unwrap_or(AttrValue::from(ui.cta_text)) }</p>
            <div class="rq-actions">
                if let Some(url) = &config.booking_url {
                    <a class="rq-button rq-primary" href={url.clone()} target="_blank" rel="noopener" onclick={clicked("booking")}>{ ui.cta_book_button }</a>
                } else {
                    <a class="rq-button rq-primary" href={phone.tel.clone()} onclick={clicked("booking")}>{ ui.cta_book_button }</a>
                }
                if !*form_open {
                    <button type="button" class="rq-button rq-secondary" ref={opener} onclick={open} aria-expanded="false">
                        { ui.lead_open_button }
                    </button>
                }
            </div>
            if *form_open {
                <LeadForm summary={props.summary.clone()} comparison={props.comparison.clone()} on_close={close} />
            }
            <p class="rq-contact">
                { if config.booking_url.is_some() { call(ui.cta_call) } else { call(ui.fallback_call) } }
            </p>
            if let Some(email) = &config.contact_email {
                <p class="rq-contact">
                    <a class="rq-link" href={format!("mailto:{email}")} onclick={clicked("email")}>{ fill(ui.cta_email, &[("email", email)]) }</a>
                </p>
            }
        </section>
    }
}
