//! The one primary call to action: book a full alignment study, by the
//! configured booking link or else by phone.

use role_quiz_core::template::fill;
use yew::prelude::*;

use crate::shared::use_shared;

#[function_component]
pub fn CallToAction() -> Html {
    let shared = use_shared();
    let ui = shared.texts.ui;
    let config = &shared.config;
    let phone = &config.contact_phone;
    let call = |template: &str| {
        html! { <a class="rq-link" href={phone.tel.clone()}>{ fill(template, &[("phone", &phone.display)]) }</a> }
    };
    html! {
        <section class="rq-section rq-cta">
            <h3 class="rq-subtitle">{ ui.cta_title }</h3>
            <p>{ ui.cta_text }</p>
            <div class="rq-actions">
                if let Some(url) = &config.booking_url {
                    <a class="rq-button rq-primary" href={url.clone()} target="_blank" rel="noopener">{ ui.cta_book_button }</a>
                } else {
                    <a class="rq-button rq-primary" href={phone.tel.clone()}>{ ui.cta_book_button }</a>
                }
            </div>
            <p class="rq-contact">
                { if config.booking_url.is_some() { call(ui.cta_call) } else { call(ui.fallback_call) } }
            </p>
            if let Some(email) = &config.contact_email {
                <p class="rq-contact">
                    <a class="rq-link" href={format!("mailto:{email}")}>{ fill(ui.cta_email, &[("email", email)]) }</a>
                </p>
            }
        </section>
    }
}
