//! Flags: observations from the context and the answers that are worth a
//! closer look. They explain; they never move the position.
//!
//! A facet counts as lying on one side only when its whole 90% interval lies
//! in bands of that side, clear of the middle band: a facet rests on four
//! statements, so its point estimate alone says too little to act on.

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
    /// Some facets lie clearly on the marketing side and others clearly on
    /// the sales side (beyond the work-against-measurement pair, which
    /// [`Flag::YardstickMismatch`] covers). Each set is a bit mask over the
    /// bank's facets, in their order.
    FacetsSplit { marketing: u8, sales: u8 },
}

impl Flag {
    /// Every flag's [`Flag::id`], for checking leads that name them.
    pub const IDS: [&'static str; 4] = [
        "title_mismatch",
        "yardstick_mismatch",
        "measures_doubted",
        "facets_split",
    ];

    /// A stable name, for events and data sent elsewhere.
    pub fn id(self) -> &'static str {
        match self {
            Flag::TitleMismatch { .. } => "title_mismatch",
            Flag::YardstickMismatch { .. } => "yardstick_mismatch",
            Flag::MeasuresDoubted => "measures_doubted",
            Flag::FacetsSplit { .. } => "facets_split",
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

/// The side a facet clearly lies on: its whole interval in bands of that side.
pub fn facet_side(bank: &Bank<'_>, score: &Score<'_>, facet: &str) -> Option<Pole> {
    let estimate = score.facets.iter().find(|f| f.facet == facet)?.estimate;
    let (low, high) = (
        bank.band_at(estimate.low).lean?,
        bank.band_at(estimate.high).lean?,
    );
    (low == high).then_some(low)
}

/// The bank's facets that clearly lie on each side, as bit masks.
fn facet_sides(bank: &Bank<'_>, score: &Score<'_>) -> (u8, u8) {
    bank.facets
        .iter()
        .enumerate()
        .take(8)
        .fold((0, 0), |(m, s), (n, facet)| {
            match facet_side(bank, score, facet.id) {
                Some(Pole::Marketing) => (m | 1 << n, s),
                Some(Pole::Sales) => (m, s | 1 << n),
                None => (m, s),
            }
        })
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
    let (marketing, sales) = facet_sides(bank, score);
    let pair = |a: &str, b: &str| {
        let bit = |id: &str| {
            bank.facets
                .iter()
                .position(|f| f.id == id)
                .map_or(0, |n| 1u8 << n)
        };
        bit(a) | bit(b)
    };
    let yardstick_pair = pair(WORK_FACET, MEASUREMENT_FACET);
    // Split beyond what the yardstick flag already says: some facet outside
    // the work-and-measurement pair takes part.
    if marketing != 0 && sales != 0 && (marketing | sales) & !yardstick_pair != 0 {
        out.push(Flag::FacetsSplit { marketing, sales });
    }
    if matches!(measures, Some(MeasuresView::Wrong | MeasuresView::Partly)) {
        out.push(Flag::MeasuresDoubted);
    }
    out
}

/// The facets in a bit mask of [`Flag::FacetsSplit`], in the bank's order.
pub fn facets_in<'a>(bank: &Bank<'a>, mask: u8) -> impl Iterator<Item = &'a str> + 'a {
    let facets = bank.facets;
    facets
        .iter()
        .enumerate()
        .filter(move |(n, _)| *n < 8 && mask & (1 << n) != 0)
        .map(|(_, f)| f.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_lists_every_flag_once() {
        let every = [
            Flag::TitleMismatch {
                title_side: Pole::Sales,
                work_side: Pole::Marketing,
            },
            Flag::YardstickMismatch {
                work_side: Pole::Sales,
                measured_side: Pole::Marketing,
            },
            Flag::MeasuresDoubted,
            Flag::FacetsSplit {
                marketing: 1,
                sales: 2,
            },
        ];
        // A new variant makes this match fail to compile until it is listed.
        for f in every {
            match f {
                Flag::TitleMismatch { .. }
                | Flag::YardstickMismatch { .. }
                | Flag::MeasuresDoubted
                | Flag::FacetsSplit { .. } => {}
            }
        }
        let ids: Vec<&str> = every.iter().map(|f| f.id()).collect();
        assert_eq!(ids, Flag::IDS);
    }
    use crate::content::{BANK, TEXTS_EN};
    use crate::scoring::score;

    /// Answers that put each facet at the given pole (`None`: neutral).
    fn answers(side_of: impl Fn(&str) -> Option<Pole>) -> Vec<Option<u8>> {
        BANK.items
            .iter()
            .map(|i| {
                Some(match side_of(i.facet) {
                    None => 3,
                    Some(p) if p == i.key() => 5,
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

    /// A facet only one step off neutral has an interval reaching into the
    /// middle band: no flag is raised on it.
    #[test]
    fn a_facet_whose_interval_reaches_the_middle_raises_no_flag() {
        let mild: Vec<Option<u8>> = BANK
            .items
            .iter()
            .map(|i| {
                Some(if i.facet == WORK_FACET {
                    if i.key() == Pole::Sales {
                        4
                    } else {
                        2
                    }
                } else {
                    3
                })
            })
            .collect();
        let s = score(&BANK, &mild).unwrap();
        let work = s
            .facets
            .iter()
            .find(|f| f.facet == WORK_FACET)
            .unwrap()
            .estimate;
        assert_eq!(work.position, 75.0);
        assert!(work.low < 60.0, "{work:?}");
        assert_eq!(
            flags(
                &BANK,
                &TEXTS_EN.title_keywords,
                "Marketing Manager",
                None,
                &s
            ),
            vec![]
        );
    }

    #[test]
    fn work_of_one_side_and_a_temperament_of_the_other_is_flagged_as_split() {
        let a = answers(|f| match f {
            WORK_FACET => Some(Pole::Marketing),
            "temperament" => Some(Pole::Sales),
            _ => None,
        });
        let found = flags_for("", None, &a);
        let Some(Flag::FacetsSplit { marketing, sales }) =
            found.iter().copied().find(|f| f.id() == "facets_split")
        else {
            panic!("no split flag in {found:?}");
        };
        assert_eq!(
            facets_in(&BANK, marketing).collect::<Vec<_>>(),
            [WORK_FACET]
        );
        assert_eq!(facets_in(&BANK, sales).collect::<Vec<_>>(), ["temperament"]);
        // Work against measurement alone is the yardstick flag, not a split.
        let yardstick = answers(|f| match f {
            WORK_FACET => Some(Pole::Marketing),
            MEASUREMENT_FACET => Some(Pole::Sales),
            _ => None,
        });
        assert!(flags_for("", None, &yardstick)
            .iter()
            .all(|f| f.id() != "facets_split"));
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
