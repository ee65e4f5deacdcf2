//! A link to pass on: shown in a read-only field, with a copy button and an
//! e-mail option.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct ShareLinkProps {
    pub title: AttrValue,
    pub text: AttrValue,
    pub link: AttrValue,
    pub mail_subject: AttrValue,
    pub mail_body: AttrValue,
    /// Distinguishes this field's id from other share fields.
    pub name: AttrValue,
}

#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Not,
    Yes,
    Failed,
}

#[function_component]
pub fn ShareLink(props: &ShareLinkProps) -> Html {
    let shared = use_shared();
    let ui = shared.texts().ui;
    let copied = use_state(|| Copied::Not);
    let field = use_node_ref();
    let id = shared.id(&format!("share-{}", props.name));
    let copy = {
        let (copied, field, link) = (copied.clone(), field.clone(), props.link.to_string());
        let edges = shared.edges.clone();
        Callback::from(move |_: MouseEvent| {
            let (copied, field) = (copied.clone(), field.clone());
            let copying = edges.copy_text(link.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let done = copying.await;
                if !done {
                    // Leave the link selected for the visitor to copy.
                    if let Some(input) = field.cast::<HtmlInputElement>() {
                        let _ = input.focus();
                        input.select();
                    }
                }
                copied.set(if done { Copied::Yes } else { Copied::Failed });
            });
        })
    };
    let mailto = format!(
        "mailto:?subject={}&body={}",
        js_sys::encode_uri_component(&props.mail_subject),
        js_sys::encode_uri_component(&props.mail_body)
    );
    html! {
        <section class="rq-share">
            <h4 class="rq-subtitle">{ props.title.clone() }</h4>
            <p>{ props.text.clone() }</p>
            <div class="rq-field">
                <label class="rq-label" for={id.clone()}>{ ui.compare_link_label }</label>
                <input class="rq-input rq-share-link" id={id} type="text" readonly=true value={props.link.clone()} ref={field} />
            </div>
            <div class="rq-actions">
                <button type="button" class="rq-button rq-secondary" onclick={copy}>{ ui.compare_copy_button }</button>
                <a class="rq-button rq-secondary" href={mailto}>{ ui.compare_mail_link }</a>
            </div>
            <p class="rq-note" role="status">
                { match *copied { Copied::Not => "", Copied::Yes => ui.compare_copied, Copied::Failed => ui.compare_copy_failed } }
            </p>
        </section>
    }
}
