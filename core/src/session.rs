//! The questionnaire as a state machine: which step is shown, what has been
//! answered, and what moving forward or back does.
//!
//! The widget keeps one [`Session`] per instance and only renders it; every
//! rule about the flow lives here, where native tests reach it.

use serde::{Deserialize, Serialize};

use crate::content::Bank;
use crate::scoring::{self, Score};

/// The longest job title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 120;

/// Who is answering. In data sent elsewhere: `holder`, `manager`, `hiring`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Perspective {
    Holder,
    Manager,
    Hiring,
}

impl Perspective {
    pub const ALL: [Perspective; 3] = [
        Perspective::Holder,
        Perspective::Manager,
        Perspective::Hiring,
    ];

    /// A stable one-letter code, for saved progress and links.
    pub fn code(self) -> char {
        match self {
            Perspective::Holder => 'h',
            Perspective::Manager => 'm',
            Perspective::Hiring => 'r',
        }
    }

    pub fn from_code(c: char) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == c)
    }

    /// A stable name, for events and data sent elsewhere.
    pub fn id(self) -> &'static str {
        match self {
            Perspective::Holder => "holder",
            Perspective::Manager => "manager",
            Perspective::Hiring => "hiring",
        }
    }
}

/// The answer to "is the role's success measured the right way?". In data
/// sent elsewhere: `right`, `partly`, `wrong`, `unsure`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MeasuresView {
    Right,
    Partly,
    Wrong,
    Unsure,
}

impl MeasuresView {
    pub const ALL: [MeasuresView; 4] = [
        MeasuresView::Right,
        MeasuresView::Partly,
        MeasuresView::Wrong,
        MeasuresView::Unsure,
    ];

    pub fn code(self) -> char {
        match self {
            MeasuresView::Right => 'y',
            MeasuresView::Partly => 'p',
            MeasuresView::Wrong => 'n',
            MeasuresView::Unsure => 'u',
        }
    }

    pub fn from_code(c: char) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == c)
    }

    pub fn id(self) -> &'static str {
        match self {
            MeasuresView::Right => "right",
            MeasuresView::Partly => "partly",
            MeasuresView::Wrong => "wrong",
            MeasuresView::Unsure => "unsure",
        }
    }
}

impl Perspective {
    /// The side that answers an invitation from this one: the manager for a
    /// role holder and the other way round; a colleague for someone hiring.
    pub fn counterpart(self) -> Perspective {
        match self {
            Perspective::Holder => Perspective::Manager,
            Perspective::Manager => Perspective::Holder,
            Perspective::Hiring => Perspective::Hiring,
        }
    }
}

/// One person's answers, as a comparison needs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Respondent {
    pub perspective: Perspective,
    pub measures: Option<MeasuresView>,
    /// In the bank's item order, 1 to 5.
    pub answers: Vec<Option<u8>>,
}

/// The screen a session is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Start,
    Perspective,
    Title,
    /// A scored item, by its index in the bank.
    Item(usize),
    Measures,
    Result,
}

/// Why the session would not move on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepProblem {
    MissingAnswer,
    TitleTooLong,
}

/// What a visitor can do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Begin,
    ChoosePerspective(Perspective),
    SetTitle(String),
    /// Answers the item on screen, 1 to 5.
    Answer(u8),
    ChooseMeasures(MeasuresView),
    Next,
    Back,
    Restart,
}

/// One visitor's way through the questionnaire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub step: Step,
    pub perspective: Option<Perspective>,
    pub title: String,
    /// In the bank's item order.
    pub answers: Vec<Option<u8>>,
    pub measures: Option<MeasuresView>,
    /// Set when moving on was refused; cleared by the next answer or move.
    pub problem: Option<StepProblem>,
}

impl Session {
    pub fn new(bank: &Bank<'_>) -> Self {
        Session {
            step: Step::Start,
            perspective: None,
            title: String::new(),
            answers: vec![None; bank.items.len()],
            measures: None,
            problem: None,
        }
    }

    /// Questions in all, context and closing question included.
    pub fn question_count(bank: &Bank<'_>) -> usize {
        bank.items.len() + 3
    }

    /// The number of the question on screen, from 1, or `None` off the questions.
    pub fn question_number(&self, bank: &Bank<'_>) -> Option<usize> {
        match self.step {
            Step::Start | Step::Result => None,
            Step::Perspective => Some(1),
            Step::Title => Some(2),
            Step::Item(n) => Some(3 + n),
            Step::Measures => Some(Self::question_count(bank)),
        }
    }

    /// Whether anything has been answered or the questionnaire started.
    pub fn has_progress(&self) -> bool {
        self.step != Step::Start
            || self.perspective.is_some()
            || !self.title.is_empty()
            || self.answers.iter().any(Option::is_some)
            || self.measures.is_some()
    }

    /// The job title as entered, trimmed.
    pub fn title(&self) -> &str {
        self.title.trim()
    }

    /// The score of the answers so far.
    pub fn score<'a>(&self, bank: &Bank<'a>) -> Option<Score<'a>> {
        scoring::score(bank, &self.answers)
    }

    /// Applies an action. Returns whether the step changed, so a view knows
    /// when to move focus to the new question.
    pub fn apply(&mut self, bank: &Bank<'_>, action: Action) -> bool {
        let before = self.step;
        match action {
            Action::Begin => {
                if self.step == Step::Start {
                    self.step = self.first_unanswered(bank);
                }
            }
            Action::ChoosePerspective(p) => {
                self.perspective = Some(p);
                self.problem = None;
            }
            Action::SetTitle(t) => {
                self.title = t;
                if self.problem == Some(StepProblem::TitleTooLong)
                    && self.title().chars().count() <= MAX_TITLE_CHARS
                {
                    self.problem = None;
                }
            }
            Action::Answer(value) => {
                if let Step::Item(n) = self.step {
                    if let Some(slot) = self.answers.get_mut(n) {
                        *slot = Some(value.clamp(1, 5));
                        self.problem = None;
                    }
                }
            }
            Action::ChooseMeasures(m) => {
                self.measures = Some(m);
                self.problem = None;
            }
            Action::Next => match self.check_current() {
                Some(problem) => self.problem = Some(problem),
                None => self.step = self.after(self.step, bank),
            },
            Action::Back => self.step = self.before(self.step, bank),
            Action::Restart => {
                *self = Session {
                    step: Step::Perspective,
                    ..Session::new(bank)
                }
            }
        }
        if self.step != before {
            self.problem = None;
            true
        } else {
            false
        }
    }

    fn check_current(&self) -> Option<StepProblem> {
        match self.step {
            Step::Perspective if self.perspective.is_none() => Some(StepProblem::MissingAnswer),
            Step::Title if self.title().chars().count() > MAX_TITLE_CHARS => {
                Some(StepProblem::TitleTooLong)
            }
            Step::Item(n) if self.answers.get(n).copied().flatten().is_none() => {
                Some(StepProblem::MissingAnswer)
            }
            Step::Measures if self.measures.is_none() => Some(StepProblem::MissingAnswer),
            _ => None,
        }
    }

    fn after(&self, step: Step, bank: &Bank<'_>) -> Step {
        match step {
            Step::Start => Step::Perspective,
            Step::Perspective => Step::Title,
            Step::Title if bank.items.is_empty() => Step::Measures,
            Step::Title => Step::Item(0),
            Step::Item(n) if n + 1 < bank.items.len() => Step::Item(n + 1),
            Step::Item(_) => Step::Measures,
            Step::Measures | Step::Result => Step::Result,
        }
    }

    fn before(&self, step: Step, bank: &Bank<'_>) -> Step {
        match step {
            Step::Start | Step::Perspective => Step::Start,
            Step::Title => Step::Perspective,
            Step::Item(0) => Step::Title,
            Step::Item(n) => Step::Item(n - 1),
            Step::Measures if bank.items.is_empty() => Step::Title,
            Step::Measures => Step::Item(bank.items.len() - 1),
            Step::Result => Step::Measures,
        }
    }

    /// Where a returning visitor should continue: the first question still
    /// unanswered, or the result when everything is answered.
    pub fn first_unanswered(&self, bank: &Bank<'_>) -> Step {
        // Before any statement is answered, start from the top, where a
        // preset perspective and title (an invitation's) can be checked.
        if self.perspective.is_none() || self.answers.iter().all(Option::is_none) {
            return Step::Perspective;
        }
        if let Some(n) = self
            .answers
            .iter()
            .take(bank.items.len())
            .position(Option::is_none)
        {
            return Step::Item(n);
        }
        if self.measures.is_none() {
            Step::Measures
        } else {
            Step::Result
        }
    }

    /// This visitor's answers as a respondent (a holder until they say otherwise).
    /// The finished session whose answers a result link carries, showing
    /// its result. `None` when the answers do not complete the bank.
    pub fn from_result(bank: &Bank<'_>, title: &str, respondent: &Respondent) -> Option<Session> {
        let session = Session {
            step: Step::Result,
            perspective: Some(respondent.perspective),
            title: title.to_string(),
            answers: respondent.answers.clone(),
            measures: respondent.measures,
            problem: None,
        };
        (session.answers.len() == bank.items.len() && session.is_complete()).then_some(session)
    }

    pub fn respondent(&self) -> Respondent {
        Respondent {
            perspective: self.perspective.unwrap_or(Perspective::Holder),
            measures: self.measures,
            answers: self.answers.clone(),
        }
    }

    /// Whether every question needed for a result is answered.
    pub fn is_complete(&self) -> bool {
        self.perspective.is_some()
            && self.measures.is_some()
            && self.answers.iter().all(Option::is_some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::BANK;

    fn run(session: &mut Session, actions: impl IntoIterator<Item = Action>) {
        for a in actions {
            session.apply(&BANK, a);
        }
    }

    #[test]
    fn a_full_run_reaches_the_result() {
        let mut s = Session::new(&BANK);
        assert!(!s.has_progress());
        run(
            &mut s,
            [
                Action::Begin,
                Action::ChoosePerspective(Perspective::Manager),
                Action::Next,
            ],
        );
        run(
            &mut s,
            [Action::SetTitle("Account Executive".into()), Action::Next],
        );
        assert_eq!(s.step, Step::Item(0));
        assert_eq!(s.question_number(&BANK), Some(3));
        for _ in 0..BANK.items.len() {
            run(&mut s, [Action::Answer(4), Action::Next]);
        }
        assert_eq!(s.step, Step::Measures);
        assert_eq!(
            s.question_number(&BANK),
            Some(Session::question_count(&BANK))
        );
        run(
            &mut s,
            [Action::ChooseMeasures(MeasuresView::Partly), Action::Next],
        );
        assert_eq!(s.step, Step::Result);
        assert!(s.is_complete());
        assert_eq!(s.title(), "Account Executive");
    }

    #[test]
    fn next_without_an_answer_is_refused_with_a_problem() {
        let mut s = Session::new(&BANK);
        run(&mut s, [Action::Begin, Action::Next]);
        assert_eq!(s.step, Step::Perspective);
        assert_eq!(s.problem, Some(StepProblem::MissingAnswer));
        run(&mut s, [Action::ChoosePerspective(Perspective::Holder)]);
        assert_eq!(s.problem, None);
        run(&mut s, [Action::Next, Action::Next]);
        assert_eq!(s.step, Step::Item(0), "the title is optional");
        assert!(!s.apply(&BANK, Action::Next));
        assert_eq!(s.problem, Some(StepProblem::MissingAnswer));
    }

    #[test]
    fn an_overlong_title_is_refused() {
        let mut s = Session::new(&BANK);
        run(
            &mut s,
            [
                Action::Begin,
                Action::ChoosePerspective(Perspective::Holder),
                Action::Next,
            ],
        );
        run(
            &mut s,
            [
                Action::SetTitle("x".repeat(MAX_TITLE_CHARS + 1)),
                Action::Next,
            ],
        );
        assert_eq!(
            (s.step, s.problem),
            (Step::Title, Some(StepProblem::TitleTooLong))
        );
        run(&mut s, [Action::SetTitle("Brand lead".into())]);
        assert_eq!(s.problem, None);
    }

    #[test]
    fn back_keeps_answers_and_walks_to_the_start() {
        let mut s = Session::new(&BANK);
        run(
            &mut s,
            [
                Action::Begin,
                Action::ChoosePerspective(Perspective::Holder),
                Action::Next,
                Action::Next,
            ],
        );
        run(&mut s, [Action::Answer(2), Action::Next, Action::Back]);
        assert_eq!(s.step, Step::Item(0));
        assert_eq!(s.answers[0], Some(2));
        run(&mut s, [Action::Back, Action::Back, Action::Back]);
        assert_eq!(s.step, Step::Start);
        assert!(s.has_progress());
        run(&mut s, [Action::Begin]);
        assert_eq!(
            s.step,
            Step::Item(1),
            "continues at the first unanswered question"
        );
    }

    #[test]
    fn answers_outside_an_item_step_are_ignored() {
        let mut s = Session::new(&BANK);
        run(&mut s, [Action::Begin, Action::Answer(5)]);
        assert!(s.answers.iter().all(Option::is_none));
    }

    #[test]
    fn restart_clears_everything_and_opens_the_first_question() {
        let mut s = Session::new(&BANK);
        run(
            &mut s,
            [
                Action::Begin,
                Action::ChoosePerspective(Perspective::Hiring),
                Action::Next,
            ],
        );
        run(
            &mut s,
            [
                Action::SetTitle("t".into()),
                Action::Next,
                Action::Answer(1),
                Action::Restart,
            ],
        );
        assert_eq!(s.step, Step::Perspective);
        assert_eq!(s.perspective, None);
        assert!(s.title.is_empty() && s.answers.iter().all(Option::is_none));
    }

    #[test]
    fn each_side_is_invited_by_its_counterpart() {
        assert_eq!(Perspective::Holder.counterpart(), Perspective::Manager);
        assert_eq!(Perspective::Manager.counterpart(), Perspective::Holder);
        assert_eq!(Perspective::Hiring.counterpart(), Perspective::Hiring);
    }

    #[test]
    fn codes_round_trip() {
        for p in Perspective::ALL {
            assert_eq!(Perspective::from_code(p.code()), Some(p));
        }
        for m in MeasuresView::ALL {
            assert_eq!(MeasuresView::from_code(m.code()), Some(m));
        }
        assert_eq!(Perspective::from_code('x'), None);
    }
}
