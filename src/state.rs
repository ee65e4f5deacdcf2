//! The one reducer at the root of each widget: the core's session plus what
//! the view needs to know about moves (for focus).

use std::rc::Rc;

use role_quiz_core::content::Bank;
use role_quiz_core::session::{Action, Session};
use yew::Reducible;

/// Notices shown above the questionnaire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// This browser will not store anything.
    StorageUnavailable,
    /// Saved progress could not be read and was set aside.
    ProgressUnreadable,
    /// Saved progress answered an earlier version of the questions.
    ProgressOtherVersion,
}

#[derive(Clone, Debug)]
pub struct QuizState {
    pub bank: &'static Bank<'static>,
    pub session: Session,
    /// Counts step changes caused by the visitor; the view moves focus when
    /// it changes, and never on the first render, so a widget never steals
    /// focus from the page it is embedded in.
    pub moves: u32,
    /// Counts refused moves (no answer chosen), so the view can bring the
    /// visitor back to the question.
    pub refusals: u32,
    pub notice: Option<Notice>,
}

impl QuizState {
    pub fn new(bank: &'static Bank<'static>, session: Session, notice: Option<Notice>) -> Self {
        QuizState {
            bank,
            session,
            moves: 0,
            refusals: 0,
            notice,
        }
    }
}

impl Reducible for QuizState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let is_next = action == Action::Next;
        if next.session.apply(self.bank, action) {
            next.moves += 1;
            if matches!(
                next.notice,
                Some(Notice::ProgressUnreadable | Notice::ProgressOtherVersion)
            ) {
                next.notice = None;
            }
        } else if is_next && next.session.problem.is_some() {
            next.refusals += 1;
        }
        Rc::new(next)
    }
}
