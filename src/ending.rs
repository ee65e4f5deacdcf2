//! The screens after the last question, and the moment of finishing, as the
//! root component asks for them.
//!
//! The widget ships as two Wasm modules. The start module holds the start
//! screen and the questions, so the first screen needs as little as possible;
//! the full module holds everything, and takes over from the start module
//! when the visitor finishes (see `start`). The root component is the same in
//! both; it reaches what only the full module has through an [`Ending`] made
//! of plain function pointers, so the start module's binary never names the
//! result, the lead form or the comparison, and the linker leaves them out.

use role_quiz_core::content::Bank;
use role_quiz_core::session::{Action, Session};
use yew::{Callback, Html};

use crate::edges::PageEdges;
use crate::link::Link;

/// What the root component needs to draw a screen after the questions.
pub struct EndingView<'a> {
    pub link: &'a Link,
    pub session: &'a Session,
    pub moves: u32,
    pub on_action: Callback<Action>,
    /// Forgets the page's link and starts a fresh check.
    pub on_fresh: Callback<()>,
}

/// The screens and the moment of finishing, and what a link adds to the
/// start screen, supplied by a module.
#[derive(Clone, Copy)]
pub struct Ending {
    /// The result, a comparison opened from a link, or a link's problem.
    pub screen: fn(EndingView<'_>) -> Html,
    /// Called with the session just before the visitor's last move, the one
    /// that shows the result; `invited` when they answered an invitation.
    pub finishing: fn(edges: &dyn PageEdges, bank: &Bank<'_>, before: &Session, invited: bool),
    /// What an invitation link adds above the start screen (an invitation
    /// is read by the full module only, so the start module draws none).
    pub invitation: fn(&Link) -> Html,
}

/// An ending never changes during an app's life, so two are always equal
/// (and comparing function pointers is not meaningful anyway).
impl PartialEq for Ending {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
