//! Flags: observations from the context and the answers that are worth a
//! closer look. They explain; they never move the position.

use crate::content::{Bank, Pole, TitleKeywords};
use crate::scoring::Score;
use crate::session::MeasuresView;

/// The facet that says what the work is.
pub const WORK_FACET: &str = "work";

/// The facet that says how success is measured now.
pub const MEASUREMENT_FACET: &str = "measurement";

/// One observation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// The job title points to one side while the work is the other.
    TitleMismatch { title_side: Pole, work_side: Pole },
    /// Success is measured with the other side's yardstick.
    YardstickMismatch {
        work_side: Pole,
        measured_side: Pole,
    },
    /// The respondent doubts the current measures of success.
    MeasuresDoubted,
}

impl Flag {
    /// A stable name, for events and data sent elsewhere.
    pub fn id(self) -> &'static str {
        match self {
            Flag::TitleMismatch { .. } => "title_mismatch",
            Flag::YardstickMismatch { .. } => "yardstick_mismatch",
            Flag::MeasuresDoubted => "measures_doubted",
        }
    }
}

/// The side a job title points to: `None` when it names neither side or both.
pub fn title_side(title: &str, keywords: &TitleKeywords<'_>) -> Option<Pole> {
    // Normalise to lower-case words separated by single spaces, padded, so a
    // keyword matches whole words only ("rep" must not match "reporting").
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let padded = format!(" {} ", words.join(" "));
    let mentions = |list: &[&str]| {
        list.iter()
            .any(|k| padded.contains(&format!(" {} ", k.to_lowercase())))
    };
    match (mentions(keywords.marketing), mentions(keywords.sales)) {
        (true, false) => Some(Pole::Marketing),
        (false, true) => Some(Pole::Sales),
        _ => None,
    }
}

/// The side a facet leans to, by the band its position falls in.
fn facet_side(bank: &Bank<'_>, score: &Score<'_>, facet: &str) -> Option<Pole> {
    let estimate = score.facets.iter().find(|f| f.facet == facet)?.estimate;
    bank.band_at(estimate.position).lean
}

/// The flags that apply, in a fixed order.
pub fn flags(
    bank: &Bank<'_>,
    keywords: &TitleKeywords<'_>,
    title: &str,
    measures: Option<MeasuresView>,
    score: &Score<'_>,
) -> Vec<Flag> {
    let mut out = Vec::new();
    let work_side = facet_side(bank, score, WORK_FACET);
    if let (Some(title_side), Some(work_side)) = (title_side(title, keywords), work_side) {
        if title_side != work_side {
            out.push(Flag::TitleMismatch {
                title_side,
                work_side,
            });
        }
    }
    if let (Some(work_side), Some(measured_side)) =
        (work_side, facet_side(bank, score, MEASUREMENT_FACET))
    {
        if work_side != measured_side {
            out.push(Flag::YardstickMismatch {
                work_side,
                measured_side,
            });
        }
    }
    if matches!(measures, Some(MeasuresView::Wrong | MeasuresView::Partly)) {
        out.push(Flag::MeasuresDoubted);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{BANK, TEXTS_EN};
    use crate::scoring::score;

    /// Answers that put each facet at the given pole (`None`: neutral).
    fn answers(side_of: impl Fn(&str) -> Option<Pole>) -> Vec<Option<u8>> {
        BANK.items
            .iter()
            .map(|i| {
                Some(match side_of(i.facet) {
                    None => 3,
                    Some(p) if p == i.key => 5,
                    Some(_) => 1,
                })
            })
            .collect()
    }

    fn flags_for(title: &str, measures: Option<MeasuresView>, a: &[Option<u8>]) -> Vec<Flag> {
        let s = score(&BANK, a).unwrap();
        flags(&BANK, &TEXTS_EN.title_keywords, title, measures, &s)
    }

    #[test]
    fn titles_point_to_a_side_by_whole_words() {
        let k = &TEXTS_EN.title_keywords;
        assert_eq!(title_side("Marketing Manager", k), Some(Pole::Marketing));
        assert_eq!(
            title_side("Director of MARKETING", k),
            Some(Pole::Marketing)
        );
        assert_eq!(title_side("Senior Account Executive", k), Some(Pole::Sales));
        assert_eq!(
            title_side("Business-Development lead", k),
            Some(Pole::Sales)
        );
        assert_eq!(title_side("Sales & Marketing Director", k), None);
        assert_eq!(
            title_side("Reporting analyst", k),
            None,
            "`rep` is a whole word only"
        );
        assert_eq!(title_side("", k), None);
    }

    #[test]
    fn a_marketing_title_on_sales_work_is_flagged() {
        let sales_work = answers(|f| (f == WORK_FACET).then_some(Pole::Sales));
        assert_eq!(
            flags_for("Marketing Manager", None, &sales_work),
            vec![Flag::TitleMismatch {
                title_side: Pole::Marketing,
                work_side: Pole::Sales
            }]
        );
        assert_eq!(flags_for("Sales Manager", None, &sales_work), vec![]);
        assert_eq!(
            flags_for("Marketing Manager", None, &answers(|_| None)),
            vec![]
        );
    }

    #[test]
    fn the_other_sides_yardstick_is_flagged() {
        let a = answers(|f| match f {
            WORK_FACET => Some(Pole::Marketing),
            MEASUREMENT_FACET => Some(Pole::Sales),
            _ => None,
        });
        assert_eq!(
            flags_for("", Some(MeasuresView::Right), &a),
            vec![Flag::YardstickMismatch {
                work_side: Pole::Marketing,
                measured_side: Pole::Sales
            }]
        );
    }

    #[test]
    fn doubted_measures_are_flagged() {
        let neutral = answers(|_| None);
        assert_eq!(
            flags_for("", Some(MeasuresView::Wrong), &neutral),
            vec![Flag::MeasuresDoubted]
        );
        assert_eq!(
            flags_for("", Some(MeasuresView::Partly), &neutral),
            vec![Flag::MeasuresDoubted]
        );
        assert_eq!(flags_for("", Some(MeasuresView::Unsure), &neutral), vec![]);
    }
}
