//! Position, uncertainty, demand scores and band.
//!
//! Each answer runs from 1 (strongly disagree) to 5 (strongly agree). An item
//! keyed toward sales scores `(answer - 1) * 25` toward sales, one keyed toward
//! marketing `(5 - answer) * 25`, so every item gives 0 to 100 on the same
//! axis. The position is the plain mean of those item scores, overall and per
//! facet. Because every facet has as many items keyed each way, a respondent
//! who agrees with everything a bit more than they should (yea-saying) moves
//! both halves equally and the position stays where it is.
//!
//! The interval is computed apart from the position and never moves it: it is
//! a 90% t-interval around the mean of the item scores, whose spread estimate
//! is pooled with a prior spread of [`PRIOR_ITEM_SD`] weighted as
//! [`PRIOR_WEIGHT`] answers. Inconsistent answers and fewer answers both widen
//! it; perfectly consistent answers still leave it [`PRIOR_ITEM_SD`]-sized, since
//! a handful of statements cannot pin a role down exactly.

use crate::content::{Band, Bank, Pole};

/// The lowest and highest answer.
pub const ANSWER_RANGE: std::ops::RangeInclusive<u8> = 1..=5;

/// The spread of item scores assumed before any answer is seen, in points.
/// One answer step is 25 points.
pub const PRIOR_ITEM_SD: f64 = 25.0;

/// How many answers the prior spread counts as.
pub const PRIOR_WEIGHT: f64 = 4.0;

/// Demand at or above this on both sides means the role demands both.
pub const HIGH_DEMAND: f64 = 60.0;

/// Demand at or below this on both sides means the role demands little of either.
pub const LOW_DEMAND: f64 = 40.0;

/// A difference between the demand scores at least this large says which side
/// the demands fall on.
pub const DEMAND_LEAN: f64 = 20.0;

/// A position with its 90% interval, all from 0 (marketing) to 100 (sales).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub position: f64,
    pub low: f64,
    pub high: f64,
    /// How many answers it rests on.
    pub answered: usize,
}

/// The estimate for one facet.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FacetEstimate<'a> {
    pub facet: &'a str,
    pub estimate: Estimate,
}

/// What the two demand scores say together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemandProfile {
    /// High demand on both sides: the rare profile few people can fill.
    Both,
    /// Low demand on both sides: the role may be something else.
    Little,
    /// Demands fall mainly on the marketing side.
    Marketing,
    /// Demands fall mainly on the sales side.
    Sales,
    /// Moderate and similar demands on both sides.
    Balanced,
}

/// The result of a questionnaire.
#[derive(Clone, Debug, PartialEq)]
pub struct Score<'a> {
    pub overall: Estimate,
    /// In the bank's facet order; facets without answers are left out.
    pub facets: Vec<FacetEstimate<'a>>,
    /// How much the role asks of the marketing side, 0 to 100: the mean
    /// agreement with the items keyed toward marketing.
    pub marketing_demand: f64,
    /// How much the role asks of the sales side, 0 to 100.
    pub sales_demand: f64,
    pub demand_profile: DemandProfile,
    pub band: Band<'a>,
    /// Mean raw answer minus 3, in answer steps: above 0 the respondent agrees
    /// more than the content implies. Reported, never used to move the position.
    pub acquiescence: f64,
}

/// An answer's score toward sales, from 0 to 100.
pub fn item_score(key: Pole, answer: u8) -> f64 {
    let a = f64::from(answer.clamp(*ANSWER_RANGE.start(), *ANSWER_RANGE.end()));
    match key {
        Pole::Sales => (a - 1.0) * 25.0,
        Pole::Marketing => (5.0 - a) * 25.0,
    }
}

/// Scores the answers, given in the bank's item order (`None` for unanswered
/// items; extra entries are ignored and out-of-range answers are clamped).
/// Returns `None` when nothing is answered.
pub fn score<'a>(bank: &Bank<'a>, answers: &[Option<u8>]) -> Option<Score<'a>> {
    let answered: Vec<(usize, u8)> = answers
        .iter()
        .take(bank.items.len())
        .enumerate()
        .filter_map(|(n, a)| a.map(|a| (n, a.clamp(*ANSWER_RANGE.start(), *ANSWER_RANGE.end()))))
        .collect();
    let scores: Vec<f64> = answered
        .iter()
        .map(|&(n, a)| item_score(bank.items[n].key, a))
        .collect();
    let overall = estimate(&scores)?;

    let facets = bank
        .facets
        .iter()
        .filter_map(|facet| {
            let in_facet: Vec<f64> = answered
                .iter()
                .filter(|(n, _)| bank.items[*n].facet == facet.id)
                .map(|&(n, a)| item_score(bank.items[n].key, a))
                .collect();
            estimate(&in_facet).map(|estimate| FacetEstimate {
                facet: facet.id,
                estimate,
            })
        })
        .collect();

    let agreement = |pole: Pole| {
        let values: Vec<f64> = answered
            .iter()
            .filter(|(n, _)| bank.items[*n].key == pole)
            .map(|&(_, a)| f64::from(a - 1) * 25.0)
            .collect();
        mean(&values).unwrap_or(50.0)
    };
    let marketing_demand = agreement(Pole::Marketing);
    let sales_demand = agreement(Pole::Sales);
    let raw: Vec<f64> = answered.iter().map(|&(_, a)| f64::from(a)).collect();

    Some(Score {
        band: *bank.band_at(overall.position),
        overall,
        facets,
        marketing_demand,
        sales_demand,
        demand_profile: demand_profile(marketing_demand, sales_demand),
        acquiescence: mean(&raw).unwrap_or(3.0) - 3.0,
    })
}

/// Reads the two demand scores together.
pub fn demand_profile(marketing: f64, sales: f64) -> DemandProfile {
    if marketing >= HIGH_DEMAND && sales >= HIGH_DEMAND {
        DemandProfile::Both
    } else if marketing <= LOW_DEMAND && sales <= LOW_DEMAND {
        DemandProfile::Little
    } else if sales - marketing >= DEMAND_LEAN {
        DemandProfile::Sales
    } else if marketing - sales >= DEMAND_LEAN {
        DemandProfile::Marketing
    } else {
        DemandProfile::Balanced
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The mean of item scores with its 90% interval.
pub fn estimate(scores: &[f64]) -> Option<Estimate> {
    let position = mean(scores)?;
    let k = scores.len() as f64;
    let squares: f64 = scores.iter().map(|s| (s - position).powi(2)).sum();
    let df = (k - 1.0) + PRIOR_WEIGHT;
    let pooled_variance = (squares + PRIOR_WEIGHT * PRIOR_ITEM_SD * PRIOR_ITEM_SD) / df;
    let half_width = t_quantile_95(df) * (pooled_variance / k).sqrt();
    Some(Estimate {
        position,
        low: (position - half_width).max(0.0),
        high: (position + half_width).min(100.0),
        answered: scores.len(),
    })
}

/// The 95th percentile of Student's t distribution (the upper end of a
/// two-sided 90% interval), interpolated from a table.
pub fn t_quantile_95(df: f64) -> f64 {
    const TABLE: [(f64, f64); 16] = [
        (1.0, 6.314),
        (2.0, 2.920),
        (3.0, 2.353),
        (4.0, 2.132),
        (5.0, 2.015),
        (6.0, 1.943),
        (7.0, 1.895),
        (8.0, 1.860),
        (9.0, 1.833),
        (10.0, 1.812),
        (12.0, 1.782),
        (15.0, 1.753),
        (20.0, 1.725),
        (30.0, 1.697),
        (60.0, 1.671),
        (120.0, 1.658),
    ];
    if df <= TABLE[0].0 {
        return TABLE[0].1;
    }
    for pair in TABLE.windows(2) {
        let ((d0, t0), (d1, t1)) = (pair[0], pair[1]);
        if df <= d1 {
            return t0 + (t1 - t0) * (df - d0) / (d1 - d0);
        }
    }
    1.645
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::BANK;

    fn all(answer_for: impl Fn(Pole) -> u8) -> Vec<Option<u8>> {
        BANK.items.iter().map(|i| Some(answer_for(i.key))).collect()
    }

    fn toward(pole: Pole) -> impl Fn(Pole) -> u8 {
        move |key| if key == pole { 5 } else { 1 }
    }

    #[test]
    fn every_item_at_its_sales_pole_gives_at_least_90() {
        let s = score(&BANK, &all(toward(Pole::Sales))).unwrap();
        assert!(s.overall.position >= 90.0, "{}", s.overall.position);
        assert_eq!(s.band.id, "strongly_sales");
        for f in &s.facets {
            assert!(f.estimate.position >= 90.0, "{f:?}");
        }
    }

    #[test]
    fn every_item_at_its_marketing_pole_gives_at_most_10() {
        let s = score(&BANK, &all(toward(Pole::Marketing))).unwrap();
        assert!(s.overall.position <= 10.0, "{}", s.overall.position);
        assert_eq!(s.band.id, "strongly_marketing");
        for f in &s.facets {
            assert!(f.estimate.position <= 10.0, "{f:?}");
        }
    }

    #[test]
    fn neutral_everywhere_is_hybrid() {
        let s = score(&BANK, &all(|_| 3)).unwrap();
        assert_eq!(s.band.id, "hybrid");
        assert_eq!(s.overall.position, 50.0);
    }

    #[test]
    fn agreeing_with_everything_stays_central_with_both_demands_high() {
        let s = score(&BANK, &all(|_| 5)).unwrap();
        assert!((s.overall.position - 50.0).abs() <= 5.0);
        assert!(s.marketing_demand >= 90.0 && s.sales_demand >= 90.0);
        assert_eq!(s.demand_profile, DemandProfile::Both);
        assert_eq!(s.acquiescence, 2.0);
    }

    #[test]
    fn disagreeing_with_everything_stays_central_with_both_demands_low() {
        let s = score(&BANK, &all(|_| 1)).unwrap();
        assert!((s.overall.position - 50.0).abs() <= 5.0);
        assert!(s.marketing_demand <= 10.0 && s.sales_demand <= 10.0);
        assert_eq!(s.demand_profile, DemandProfile::Little);
    }

    #[test]
    fn the_position_is_the_balance_of_the_demand_scores() {
        let answers: Vec<Option<u8>> = (0..BANK.items.len())
            .map(|n| Some((n * 7 % 5) as u8 + 1))
            .collect();
        let s = score(&BANK, &answers).unwrap();
        let balance = (100.0 + s.sales_demand - s.marketing_demand) / 2.0;
        assert!((s.overall.position - balance).abs() < 1e-9);
    }

    /// Every answer pattern along one item, with the others held fixed at a
    /// few different patterns: one step toward the item's sales pole never
    /// lowers the overall or facet position.
    #[test]
    fn moving_one_item_toward_sales_never_lowers_a_position() {
        let bases: Vec<Vec<Option<u8>>> = (0..25u64)
            .map(|seed| {
                (0..BANK.items.len())
                    .map(|n| Some(((seed * 31 + n as u64 * 17 + seed * n as u64) % 5) as u8 + 1))
                    .collect()
            })
            .collect();
        for base in &bases {
            for (n, item) in BANK.items.iter().enumerate() {
                for from in 1..=5u8 {
                    let to = match item.key {
                        Pole::Sales if from < 5 => from + 1,
                        Pole::Marketing if from > 1 => from - 1,
                        _ => continue,
                    };
                    let mut before = base.clone();
                    before[n] = Some(from);
                    let mut after = base.clone();
                    after[n] = Some(to);
                    let (b, a) = (
                        score(&BANK, &before).unwrap(),
                        score(&BANK, &after).unwrap(),
                    );
                    assert!(a.overall.position > b.overall.position, "item {}", item.id);
                    for (fb, fa) in b.facets.iter().zip(&a.facets) {
                        assert!(
                            fa.estimate.position >= fb.estimate.position,
                            "item {} facet {}",
                            item.id,
                            fb.facet
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_interval_widens_with_spread_and_fewer_answers_but_never_moves_the_position() {
        let consistent = estimate(&[75.0; 16]).unwrap();
        let spread = estimate(&[100.0, 50.0].repeat(8)).unwrap();
        let few = estimate(&[75.0; 4]).unwrap();
        assert_eq!(consistent.position, 75.0);
        assert_eq!(spread.position, 75.0);
        assert_eq!(few.position, 75.0);
        let width = |e: Estimate| e.high - e.low;
        assert!(width(spread) > width(consistent));
        assert!(width(few) > width(consistent));
        assert!(consistent.low < 75.0 && consistent.high > 75.0);
        let edge = estimate(&[100.0; 16]).unwrap();
        assert_eq!(edge.position, 100.0);
        assert_eq!(edge.high, 100.0);
    }

    #[test]
    fn partial_and_out_of_range_answers_do_not_panic() {
        assert!(score(&BANK, &[]).is_none());
        assert!(score(&BANK, &[None, None]).is_none());
        let s = score(&BANK, &[Some(9), Some(0)]).unwrap();
        assert_eq!(s.overall.answered, 2);
        assert!(s.overall.position >= 0.0 && s.overall.position <= 100.0);
        let mut long = all(|_| 4);
        long.extend([Some(1); 10]);
        assert_eq!(
            score(&BANK, &long).unwrap().overall.answered,
            BANK.items.len()
        );
    }

    #[test]
    fn t_quantiles_are_monotone_and_reach_the_normal() {
        assert!((t_quantile_95(15.0) - 1.753).abs() < 1e-9);
        assert!(t_quantile_95(11.0) > t_quantile_95(12.0));
        assert!((t_quantile_95(1e6) - 1.645).abs() < 1e-9);
    }
}
