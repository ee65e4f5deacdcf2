//! The root component: one reducer, the shared context, and the screen for
//! the current step.

use role_quiz_core::content::Bank;
use role_quiz_core::progress;
use role_quiz_core::scoring::score;
use role_quiz_core::session::{Action, Session, Step};
use serde_json::json;
use yew::prelude::*;

use crate::browser::events::EventSink;
use crate::browser::page::forget_link_code;
use crate::browser::storage::ProgressStore;
use crate::components::link_screens::{ComparisonScreen, LinkProblem};
use crate::components::notice_bar::NoticeBar;
use crate::components::question_screen::QuestionScreen;
use crate::components::result::ResultScreen;
use crate::components::start_screen::StartScreen;
use crate::link::{other_side, Link};
use crate::shared::SharedContext;
use crate::state::{Notice, QuizState};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub shared: SharedContext,
    pub store: ProgressStore,
    /// The session to begin with (restored or new).
    pub session: Session,
    pub notice: Option<Notice>,
    /// What the page's link brought.
    pub link: Link,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer({
        let (bank, session, notice) = (props.shared.bank, props.session.clone(), props.notice);
        move || QuizState::new(bank, session, notice)
    });

    // Every change is saved at once, so a reload resumes exactly here.
    {
        let store = props.store.clone();
        let bank = props.shared.bank;
        use_effect_with(state.session.clone(), move |session| {
            if session.has_progress() {
                store.save(&progress::encode(bank, session));
            } else {
                store.clear();
            }
        });
    }

    // The funnel's first event, once per mount.
    {
        let events = props.shared.events.clone();
        use_effect_with((), move |_| events.emit("view", json!({})));
    }

    let link = use_state(|| props.link.clone());
    let on_action = {
        let (state, events, bank) = (
            state.clone(),
            props.shared.events.clone(),
            props.shared.bank,
        );
        let link = link.clone();
        Callback::from(move |action: Action| {
            announce(&events, bank, &state.session, &action);
            // An invited visitor answers from the other side of the role.
            if let (Action::Begin, Link::Invited { title, first }) = (&action, &*link) {
                if state.session.perspective.is_none() {
                    state.dispatch(Action::ChoosePerspective(other_side(first.perspective)));
                    if state.session.title.is_empty() && !title.is_empty() {
                        state.dispatch(Action::SetTitle(title.clone()));
                    }
                }
            }
            state.dispatch(action)
        })
    };
    let on_fresh = {
        let link = link.clone();
        Callback::from(move |()| {
            forget_link_code();
            link.set(Link::None);
        })
    };
    let texts = props.shared.texts;
    let theme = props.shared.config.theme.id();
    let inviter = match &*link {
        Link::Invited { title, first } => Some((AttrValue::from(title.clone()), first.perspective)),
        _ => None,
    };
    let screen = match (&*link, state.session.step) {
        (Link::Broken(error), _) => {
            html! { <LinkProblem error={error.clone()} on_fresh={on_fresh} /> }
        }
        (
            Link::Viewing {
                title,
                first,
                second,
            },
            _,
        ) => html! {
            <ComparisonScreen title={title.clone()} first={first.clone()} second={second.clone()} on_fresh={on_fresh} />
        },
        (_, Step::Start) => html! {
            <StartScreen has_progress={state.session.has_progress()} inviter={inviter} on_action={on_action} />
        },
        (_, Step::Result) => html! {
            <ResultScreen session={state.session.clone()} moves={state.moves} link={(*link).clone()} on_action={on_action} />
        },
        _ => html! {
            <QuestionScreen
                session={state.session.clone()}
                moves={state.moves}
                refusals={state.refusals}
                on_action={on_action}
            />
        },
    };

    html! {
        <ContextProvider<SharedContext> context={props.shared.clone()}>
            <section class="rq" data-theme={theme} lang={texts.locale} aria-label={texts.ui.widget_label}>
                <NoticeBar notice={state.notice} />
                { screen }
            </section>
        </ContextProvider<SharedContext>>
    }
}

/// The funnel events an action causes, judged from the session before it:
/// `start`, `answer` (item id and step only) and `complete` (band and position).
fn announce(events: &EventSink, bank: &Bank<'_>, before: &Session, action: &Action) {
    match (action, before.step) {
        (Action::Begin, Step::Start) if !before.has_progress() => events.emit("start", json!({})),
        (Action::Answer(_), Step::Item(n)) => {
            if let Some(item) = bank.items.get(n) {
                events.emit("answer", json!({ "item": item.id, "step": n + 3 }));
            }
        }
        (Action::Next, Step::Measures) if before.is_complete() => {
            if let Some(s) = score(bank, &before.answers) {
                events.emit(
                    "complete",
                    json!({ "band": s.band.id, "position": s.overall.position.round() }),
                );
            }
        }
        _ => {}
    }
}
