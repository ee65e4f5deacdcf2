//! What the page's link brings: nothing, an invitation to compare, a
//! result or a comparison to look at, or a code that cannot be read.

use std::rc::Rc;

use role_quiz_core::content::Bank;
use role_quiz_core::link_code::{decode, CodeError, LinkContent};
use role_quiz_core::session::Respondent;

#[derive(Clone, Debug, PartialEq)]
pub enum Link {
    None,
    /// Someone's answers: this visitor answers and then compares.
    Invited {
        title: String,
        first: Rc<Respondent>,
    },
    /// One person's answers from their result e-mail: show that result.
    Result {
        title: String,
        first: Rc<Respondent>,
    },
    /// Both answer sets: show the comparison.
    Viewing {
        title: String,
        first: Rc<Respondent>,
        second: Rc<Respondent>,
    },
    Broken(CodeError),
}

impl Link {
    pub fn from_code(bank: &Bank<'_>, code: Option<&str>) -> Link {
        match code.map(|c| decode(bank, c)) {
            None => Link::None,
            Some(Ok(LinkContent::Invitation { title, first })) => Link::Invited {
                title,
                first: Rc::new(first),
            },
            Some(Ok(LinkContent::Result { title, first })) => Link::Result {
                title,
                first: Rc::new(first),
            },
            Some(Ok(LinkContent::Comparison {
                title,
                first,
                second,
            })) => Link::Viewing {
                title,
                first: Rc::new(first),
                second: Rc::new(second),
            },
            Some(Err(e)) => Link::Broken(e),
        }
    }
}
