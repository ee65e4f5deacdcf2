//! Comparing two people's answers about one role: the role holder and the
//! manager (or a colleague, when hiring), as an alignment study does.
//!
//! Two honest people describing the same role never answer every statement
//! alike, so the comparison separates what noise explains from what it
//! does not:
//!
//! - **Level.** One person may simply agree more with everything (the mean
//!   raw answer). That difference is reported as such, tested against the
//!   spread of the per-statement differences (a paired comparison), and set
//!   aside: it says nothing about how either sees the role.
//! - **Shape.** With each person's mean raw answer subtracted, the
//!   statement-by-statement differences `d` give the raw agreement
//!   `A = 100 × (1 − mean |d| / 4)`. Two unrelated people still agree partly,
//!   so the score is chance-corrected against random pairs of simulated
//!   respondents: `100 × (A − A₀) / (100 − A₀)` with `A₀` =
//!   [`CHANCE_AGREEMENT`], clamped to 0..=100. `core/tests/simulation.rs`
//!   recomputes `A₀` and checks the bands below.
//! - **Gaps.** A difference in position, or in a facet's position, is a gap
//!   only beyond 1.96 standard errors of the difference,
//!   `sqrt(se₁² + se₂²)`, from both people's uncertainty.
//! - **Statements.** A single statement is never a finding on its own: those
//!   whose level-free difference is two steps or more are offered as worth
//!   talking through.
//!
//! The band is "aligned" from [`ALIGNED_FROM`] when neither the position nor
//! any facet differs beyond noise, "some gaps" from [`SOME_GAPS_FROM`],
//! "misaligned" below. For the band, a facet gap must pass
//! [`HEADLINE_FACET_Z`] standard errors: the headline speaks for all four
//! facets at once, so it keeps the chance of a false alarm across all of
//! them near 5% (Bonferroni), while each facet's own row uses 1.96.

use crate::content::Bank;
use crate::flags::MEASUREMENT_FACET;
use crate::scoring::{score, Estimate, Score};
use crate::session::{MeasuresView, Respondent};

/// The mean raw agreement `A` of random pairs of simulated respondents.
pub const CHANCE_AGREEMENT: f64 = 60.0;

pub const ALIGNED_FROM: f64 = 15.0;
pub const SOME_GAPS_FROM: f64 = 5.0;

/// A gap is real beyond this many standard errors of the difference.
pub const GAP_Z: f64 = 1.96;

/// A facet gap changes the headline band beyond this many standard errors:
/// the two-sided 5% point divided among four facets.
pub const HEADLINE_FACET_Z: f64 = 2.50;

/// A statement is worth talking through from this level-free difference on,
/// in answer steps (two steps, rounded).
pub const TALK_THROUGH_FROM: f64 = 1.5;

/// How many statements worth talking through are shown at most.
pub const MAX_TALK_THROUGH: usize = 5;

/// The bands of the alignment score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlignmentBand {
    Aligned,
    SomeGaps,
    Misaligned,
}

impl AlignmentBand {
    /// The band for a calibrated score and whether the position or a facet
    /// differs beyond noise.
    pub fn of(score: f64, real_gap: bool) -> AlignmentBand {
        if score >= ALIGNED_FROM && !real_gap {
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

/// A difference between two estimates and whether it passes the test.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gap {
    /// First minus second.
    pub difference: f64,
    /// 1.96 standard errors of the difference: the most noise explains.
    pub margin: f64,
}

impl Gap {
    pub fn between(first: &Estimate, second: &Estimate) -> Gap {
        Gap {
            difference: first.position - second.position,
            margin: GAP_Z * (first.se.powi(2) + second.se.powi(2)).sqrt(),
        }
    }

    /// Whether the difference is larger than noise explains.
    pub fn is_real(&self) -> bool {
        self.difference.abs() > self.margin
    }

    /// Whether the difference passes the stricter test for the headline.
    pub fn is_real_for_headline(&self) -> bool {
        self.difference.abs() > self.margin * HEADLINE_FACET_Z / GAP_Z
    }
}

/// One statement whose answers differ, with each person's level set aside.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dispute {
    pub item: usize,
    pub first: u8,
    pub second: u8,
    /// The level-free difference in answer steps, always positive.
    pub steps: f64,
}

/// A facet's two positions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FacetGap<'a> {
    pub facet: &'a str,
    pub first: f64,
    pub second: f64,
    pub gap: Gap,
}

/// One person agreeing more with everything than the other.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LevelDifference {
    /// First person's mean raw answer minus the second's, in answer steps.
    pub steps: f64,
    pub margin: f64,
}

impl LevelDifference {
    pub fn is_real(&self) -> bool {
        self.steps.abs() > self.margin
    }
}

/// The comparison of two respondents.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison<'a> {
    pub first: Score<'a>,
    pub second: Score<'a>,
    /// The chance-corrected alignment score, 0 to 100.
    pub alignment: f64,
    /// The raw agreement `A` before chance correction, 0 to 100.
    pub raw_agreement: f64,
    pub band: AlignmentBand,
    pub level: LevelDifference,
    pub position_gap: Gap,
    pub facets: Vec<FacetGap<'a>>,
    /// The statements worth talking through, largest difference first.
    pub talk_through: Vec<Dispute>,
    /// Whether they see the current measures of success alike: no real gap
    /// on the measurement facet.
    pub agree_on_measurement: bool,
    /// Whether they agree that those measures are right (same answer to the
    /// closing question); `None` when either did not answer it or is unsure.
    pub agree_on_right_measures: Option<bool>,
}

/// The chance-corrected score for a raw agreement.
pub fn calibrated(raw: f64) -> f64 {
    (100.0 * (raw - CHANCE_AGREEMENT) / (100.0 - CHANCE_AGREEMENT)).clamp(0.0, 100.0)
}

/// The raw agreement of two answer lists, each person's level set aside,
/// over the statements both answered; with the per-statement differences.
pub fn raw_agreement(
    bank: &Bank<'_>,
    first: &[Option<u8>],
    second: &[Option<u8>],
) -> Option<(f64, Vec<Dispute>)> {
    let pairs: Vec<(usize, u8, u8)> = (0..bank.items.len())
        .filter_map(|n| {
            Some((
                n,
                first.get(n).copied().flatten()?,
                second.get(n).copied().flatten()?,
            ))
        })
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let k = pairs.len() as f64;
    let mean_of = |pick: fn(&(usize, u8, u8)) -> u8| {
        pairs.iter().map(|p| f64::from(pick(p))).sum::<f64>() / k
    };
    let level = mean_of(|p| p.1) - mean_of(|p| p.2);
    // Differences in answer steps, after the level: a raw difference of
    // `level` on every statement leaves nothing.
    let disputes: Vec<Dispute> = pairs
        .iter()
        .map(|&(n, x, y)| {
            let steps = (f64::from(x) - f64::from(y) - level).abs();
            Dispute {
                item: n,
                first: x,
                second: y,
                steps,
            }
        })
        .collect();
    let mean_gap = disputes.iter().map(|d| d.steps).sum::<f64>() / k;
    Some(((100.0 * (1.0 - mean_gap / 4.0)).clamp(0.0, 100.0), disputes))
}

/// Compares two respondents; `None` unless both answered at least one
/// statement in common.
pub fn compare<'a>(
    bank: &Bank<'a>,
    first: &Respondent,
    second: &Respondent,
) -> Option<Comparison<'a>> {
    let (raw, disputes) = raw_agreement(bank, &first.answers, &second.answers)?;
    let (a, b) = (score(bank, &first.answers)?, score(bank, &second.answers)?);
    let level = level_difference(&first.answers, &second.answers);
    let mut talk_through: Vec<Dispute> = disputes
        .into_iter()
        .filter(|d| d.steps >= TALK_THROUGH_FROM)
        .collect();
    // Largest differences first; ties keep the questionnaire's order.
    talk_through.sort_by(|p, q| q.steps.total_cmp(&p.steps).then(p.item.cmp(&q.item)));
    talk_through.truncate(MAX_TALK_THROUGH);
    let facets: Vec<FacetGap<'a>> = a
        .facets
        .iter()
        .filter_map(|fa| {
            let fb = b.facets.iter().find(|fb| fb.facet == fa.facet)?;
            Some(FacetGap {
                facet: fa.facet,
                first: fa.estimate.position,
                second: fb.estimate.position,
                gap: Gap::between(&fa.estimate, &fb.estimate),
            })
        })
        .collect();
    let agree_on_measurement = facets
        .iter()
        .find(|f| f.facet == MEASUREMENT_FACET)
        .is_none_or(|f| !f.gap.is_real());
    let agree_on_right_measures = match (first.measures, second.measures) {
        (Some(x), Some(y)) if x != MeasuresView::Unsure && y != MeasuresView::Unsure => {
            Some(x == y)
        }
        _ => None,
    };
    let position_gap = Gap::between(&a.overall, &b.overall);
    let alignment = calibrated(raw);
    let band = AlignmentBand::of(
        alignment,
        position_gap.is_real() || facets.iter().any(|f| f.gap.is_real_for_headline()),
    );
    Some(Comparison {
        band,
        first: a,
        second: b,
        alignment,
        raw_agreement: raw,
        level,
        position_gap,
        facets,
        talk_through,
        agree_on_measurement,
        agree_on_right_measures,
    })
}

/// The difference in mean raw answer over the statements both answered,
/// with the margin a paired test allows it.
fn level_difference(first: &[Option<u8>], second: &[Option<u8>]) -> LevelDifference {
    let d: Vec<f64> = first
        .iter()
        .zip(second)
        .filter_map(|(x, y)| Some(f64::from((*x)?) - f64::from((*y)?)))
        .collect();
    let k = d.len() as f64;
    if d.is_empty() {
        return LevelDifference {
            steps: 0.0,
            margin: 0.0,
        };
    }
    let mean = d.iter().sum::<f64>() / k;
    let variance = if d.len() > 1 {
        d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0)
    } else {
        0.0
    };
    LevelDifference {
        steps: mean,
        margin: GAP_Z * (variance / k).sqrt(),
    }
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
            .map(|i| Some(if i.key() == pole { 5 } else { 1 }))
            .collect()
    }

    #[test]
    fn identical_answers_are_fully_aligned() {
        let p = person(toward(Pole::Sales), Some(MeasuresView::Right));
        let c = compare(&BANK, &p, &p).unwrap();
        assert_eq!(c.alignment, 100.0);
        assert_eq!(c.band, AlignmentBand::Aligned);
        assert!(c.talk_through.is_empty());
        assert!(c.agree_on_measurement);
        assert!(!c.level.is_real() && !c.position_gap.is_real());
        assert_eq!(c.agree_on_right_measures, Some(true));
    }

    #[test]
    fn opposite_answers_are_misaligned_with_the_largest_differences_first() {
        let a = person(toward(Pole::Sales), Some(MeasuresView::Right));
        let b = person(toward(Pole::Marketing), Some(MeasuresView::Wrong));
        let c = compare(&BANK, &a, &b).unwrap();
        assert_eq!(c.alignment, 0.0);
        assert_eq!(c.band, AlignmentBand::Misaligned);
        assert!(c.position_gap.is_real());
        assert_eq!(c.talk_through.len(), MAX_TALK_THROUGH);
        assert!(c.talk_through.iter().all(|d| d.steps == 4.0));
        assert_eq!(
            c.talk_through[0].item, 0,
            "ties keep the questionnaire's order"
        );
        assert!(!c.agree_on_measurement);
        assert_eq!(c.agree_on_right_measures, Some(false));
    }

    /// All-3 against all-4: the same position, one person simply agrees more.
    #[test]
    fn a_level_difference_alone_is_reported_as_such_and_not_as_misalignment() {
        let a = person(vec![Some(3); BANK.items.len()], None);
        let b = person(vec![Some(4); BANK.items.len()], None);
        let c = compare(&BANK, &a, &b).unwrap();
        assert_eq!(c.alignment, 100.0);
        assert_eq!(c.band, AlignmentBand::Aligned);
        assert!(c.level.is_real());
        assert_eq!(c.level.steps, -1.0);
        assert!(c.talk_through.is_empty());
        assert!(c.facets.iter().all(|f| !f.gap.is_real()));
    }

    /// The measurement facet at its sales pole for one person, neutral for
    /// the other: a 50-point facet gap, which the old score called aligned.
    #[test]
    fn a_large_gap_on_one_facet_is_a_real_gap_there_only() {
        let a = person(vec![Some(3); BANK.items.len()], None);
        let mut answers = vec![Some(3); BANK.items.len()];
        for n in BANK.facet_items(MEASUREMENT_FACET) {
            answers[n] = Some(if BANK.items[n].key() == Pole::Sales {
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
        assert_eq!(measured.gap.difference, -50.0);
        assert!(measured.gap.is_real());
        assert!(c
            .facets
            .iter()
            .filter(|f| f.facet != MEASUREMENT_FACET)
            .all(|f| !f.gap.is_real()));
        assert!(c
            .talk_through
            .iter()
            .all(|d| BANK.items[d.item].facet == MEASUREMENT_FACET));
        assert_ne!(c.band, AlignmentBand::Aligned);
    }

    /// A few one-step differences between otherwise equal answers.
    #[test]
    fn a_few_one_step_differences_are_aligned_with_nothing_to_talk_through() {
        let a = toward(Pole::Sales)
            .into_iter()
            .map(|x| x.map(|v| if v == 5 { 4 } else { 2 }))
            .collect::<Vec<_>>();
        let mut b = a.clone();
        for n in [1, 6, 11] {
            b[n] = b[n].map(|v| if v == 4 { 5 } else { 3 });
        }
        let c = compare(&BANK, &person(a, None), &person(b, None)).unwrap();
        assert_eq!(c.band, AlignmentBand::Aligned, "{c:?}");
        assert!(c.talk_through.is_empty());
        assert!(!c.position_gap.is_real() && c.facets.iter().all(|f| !f.gap.is_real()));
    }

    #[test]
    fn the_score_is_chance_corrected() {
        assert_eq!(calibrated(100.0), 100.0);
        assert_eq!(calibrated(CHANCE_AGREEMENT), 0.0);
        assert_eq!(calibrated(0.0), 0.0);
        assert!((calibrated((100.0 + CHANCE_AGREEMENT) / 2.0) - 50.0).abs() < 1e-9);
        assert_eq!(
            AlignmentBand::of(ALIGNED_FROM, true),
            AlignmentBand::SomeGaps,
            "a real position gap is never aligned"
        );
        assert_eq!(
            AlignmentBand::of(SOME_GAPS_FROM - 0.1, false),
            AlignmentBand::Misaligned
        );
        let b = person(vec![Some(4); BANK.items.len()], None);
        assert!(compare(&BANK, &person(vec![None; BANK.items.len()], None), &b).is_none());
    }
}
