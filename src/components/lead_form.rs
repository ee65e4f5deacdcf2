//! The lead form: contact details, consent, and delivery through the outbox.
//!
//! One reducer holds the form; the view renders it. Validation is the core's
//! (the collector runs the same rules), and so is assembling the payload;
//! delivery is the page's (`PageEdges::deliver_lead`), which keeps the lead
//! in the outbox before the first attempt, so a network failure never loses
//! it. The visitor is told whether it arrived or will be sent.

use std::rc::Rc;

use role_quiz_core::contact::MAX_EMAIL_LEN;
use role_quiz_core::delivery::{request_for, LeadFormat};
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::lead::{
    validate_contact, Channel, ComparisonSummary, Contact, Field, FieldError, FieldProblem,
    LeadDraft, LeadPayload, ResultSummary, MAX_COMPANY, MAX_MESSAGE, MAX_NAME, MAX_PHONE,
    MAX_ROLE_TITLE,
};
use role_quiz_core::template::fill;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::form_field::FormField;
use crate::edges::LeadFate;
use crate::shared::use_shared;

/// Where the form stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Editing,
    Sending,
    Sent(Channel),
    /// Kept in the outbox, to be sent when the collector can be reached.
    Queued,
    /// The destination refused it; the form stays open.
    Refused(Option<String>),
    /// Storage refused and the network failed: the visitor sends it.
    NoStorage,
}

#[derive(Clone, Debug, PartialEq)]
struct FormState {
    contact: Contact,
    consent: bool,
    /// "E-mail me my result", unticked until the visitor ticks it.
    email_result: bool,
    honeypot: String,
    errors: Vec<FieldError>,
    status: Status,
    opened_ms: i64,
    /// Counts refused submissions; focus follows it to the first invalid field.
    refusals: u32,
    /// Counts submissions that passed the checks; delivery runs once for each.
    attempts: u32,
    /// The lead's id, made at its first submission and kept for every retry,
    /// so a destination sees one lead however often it is sent.
    lead_id: Option<String>,
}

enum FormAction {
    Edit(Field, String),
    Consent(bool),
    EmailResult(bool),
    Honeypot(String),
    /// The visitor sends the form; `fresh_id` serves if the lead has no id yet.
    Submit {
        fresh_id: String,
    },
    Done(Status),
}

impl Reducible for FormState {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            FormAction::Edit(field, value) => {
                let c = &mut s.contact;
                match field {
                    Field::Name => c.name = value,
                    Field::Email => c.email = value,
                    Field::Company => c.company = value,
                    Field::RoleTitle => c.role_title = value,
                    Field::Phone => c.phone = value,
                    Field::Message => c.message = value,
                    Field::PreferredChannel => {
                        c.preferred_channel = if value == "phone" {
                            Channel::Phone
                        } else {
                            Channel::Email
                        }
                    }
                    Field::Consent => {}
                }
                // A corrected field loses its message at once.
                s.errors.retain(|e| {
                    e.field != field
                        && !(field == Field::PreferredChannel && e.field == Field::Phone)
                });
            }
            FormAction::Consent(given) => {
                s.consent = given;
                s.errors.retain(|e| e.field != Field::Consent);
            }
            FormAction::EmailResult(wanted) => s.email_result = wanted,
            FormAction::Honeypot(v) => s.honeypot = v,
            // A second press while the first is on its way changes nothing.
            FormAction::Submit { .. } if s.status == Status::Sending => return self,
            // Only robots fill the hidden field; they are told nothing useful.
            FormAction::Submit { .. } if !s.honeypot.is_empty() => {
                s.status = Status::Sent(s.contact.preferred_channel)
            }
            FormAction::Submit { fresh_id } => {
                let errors = validate_contact(&s.contact, s.consent);
                if errors.is_empty() {
                    s.lead_id.get_or_insert(fresh_id);
                    s.status = Status::Sending;
                    s.attempts += 1;
                } else {
                    s.errors = errors;
                    s.refusals += 1;
                }
            }
            FormAction::Done(status) => {
                if matches!(status, Status::Refused(_)) {
                    // Stored nowhere: a corrected lead may take a fresh id.
                    s.lead_id = None;
                }
                s.status = status;
            }
        }
        Rc::new(s)
    }
}

#[derive(Properties, PartialEq)]
pub struct LeadFormProps {
    pub summary: Rc<ResultSummary>,
    #[prop_or_default]
    pub comparison: Option<Rc<ComparisonSummary>>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn LeadForm(props: &LeadFormProps) -> Html {
    let shared = use_shared();
    let ui = shared.texts().ui;
    let config = shared.config.clone();
    let edges = shared.edges.clone();
    let state = use_reducer(|| FormState {
        contact: Contact {
            role_title: props.summary.title.clone(),
            ..Contact::default()
        },
        consent: false,
        email_result: false,
        honeypot: String::new(),
        errors: Vec::new(),
        status: Status::Editing,
        opened_ms: edges.now_ms(),
        refusals: 0,
        attempts: 0,
        lead_id: None,
    });
    let form_ref = use_node_ref();
    let status_ref = use_node_ref();
    let id = |name: &str| shared.id(&format!("lead-{name}"));

    // Focus: the first invalid field after a refused submission; the status
    // heading once the outcome is known.
    {
        let (form_ref, first) = (
            form_ref.clone(),
            state.errors.first().map(|e| id(e.field.id())),
        );
        use_effect_with(state.refusals, move |refusals| {
            if *refusals > 0 {
                let target = form_ref
                    .cast::<HtmlElement>()
                    .zip(first)
                    .and_then(|(f, id)| f.query_selector(&format!("#{id}")).ok().flatten());
                if let Some(el) =
                    target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(e).ok())
                {
                    let _ = el.focus();
                }
            }
        });
    }
    {
        let status_ref = status_ref.clone();
        let settled = !matches!(state.status, Status::Editing | Status::Sending);
        use_effect_with(settled, move |settled| {
            if *settled {
                if let Some(h) = status_ref.cast::<HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }

    let consent_text = config
        .consent_text
        .clone()
        .unwrap_or_else(|| ui.lead_consent_default.to_string());
    // Each submission that passed the checks is delivered once.
    {
        let (state, edges, config) = (state.clone(), edges.clone(), config.clone());
        let (summary, comparison, consent_text) = (
            props.summary.clone(),
            props.comparison.clone(),
            consent_text.clone(),
        );
        use_effect_with(state.attempts, move |_| {
            let (Status::Sending, Some(lead_id)) = (&state.status, state.lead_id.clone()) else {
                return;
            };
            let lead = LeadPayload::assemble(LeadDraft {
                lead_id: lead_id.clone(),
                now: edges.now_rfc3339(),
                contact: &state.contact,
                consent_text: &consent_text,
                result: &summary,
                comparison: comparison.as_deref(),
                context: edges.page_context(),
                elapsed_ms: (edges.now_ms() - state.opened_ms).max(0) as u64,
                // Only the collector sends e-mail; other destinations never
                // see the box.
                email_result: state.email_result && config.lead_format == LeadFormat::Collector,
            });
            let request = request_for(
                &config.lead_format,
                &config.lead_endpoint,
                &lead,
                edges.now_ms(),
            );
            let channel = state.contact.preferred_channel;
            let delivering = edges.deliver_lead(lead_id.clone(), request);
            wasm_bindgen_futures::spawn_local(async move {
                let status = match delivering.await {
                    LeadFate::Delivered => {
                        edges.emit(WidgetEvent::LeadSubmitted { lead_id });
                        Status::Sent(channel)
                    }
                    LeadFate::Queued => {
                        edges.emit(WidgetEvent::LeadQueued { lead_id });
                        Status::Queued
                    }
                    LeadFate::Refused(reason) => Status::Refused(reason),
                    LeadFate::NotKept => Status::NoStorage,
                };
                state.dispatch(FormAction::Done(status));
            });
        });
    }
    let onsubmit = {
        let (state, edges) = (state.clone(), edges.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            state.dispatch(FormAction::Submit {
                fresh_id: edges.new_lead_id(),
            });
        })
    };

    let status_panel = |title: Option<&str>, text: String, extra: Html| {
        html! {
            <div class="rq-lead-status" role="status">
                if let Some(title) = title {
                    <h4 class="rq-subtitle" tabindex="-1" ref={status_ref.clone()}>{ title.to_string() }</h4>
                } else {
                    <p class="rq-lead" tabindex="-1" ref={status_ref.clone()}>{ text.clone() }</p>
                }
                if title.is_some() {
                    <p>{ text }</p>
                }
                { extra }
            </div>
        }
    };
    match &state.status {
        Status::Sent(channel) => {
            let by = match channel {
                Channel::Email => ui.lead_channel_by_email,
                Channel::Phone => ui.lead_channel_by_phone,
            };
            return status_panel(
                Some(ui.lead_sent_title),
                fill(ui.lead_sent_text, &[("channel", by)]),
                html! {},
            );
        }
        Status::Queued => {
            return status_panel(
                Some(ui.lead_queued_title),
                ui.lead_queued_text.into(),
                html! {},
            )
        }
        Status::NoStorage => {
            let phone = &config.contact_phone;
            let mail = config.contact_email.as_ref().map(|to| {
                let c = &state.contact;
                let body = format!(
                    "{}\n{}\n{}\n{}\n{}\n\n{}\n\n{}: {} ({}/100)",
                    c.name,
                    c.email,
                    c.company,
                    c.role_title,
                    c.phone,
                    c.message,
                    props.summary.title,
                    props.summary.band,
                    props.summary.position
                );
                let href = format!(
                    "mailto:{to}?subject={}&body={}",
                    js_sys::encode_uri_component(ui.lead_title),
                    js_sys::encode_uri_component(&body)
                );
                html! { <p><a class="rq-link" href={href}>{ ui.lead_mailto_link }</a></p> }
            });
            let extra = html! {
                <>
                    { for mail }
                    <p><a class="rq-link" href={phone.tel.clone()}>{ fill(ui.lead_call_instead, &[("phone", &phone.display)]) }</a></p>
                </>
            };
            return status_panel(None, ui.lead_no_storage_text.into(), extra);
        }
        Status::Editing | Status::Sending | Status::Refused(_) => {}
    }

    let error_of = |field: Field| {
        state.errors.iter().find(|e| e.field == field).map(|e| {
            AttrValue::from(match e.problem {
                FieldProblem::Required => ui.lead_error_required,
                FieldProblem::TooLong => ui.lead_error_too_long,
                FieldProblem::InvalidEmail => ui.lead_error_invalid_email,
                FieldProblem::InvalidPhone => ui.lead_error_invalid_phone,
                FieldProblem::PhoneRequired => ui.lead_error_phone_required,
                FieldProblem::ConsentRequired => ui.lead_error_consent_required,
                FieldProblem::ControlCharacters => ui.lead_error_control_characters,
            })
        })
    };
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: FormAction| state.dispatch(action))
    };
    let edit = |field: Field| dispatch.reform(move |v: String| FormAction::Edit(field, v));
    let c = &state.contact;
    let sending = state.status == Status::Sending;
    let channel_name = id("channel");
    let consent_id = id("consent");
    let consent_error = error_of(Field::Consent);
    let consent_error_id = format!("{consent_id}-error");
    let on_consent = dispatch.reform(|e: Event| {
        FormAction::Consent(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked(),
        )
    });
    let email_result_id = id("email-result");
    let on_email_result = dispatch.reform(|e: Event| {
        FormAction::EmailResult(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked(),
        )
    });
    let offers_email = config.lead_format == LeadFormat::Collector;
    let on_honeypot = dispatch.reform(|e: InputEvent| {
        FormAction::Honeypot(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        )
    });
    let channel_option = |value: &'static str, label: &'static str, checked: bool| {
        let choose = edit(Field::PreferredChannel);
        html! {
            <label class="rq-option rq-option-inline">
                <input type="radio" name={channel_name.clone()} value={value} {checked}
                    onchange={Callback::from(move |_: Event| choose.emit(value.to_string()))} />
                <span class="rq-option-label">{ label }</span>
            </label>
        }
    };
    let on_close = props.on_close.reform(|_: MouseEvent| ());

    html! {
        <form class="rq-lead-form" ref={form_ref} {onsubmit} novalidate=true aria-labelledby={id("title")}>
            <h4 class="rq-subtitle" id={id("title")}>{ ui.lead_title }</h4>
            <p class="rq-note">{ ui.lead_intro }</p>
            if !state.errors.is_empty() {
                <p class="rq-problem" role="alert">{ ui.lead_errors_summary }</p>
            }
            if let Status::Refused(reason) = &state.status {
                <p class="rq-problem" role="alert">
                    { fill(ui.lead_refused_text, &[("reason", reason.as_deref().unwrap_or("?"))]) }
                </p>
            }
            <FormField id={id("name")} label={ui.lead_name_label} value={c.name.clone()} autocomplete={Some(AttrValue::from("name"))}
                required=true maxlength={MAX_NAME} error={error_of(Field::Name)} on_input={edit(Field::Name)} />
            <FormField id={id("email")} label={ui.lead_email_label} value={c.email.clone()} kind="email" autocomplete={Some(AttrValue::from("email"))}
                required=true maxlength={MAX_EMAIL_LEN} error={error_of(Field::Email)} on_input={edit(Field::Email)} />
            <FormField id={id("company")} label={ui.lead_company_label} value={c.company.clone()} autocomplete={Some(AttrValue::from("organization"))}
                required=true maxlength={MAX_COMPANY} error={error_of(Field::Company)} on_input={edit(Field::Company)} />
            <FormField id={id("role_title")} label={ui.lead_role_title_label} value={c.role_title.clone()} autocomplete={Some(AttrValue::from("organization-title"))}
                maxlength={MAX_ROLE_TITLE} error={error_of(Field::RoleTitle)} on_input={edit(Field::RoleTitle)} />
            <FormField id={id("phone")} label={ui.lead_phone_label} value={c.phone.clone()} kind="tel" autocomplete={Some(AttrValue::from("tel"))}
                maxlength={MAX_PHONE} error={error_of(Field::Phone)} on_input={edit(Field::Phone)} />
            <fieldset class="rq-choice">
                <legend class="rq-label">{ ui.lead_channel_question }</legend>
                <div class="rq-options rq-options-inline">
                    { channel_option("email", ui.lead_channel_email, c.preferred_channel == Channel::Email) }
                    { channel_option("phone", ui.lead_channel_phone, c.preferred_channel == Channel::Phone) }
                </div>
            </fieldset>
            <FormField id={id("message")} label={ui.lead_message_label} value={c.message.clone()} multiline=true
                maxlength={MAX_MESSAGE} error={error_of(Field::Message)} on_input={edit(Field::Message)} />
            <div class="rq-hp" aria-hidden="true">
                <label>{ ui.lead_honeypot_label }
                    <input type="text" name="website" tabindex="-1" autocomplete="off" value={state.honeypot.clone()} oninput={on_honeypot} />
                </label>
            </div>
            <div class={classes!("rq-consent", consent_error.as_ref().map(|_| "rq-field-invalid"))}>
                <input type="checkbox" id={consent_id.clone()} checked={state.consent} onchange={on_consent}
                    aria-describedby={consent_error.as_ref().map(|_| consent_error_id.clone())}
                    aria-invalid={consent_error.as_ref().map(|_| "true")} />
                <label for={consent_id}>{ consent_text }</label>
            </div>
            if let Some(url) = &config.privacy_url {
                <p class="rq-note"><a class="rq-link" href={url.clone()} target="_blank" rel="noopener">{ ui.lead_privacy_link }</a></p>
            }
            if let Some(error) = consent_error {
                <p class="rq-field-error" id={consent_error_id}>{ error }</p>
            }
            if offers_email {
                <div class="rq-consent">
                    <input type="checkbox" id={email_result_id.clone()} checked={state.email_result} onchange={on_email_result} />
                    <label for={email_result_id}>{ ui.lead_email_result }</label>
                </div>
            }
            if sending {
                <p class="rq-note" role="status">{ ui.lead_sending }</p>
            }
            <div class="rq-actions">
                <button type="submit" class="rq-button rq-primary" aria-disabled={sending.then_some("true")}>{ ui.lead_submit_button }</button>
                <button type="button" class="rq-button rq-secondary" onclick={on_close}>{ ui.lead_cancel_button }</button>
            </div>
        </form>
    }
}
