//! The root component: one reducer, the shared context, and the screen for
//! the current step.

use role_quiz_core::content::Bank;
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::progress;
use role_quiz_core::session::{Action, Session, Step};
use yew::prelude::*;

use crate::components::notice_bar::notice_bar;
use crate::components::question_screen::QuestionScreen;
use crate::components::start_screen::StartScreen;
use crate::edges::PageEdges;
use crate::ending::{Ending, EndingView};
use crate::link::Link;
use crate::shared::SharedContext;
use crate::state::{Notice, QuizState};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub shared: SharedContext,
    /// The session to begin with (restored or new).
    pub session: Session,
    pub notice: Option<Notice>,
    /// What the page's link brought.
    pub link: Link,
    /// The screens after the questions, from the module that has them.
    pub ending: Ending,
    /// Whether this app continues a visit the start module began.
    pub continued: Continued,
}

/// Whether an app continues a visit another module began: then the visit's
/// first events are not counted twice, and at the visitor's last answer the
/// finish is announced here and focus follows the visitor to the result (a
/// widget otherwise never takes focus from the page on its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Continued {
    No,
    /// Taking over without the visitor moving (a saved result on reload).
    AsItWas,
    /// Taking over at the visitor's last answer.
    ByMove,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer({
        let (bank, session, notice) = (props.shared.bank, props.session.clone(), props.notice);
        // The move that brought the visitor here counts, so focus follows.
        let moves = u32::from(props.continued == Continued::ByMove);
        move || QuizState {
            moves,
            ..QuizState::new(bank, session, notice)
        }
    });

    // Every change is saved at once, so a reload resumes exactly here.
    {
        let (edges, bank) = (props.shared.edges.clone(), props.shared.bank);
        use_effect_with(state.session.clone(), move |session| {
            let line = session
                .has_progress()
                .then(|| progress::encode(bank, session));
            edges.save_progress(line.as_deref());
        });
    }

    // The funnel's first events, once per mount.
    {
        let edges = props.shared.edges.clone();
        let invited = matches!(props.link, Link::Invited { .. });
        let continued = props.continued != Continued::No;
        // Taking over at the visitor's last answer: the finish is announced
        // here, since the start module left it to this module.
        let finished = (props.continued == Continued::ByMove && props.session.step == Step::Result)
            .then(|| (props.session.clone(), props.ending, props.shared.bank));
        use_effect_with((), move |_| {
            if let Some((session, ending, bank)) = finished {
                (ending.finishing)(&*edges, bank, &session, invited);
            }
            if continued {
                return;
            }
            edges.emit(WidgetEvent::View {});
            if invited {
                edges.emit(WidgetEvent::InvitationOpened {});
            }
        });
    }

    let link = use_state(|| props.link.clone());
    let on_action = {
        let (state, edges, bank) = (state.clone(), props.shared.edges.clone(), props.shared.bank);
        let (link, ending) = (link.clone(), props.ending);
        Callback::from(move |action: Action| {
            let invited = matches!(*link, Link::Invited { .. });
            announce(&*edges, bank, &state.session, &action);
            if action == Action::Next
                && state.session.step == Step::Measures
                && state.session.is_complete()
            {
                (ending.finishing)(&*edges, bank, &state.session, invited);
            }
            edges.prepare_ending();
            // An invited visitor answers from the other side of the role.
            if let (Action::Begin, Link::Invited { title, first }) = (&action, &*link) {
                if state.session.perspective.is_none() {
                    state.dispatch(Action::ChoosePerspective(first.perspective.counterpart()));
                    if state.session.title.is_empty() && !title.is_empty() {
                        state.dispatch(Action::SetTitle(title.clone()));
                    }
                }
            }
            state.dispatch(action)
        })
    };
    let on_fresh = {
        let (link, edges) = (link.clone(), props.shared.edges.clone());
        Callback::from(move |()| {
            edges.forget_link_code();
            link.set(Link::None);
        })
    };
    let texts = props.shared.start;
    let theme = props.shared.config.theme.id();
    let invitation = (props.ending.invitation)(&link);
    let ending = |moves| {
        (props.ending.screen)(EndingView {
            link: &link,
            session: &state.session,
            moves,
            on_action: on_action.clone(),
            on_fresh: on_fresh.clone(),
        })
    };
    let screen = match (&*link, state.session.step) {
        (Link::Broken(_) | Link::Viewing { .. }, _) => ending(state.moves),
        (_, Step::Start) => html! {
            <StartScreen has_progress={state.session.has_progress()} {invitation} on_action={on_action.clone()} />
        },
        (_, Step::Result) => ending(state.moves),
        _ => html! {
            <QuestionScreen
                session={state.session.clone()}
                moves={state.moves}
                refusals={state.refusals}
                on_action={on_action.clone()}
            />
        },
    };

    html! {
        <ContextProvider<SharedContext> context={props.shared.clone()}>
            <section class="rq" data-theme={theme} lang={texts.locale} aria-label={texts.ui.widget_label}>
                { notice_bar(state.notice, texts.ui) }
                { screen }
            </section>
        </ContextProvider<SharedContext>>
    }
}

/// The funnel events an action causes before the last one, judged from the
/// session before it: `start`, and `answer` (item id and step only). The
/// last move's events belong to the [`Ending`].
fn announce(edges: &dyn PageEdges, bank: &Bank<'_>, before: &Session, action: &Action) {
    match (action, before.step) {
        (Action::Begin, Step::Start) if !before.has_progress() => edges.emit(WidgetEvent::Start {}),
        (Action::Answer(_), Step::Item(n)) => {
            if let Some(item) = bank.items.get(n) {
                edges.emit(WidgetEvent::Answer {
                    item: item.id.into(),
                    step: n + 3,
                });
            }
        }
        _ => {}
    }
}
