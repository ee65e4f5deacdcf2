//! The root component: one reducer, the shared context, and the screen for
//! the current step.

use role_quiz_core::content::Bank;
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::progress;
use role_quiz_core::scoring::score;
use role_quiz_core::session::{Action, Session, Step};
use yew::prelude::*;

use crate::components::link_screens::{ComparisonScreen, LinkProblem};
use crate::components::notice_bar::NoticeBar;
use crate::components::question_screen::QuestionScreen;
use crate::components::result::ResultScreen;
use crate::components::start_screen::StartScreen;
use crate::edges::PageEdges;
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
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer({
        let (bank, session, notice) = (props.shared.bank, props.session.clone(), props.notice);
        move || QuizState::new(bank, session, notice)
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
        use_effect_with((), move |_| {
            edges.emit(WidgetEvent::View {});
            if invited {
                edges.emit(WidgetEvent::InvitationOpened {});
            }
        });
    }

    let link = use_state(|| props.link.clone());
    let on_action = {
        let (state, edges, bank) = (state.clone(), props.shared.edges.clone(), props.shared.bank);
        let link = link.clone();
        Callback::from(move |action: Action| {
            let invited = matches!(*link, Link::Invited { .. });
            announce(&*edges, bank, &state.session, &action, invited);
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
/// `start`, `answer` (item id and step only), `complete` (band and
/// position), and for an invited visitor `comparison-complete`.
fn announce(
    edges: &dyn PageEdges,
    bank: &Bank<'_>,
    before: &Session,
    action: &Action,
    invited: bool,
) {
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
        (Action::Next, Step::Measures) if before.is_complete() => {
            if let Some(s) = score(bank, &before.answers) {
                edges.emit(WidgetEvent::Complete {
                    band: s.band.id.into(),
                    position: s.overall.position.round(),
                    perspective: before.perspective.map_or("", |p| p.id()).into(),
                });
                if invited {
                    edges.emit(WidgetEvent::ComparisonComplete {});
                }
            }
        }
        _ => {}
    }
}
