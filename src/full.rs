//! The full module's [`Ending`]: the result, a comparison or a link's
//! problem, the `complete` events at the visitor's last move, and an
//! invitation above the start screen.

use role_quiz_core::content::Bank;
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::scoring::score;
use role_quiz_core::session::Session;
use yew::prelude::*;

use crate::components::invitation::Invitation;
use crate::components::link_screens::{ComparisonScreen, LinkProblem};
use crate::components::result::ResultScreen;
use crate::edges::PageEdges;
use crate::ending::{Ending, EndingView};
use crate::link::Link;

/// Everything after the questions, drawn here.
pub const FULL_ENDING: Ending = Ending {
    screen,
    finishing: announce_complete,
    invitation,
};

/// An invited visitor learns who asked them, above the start screen.
fn invitation(link: &Link) -> Html {
    match link {
        Link::Invited { title, first } => html! {
            <Invitation title={AttrValue::from(title.clone())} from={first.perspective} />
        },
        _ => Html::default(),
    }
}

fn screen(view: EndingView<'_>) -> Html {
    match view.link {
        Link::Broken(error) => html! {
            <LinkProblem error={error.clone()} on_fresh={view.on_fresh} />
        },
        Link::Viewing {
            title,
            first,
            second,
        } => html! {
            <ComparisonScreen title={title.clone()} first={first.clone()} second={second.clone()} on_fresh={view.on_fresh} />
        },
        link => html! {
            <ResultScreen session={view.session.clone()} moves={view.moves} link={link.clone()} on_action={view.on_action} />
        },
    }
}

/// `complete` (band, position and who answered) and, for an invited
/// visitor, `comparison-complete`.
pub fn announce_complete(edges: &dyn PageEdges, bank: &Bank<'_>, before: &Session, invited: bool) {
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
