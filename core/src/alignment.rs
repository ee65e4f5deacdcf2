//! Comparing two people's answers about one role: the role holder and the
//! manager (or a colleague, when hiring), as an alignment study does.
//!
//! The alignment score is `100 × (1 − mean |d| / 4)`, where `d` is the
//! difference between the two answers to a statement in answer steps (the
//! robust form of the double-scaled distance in the scoring notes). Two
//! people answering at random would score about 60 on average, so the bands
//! are set well above that: aligned from [`ALIGNED_FROM`], some gaps from
//! [`SOME_GAPS_FROM`], misaligned below.

use crate::content::Bank;
use crate::flags::MEASUREMENT_FACET;
use crate::link_code::Respondent;
use crate::scoring::{item_score, score, Score};
use crate::session::MeasuresView;

pub const ALIGNED_FROM: f64 = 85.0;
pub const SOME_GAPS_FROM: f64 = 70.0;

/// Facet positions further apart than this count as disagreement.
pub const FACET_GAP: f64 = 20.0;

/// How many disputed statements are shown at most.
pub const MAX_DISPUTED: usize = 5;

/// The bands of the alignment score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlignmentBand {
    Aligned,
    SomeGaps,
    Misaligned,
}

impl AlignmentBand {
    pub fn of(score: f64) -> AlignmentBand {
        if score >= ALIGNED_FROM {
            AlignmentBand::Aligned
        } else if score >= SOME_GAPS_FROM {
            AlignmentBand::SomeGaps
        } else {
            AlignmentBand::Misaligned
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            AlignmentBand::Aligned => "aligned",
            AlignmentBand::SomeGaps => "some_gaps",
            AlignmentBand::Misaligned => "misaligned",
        }
    }
}

/// One statement both answered, and how far apart they were.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dispute {
    pub item: usize,
    pub first: u8,
    pub second: u8,
    /// Difference in answer steps toward sales, 1 to 4.
    pub steps: u8,
}

/// A facet's two positions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FacetGap<'a> {
    pub facet: &'a str,
    pub first: f64,
    pub second: f64,
}

impl FacetGap<'_> {
    pub fn difference(&self) -> f64 {
        (self.first - self.second).abs()
    }
}

/// The comparison of two respondents.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison<'a> {
    pub first: Score<'a>,
    pub second: Score<'a>,
    /// 0 to 100.
    pub alignment: f64,
    pub band: AlignmentBand,
    pub facets: Vec<FacetGap<'a>>,
    /// The statements they disagree on most, most first.
    pub disputed: Vec<Dispute>,
    /// Whether they see the current measures of success alike (the
    /// measurement facet within [`FACET_GAP`]).
    pub agree_on_measurement: bool,
    /// Whether they agree that those measures are right (same answer to the
    /// closing question); `None` when either did not answer it.
    pub agree_on_right_measures: Option<bool>,
}

/// Compares two respondents; `None` unless both answered at least one
/// statement in common.
pub fn compare<'a>(
    bank: &Bank<'a>,
    first: &Respondent,
    second: &Respondent,
) -> Option<Comparison<'a>> {
    let pairs: Vec<(usize, u8, u8)> = (0..bank.items.len())
        .filter_map(|n| {
            Some((
                n,
                first.answers.get(n).copied().flatten()?,
                second.answers.get(n).copied().flatten()?,
            ))
        })
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let (a, b) = (score(bank, &first.answers)?, score(bank, &second.answers)?);
    // Differences on the keyed scale, in answer steps (0 to 4).
    let steps = |n: usize, x: u8, y: u8| {
        let key = bank.items[n].key;
        ((item_score(key, x) - item_score(key, y)).abs() / 25.0).round() as u8
    };
    let mean_gap = pairs
        .iter()
        .map(|&(n, x, y)| f64::from(steps(n, x, y)))
        .sum::<f64>()
        / pairs.len() as f64;
    let alignment = 100.0 * (1.0 - mean_gap / 4.0);
    let mut disputed: Vec<Dispute> = pairs
        .iter()
        .map(|&(n, x, y)| Dispute {
            item: n,
            first: x,
            second: y,
            steps: steps(n, x, y),
        })
        .filter(|d| d.steps >= 1)
        .collect();
    // Largest gaps first; ties keep the questionnaire's order.
    disputed.sort_by(|p, q| q.steps.cmp(&p.steps).then(p.item.cmp(&q.item)));
    disputed.truncate(MAX_DISPUTED);
    let facets: Vec<FacetGap<'a>> = a
        .facets
        .iter()
        .filter_map(|fa| {
            let fb = b.facets.iter().find(|fb| fb.facet == fa.facet)?;
            Some(FacetGap {
                facet: fa.facet,
                first: fa.estimate.position,
                second: fb.estimate.position,
            })
        })
        .collect();
    let agree_on_measurement = facets
        .iter()
        .find(|f| f.facet == MEASUREMENT_FACET)
        .is_none_or(|f| f.difference() <= FACET_GAP);
    let agree_on_right_measures = match (first.measures, second.measures) {
        (Some(x), Some(y)) if x != MeasuresView::Unsure && y != MeasuresView::Unsure => {
            Some(x == y)
        }
        _ => None,
    };
    Some(Comparison {
        first: a,
        second: b,
        alignment,
        band: AlignmentBand::of(alignment),
        facets,
        disputed,
        agree_on_measurement,
        agree_on_right_measures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::BANK;
    use crate::session::Perspective;
    use crate::Pole;

    fn person(answers: Vec<Option<u8>>, measures: Option<MeasuresView>) -> Respondent {
        Respondent {
            perspective: Perspective::Holder,
            measures,
            answers,
        }
    }

    fn toward(pole: Pole) -> Vec<Option<u8>> {
        BANK.items
            .iter()
            .map(|i| Some(if i.key == pole { 5 } else { 1 }))
            .collect()
    }

    #[test]
    fn identical_answers_are_fully_aligned() {
        let p = person(toward(Pole::Sales), Some(MeasuresView::Right));
        let c = compare(&BANK, &p, &p).unwrap();
        assert_eq!(c.alignment, 100.0);
        assert_eq!(c.band, AlignmentBand::Aligned);
        assert!(c.disputed.is_empty());
        assert!(c.agree_on_measurement);
        assert_eq!(c.agree_on_right_measures, Some(true));
    }

    #[test]
    fn opposite_answers_are_misaligned_with_the_largest_gaps_first() {
        let a = person(toward(Pole::Sales), Some(MeasuresView::Right));
        let b = person(toward(Pole::Marketing), Some(MeasuresView::Wrong));
        let c = compare(&BANK, &a, &b).unwrap();
        assert_eq!(c.alignment, 0.0);
        assert_eq!(c.band, AlignmentBand::Misaligned);
        assert_eq!(c.disputed.len(), MAX_DISPUTED);
        assert!(c.disputed.iter().all(|d| d.steps == 4));
        assert_eq!(c.disputed[0].item, 0, "ties keep the questionnaire's order");
        assert!(!c.agree_on_measurement);
        assert_eq!(c.agree_on_right_measures, Some(false));
    }

    #[test]
    fn a_gap_on_one_facet_only_shows_there() {
        let a = person(vec![Some(3); BANK.items.len()], None);
        let mut answers = vec![Some(3); BANK.items.len()];
        for n in BANK.facet_items(MEASUREMENT_FACET) {
            answers[n] = Some(if BANK.items[n].key == Pole::Sales {
                5
            } else {
                1
            });
        }
        let c = compare(&BANK, &a, &person(answers, Some(MeasuresView::Unsure))).unwrap();
        assert!(!c.agree_on_measurement);
        assert_eq!(
            c.agree_on_right_measures, None,
            "unsure is no position on the measures"
        );
        let measured = c
            .facets
            .iter()
            .find(|f| f.facet == MEASUREMENT_FACET)
            .unwrap();
        assert_eq!(measured.difference(), 50.0);
        assert!(c
            .facets
            .iter()
            .filter(|f| f.facet != MEASUREMENT_FACET)
            .all(|f| f.difference() == 0.0));
        assert!(c
            .disputed
            .iter()
            .all(|d| BANK.items[d.item].facet == MEASUREMENT_FACET));
        // Four statements two steps apart out of sixteen: 100 × (1 − 0.5 / 4).
        assert_eq!(c.alignment, 87.5);
        assert_eq!(c.band, AlignmentBand::Aligned);
    }

    #[test]
    fn bands_and_the_score_follow_the_mean_gap() {
        let a = person(vec![Some(3); BANK.items.len()], None);
        let b = person(vec![Some(4); BANK.items.len()], None);
        let c = compare(&BANK, &a, &b).unwrap();
        assert_eq!(c.alignment, 75.0);
        assert_eq!(c.band, AlignmentBand::SomeGaps);
        assert_eq!(AlignmentBand::of(84.9), AlignmentBand::SomeGaps);
        assert_eq!(AlignmentBand::of(69.9), AlignmentBand::Misaligned);
        assert!(compare(&BANK, &person(vec![None; 16], None), &b).is_none());
    }
}
