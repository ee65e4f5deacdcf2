//! Demand scores, position, uncertainty, band and its likelihood.
//!
//! Each answer runs from 1 (strongly disagree) to 5 (strongly agree). Every
//! statement measures the demand of one side, keyed "more" (agreeing means
//! the role asks more of that side) or "less". Its demand score is
//! `(answer - 1) * 25` when keyed more and `(5 - answer) * 25` when keyed
//! less, so each side's demand is the mean of scores from 0 to 100. Because
//! each side has as many statements keyed each way, a respondent who agrees
//! with everything a bit more than they should (yea-saying) raises half of
//! that side's scores and lowers the other half: the shift cancels inside
//! each demand score, not only in their balance.
//!
//! The position is the balance of the two demands,
//! `(100 + sales demand - marketing demand) / 2`, overall and per facet.
//!
//! Each demand's standard error comes from the spread of its statement
//! scores, pooled with a prior spread of [`PRIOR_ITEM_SD`] weighted as
//! [`PRIOR_WEIGHT`] answers, so a handful of perfectly consistent answers
//! still leaves room for doubt. The position's standard error combines both
//! sides' (`sqrt(se_m² + se_s²) / 2`); the interval is a 90% t-interval on
//! it. The interval never moves the position.
//!
//! The band's likelihood is the chance that the true position lies in it,
//! under a normal approximation around the estimate with that standard error
//! (the end bands reach to minus and plus infinity, since the scale stops at
//! 0 and 100 but the uncertainty does not). The most likely band is named;
//! an adjacent band is named too when its chance is at least
//! [`NEIGHBOUR_FROM`]. `core/tests/simulation.rs` checks that the stated
//! chances are calibrated.

use crate::content::{Band, Bank, Keying, Pole};

/// The lowest and highest answer.
pub const ANSWER_RANGE: std::ops::RangeInclusive<u8> = 1..=5;

/// The spread of statement scores assumed before any answer is seen, in
/// points. One answer step is 25 points. Set with the simulation so that
/// the 90% interval covers the truth about 90% of the time.
pub const PRIOR_ITEM_SD: f64 = 23.0;

/// How many answers the prior spread counts as.
pub const PRIOR_WEIGHT: f64 = 4.0;

/// The middle of a demand score: "both" needs each demand clearly above it,
/// "little" each clearly below.
pub const DEMAND_MIDDLE: f64 = 50.0;

/// How many standard errors a demand must clear the middle by to call the
/// role "both" or "little of either" (about 99% one-sided). These claims lead
/// to advice as strong as splitting the role, so they need more than the 90%
/// interval: the simulation shows a looser rule letting a response style
/// tip borderline roles over.
pub const DEMAND_CLAIM_Z: f64 = 2.5;

/// Nor are they claimed from answers that lean this far (in answer steps)
/// toward agreeing or disagreeing regardless of content: balanced keying
/// cancels such a lean only approximately, and the simulation shows the
/// remainder tipping borderline roles into "both" or "little".
pub const DEMAND_CLAIM_MAX_LEAN: f64 = 0.5;

/// A difference between the demand scores at least this large says which side
/// the demands fall on (the position is then 10 points from the middle).
pub const DEMAND_LEAN: f64 = 20.0;

/// A band next to the most likely one is named too from this chance on.
pub const NEIGHBOUR_FROM: f64 = 0.2;

/// Mean raw answer this far from 3 (in answer steps) or further is
/// pointed out as a response style: statements pointing opposite ways were
/// agreed (or disagreed) with alike.
pub const RESPONSE_STYLE_FROM: f64 = 0.75;

/// A position with its 90% interval, all from 0 (marketing) to 100 (sales).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub position: f64,
    pub low: f64,
    pub high: f64,
    /// The standard error of the position, in points.
    pub se: f64,
    /// How many answers it rests on.
    pub answered: usize,
}

/// How much a role asks of one side, 0 to 100, with its 90% interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Demand {
    pub level: f64,
    pub low: f64,
    pub high: f64,
    pub se: f64,
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
    /// Both demands clearly above the middle: the rare profile few people can fill.
    Both,
    /// Both demands clearly below the middle: the role may be something else.
    Little,
    /// Demands fall mainly on the marketing side.
    Marketing,
    /// Demands fall mainly on the sales side.
    Sales,
    /// Moderate and similar demands on both sides.
    Balanced,
}

impl DemandProfile {
    /// The profile with "both" and "little" read as balanced: for answers
    /// that cannot support those claims.
    pub fn without_extremes(self) -> DemandProfile {
        match self {
            DemandProfile::Both | DemandProfile::Little => DemandProfile::Balanced,
            other => other,
        }
    }
}

/// Statements pointing opposite ways answered alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseStyle {
    /// Agreed with most statements, whichever way they point.
    Agreeing,
    /// Disagreed with most statements, whichever way they point.
    Disagreeing,
}

impl ResponseStyle {
    /// The style a mean raw answer minus 3 shows, if any.
    pub fn of(acquiescence: f64) -> Option<ResponseStyle> {
        if acquiescence >= RESPONSE_STYLE_FROM {
            Some(ResponseStyle::Agreeing)
        } else if acquiescence <= -RESPONSE_STYLE_FROM {
            Some(ResponseStyle::Disagreeing)
        } else {
            None
        }
    }

    /// A stable name, for data sent elsewhere.
    pub fn id(self) -> &'static str {
        match self {
            ResponseStyle::Agreeing => "agreeing",
            ResponseStyle::Disagreeing => "disagreeing",
        }
    }
}

/// A band and the chance that the true position lies in it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandChance<'a> {
    pub band: Band<'a>,
    /// 0 to 1.
    pub chance: f64,
}

/// The result of a questionnaire.
#[derive(Clone, Debug, PartialEq)]
pub struct Score<'a> {
    pub overall: Estimate,
    /// In the bank's facet order; facets without answers are left out.
    pub facets: Vec<FacetEstimate<'a>>,
    /// How much the role asks of the marketing side.
    pub marketing_demand: Demand,
    /// How much the role asks of the sales side.
    pub sales_demand: Demand,
    pub demand_profile: DemandProfile,
    /// The most likely band.
    pub band: Band<'a>,
    /// How likely [`Score::band`] is, 0 to 1.
    pub band_chance: f64,
    /// The adjacent band, when it is plausible too.
    pub neighbour: Option<BandChance<'a>>,
    /// Mean raw answer minus 3, in answer steps: above 0 the respondent agrees
    /// more than the content implies. It never moves a score.
    pub acquiescence: f64,
    /// Set when the acquiescence is large enough to mention.
    pub response_style: Option<ResponseStyle>,
}

/// An answer's score toward sales, from 0 to 100.
pub fn item_score(key: Pole, answer: u8) -> f64 {
    let a = f64::from(answer.clamp(*ANSWER_RANGE.start(), *ANSWER_RANGE.end()));
    match key {
        Pole::Sales => (a - 1.0) * 25.0,
        Pole::Marketing => (5.0 - a) * 25.0,
    }
}

/// An answer's score on its own side's demand, from 0 to 100.
pub fn demand_score(keyed: Keying, answer: u8) -> f64 {
    let a = f64::from(answer.clamp(*ANSWER_RANGE.start(), *ANSWER_RANGE.end()));
    match keyed {
        Keying::More => (a - 1.0) * 25.0,
        Keying::Less => (5.0 - a) * 25.0,
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
    if answered.is_empty() {
        return None;
    }
    let (overall, marketing_demand, sales_demand) = balance(bank, &answered);
    let facets = bank
        .facets
        .iter()
        .filter_map(|facet| {
            let in_facet: Vec<(usize, u8)> = answered
                .iter()
                .copied()
                .filter(|&(n, _)| bank.items[n].facet == facet.id)
                .collect();
            (!in_facet.is_empty()).then(|| FacetEstimate {
                facet: facet.id,
                estimate: balance(bank, &in_facet).0,
            })
        })
        .collect();
    let raw: Vec<f64> = answered.iter().map(|&(_, a)| f64::from(a)).collect();
    let acquiescence = mean(&raw).unwrap_or(3.0) - 3.0;
    let chances = band_chances(bank, overall.position, overall.se);
    let best = (0..chances.len())
        .max_by(|&a, &b| chances[a].total_cmp(&chances[b]))
        .unwrap_or(0);
    let neighbour = [best.checked_sub(1), Some(best + 1)]
        .into_iter()
        .flatten()
        .filter(|&n| n < chances.len() && chances[n] >= NEIGHBOUR_FROM)
        .max_by(|&a, &b| chances[a].total_cmp(&chances[b]))
        .map(|n| BandChance {
            band: bank.bands[n],
            chance: chances[n],
        });
    Some(Score {
        overall,
        facets,
        demand_profile: if acquiescence.abs() < DEMAND_CLAIM_MAX_LEAN {
            demand_profile(&marketing_demand, &sales_demand)
        } else {
            demand_profile(&marketing_demand, &sales_demand).without_extremes()
        },
        marketing_demand,
        sales_demand,
        band: bank.bands[best],
        band_chance: chances[best],
        neighbour,
        acquiescence,
        response_style: ResponseStyle::of(acquiescence),
    })
}

/// The position and both demands from some answered statements.
fn balance(bank: &Bank<'_>, answered: &[(usize, u8)]) -> (Estimate, Demand, Demand) {
    let side = |pole: Pole| -> (Demand, f64) {
        let scores: Vec<f64> = answered
            .iter()
            .filter(|&&(n, _)| bank.items[n].side == pole)
            .map(|&(n, a)| demand_score(bank.items[n].keyed, a))
            .collect();
        demand(&scores)
    };
    let ((marketing, df_m), (sales, df_s)) = (side(Pole::Marketing), side(Pole::Sales));
    let position = (100.0 + sales.level - marketing.level) / 2.0;
    let se = (marketing.se.powi(2) + sales.se.powi(2)).sqrt() / 2.0;
    let half_width = t_quantile_95(df_m + df_s) * se;
    let estimate = Estimate {
        position,
        low: (position - half_width).max(0.0),
        high: (position + half_width).min(100.0),
        se,
        answered: answered.len(),
    };
    (estimate, marketing, sales)
}

/// A demand from its statement scores, with the degrees of freedom of its
/// spread. Without any score it is the middle, as uncertain as the prior.
fn demand(scores: &[f64]) -> (Demand, f64) {
    let Some(level) = mean(scores) else {
        return (
            Demand {
                level: DEMAND_MIDDLE,
                low: 0.0,
                high: 100.0,
                se: PRIOR_ITEM_SD,
            },
            PRIOR_WEIGHT,
        );
    };
    let k = scores.len() as f64;
    let squares: f64 = scores.iter().map(|s| (s - level).powi(2)).sum();
    let df = (k - 1.0) + PRIOR_WEIGHT;
    let se = ((squares + PRIOR_WEIGHT * PRIOR_ITEM_SD * PRIOR_ITEM_SD) / df / k).sqrt();
    let half_width = t_quantile_95(df) * se;
    let low = (level - half_width).max(0.0);
    let high = (level + half_width).min(100.0);
    (
        Demand {
            level,
            low,
            high,
            se,
        },
        df,
    )
}

/// The chance of each band of the bank, in order, for a position and its
/// standard error. The chances add up to 1.
pub fn band_chances(bank: &Bank<'_>, position: f64, se: f64) -> Vec<f64> {
    let last = bank.bands.len().saturating_sub(1);
    let below = |cut: f64| normal_cdf((cut - position) / se.max(1e-9));
    bank.bands
        .iter()
        .enumerate()
        .map(|(n, b)| {
            let upper = if n == last {
                1.0
            } else {
                below(f64::from(b.max))
            };
            let lower = if n == 0 { 0.0 } else { below(f64::from(b.min)) };
            (upper - lower).max(0.0)
        })
        .collect()
}

/// Reads the two demand scores together. "Both" and "little" need each
/// demand [`DEMAND_CLAIM_Z`] standard errors clear of the middle, so noise
/// and answering style rarely claim them.
pub fn demand_profile(marketing: &Demand, sales: &Demand) -> DemandProfile {
    let above = |d: &Demand| d.level - DEMAND_CLAIM_Z * d.se > DEMAND_MIDDLE;
    let below = |d: &Demand| d.level + DEMAND_CLAIM_Z * d.se < DEMAND_MIDDLE;
    if above(marketing) && above(sales) {
        DemandProfile::Both
    } else if below(marketing) && below(sales) {
        DemandProfile::Little
    } else if sales.level - marketing.level >= DEMAND_LEAN {
        DemandProfile::Sales
    } else if marketing.level - sales.level >= DEMAND_LEAN {
        DemandProfile::Marketing
    } else {
        DemandProfile::Balanced
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// A chance as the result states it: in whole percent, rounded to the
/// nearest 5 and kept between 5 and 95, since the model behind it cannot
/// justify more precision or certainty than that. The simulation checks
/// calibration on these stated values.
pub fn stated_percent(chance: f64) -> u8 {
    ((chance.clamp(0.0, 1.0) * 20.0).round() * 5.0).clamp(5.0, 95.0) as u8
}

/// The standard normal distribution function.
///
/// Written out rather than taken from a statistics crate: this one function
/// is all the widget needs, and a crate such as `statrs` would add far more
/// to the WebAssembly than these few lines. Abramowitz and Stegun 7.1.26,
/// absolute error below 1.5e-7.
pub fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
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
        BANK.items
            .iter()
            .map(|i| Some(answer_for(i.key())))
            .collect()
    }

    fn toward(pole: Pole) -> impl Fn(Pole) -> u8 {
        move |key| if key == pole { 5 } else { 1 }
    }

    #[test]
    fn every_item_at_its_sales_pole_gives_at_least_90_and_names_one_band() {
        let s = score(&BANK, &all(toward(Pole::Sales))).unwrap();
        assert!(s.overall.position >= 90.0, "{}", s.overall.position);
        assert_eq!(s.band.id, "strongly_sales");
        assert!(s.band_chance > 0.9, "{}", s.band_chance);
        assert_eq!(s.neighbour, None);
        assert_eq!(s.demand_profile, DemandProfile::Sales);
        for f in &s.facets {
            assert!(f.estimate.position >= 90.0, "{f:?}");
        }
    }

    #[test]
    fn every_item_at_its_marketing_pole_gives_at_most_10() {
        let s = score(&BANK, &all(toward(Pole::Marketing))).unwrap();
        assert!(s.overall.position <= 10.0, "{}", s.overall.position);
        assert_eq!(s.band.id, "strongly_marketing");
        assert_eq!(s.demand_profile, DemandProfile::Marketing);
        for f in &s.facets {
            assert!(f.estimate.position <= 10.0, "{f:?}");
        }
    }

    #[test]
    fn neutral_everywhere_is_hybrid() {
        let s = score(&BANK, &all(|_| 3)).unwrap();
        assert_eq!(s.band.id, "hybrid");
        assert_eq!(s.overall.position, 50.0);
        assert_eq!(s.response_style, None);
    }

    /// Agreeing with every statement cancels inside each demand score: the
    /// role is not called "both", and the response style is pointed out.
    #[test]
    fn agreeing_with_everything_is_a_response_style_not_a_demanding_role() {
        let s = score(&BANK, &all(|_| 5)).unwrap();
        assert_eq!(s.overall.position, 50.0);
        assert_eq!(s.marketing_demand.level, 50.0);
        assert_eq!(s.sales_demand.level, 50.0);
        assert_ne!(s.demand_profile, DemandProfile::Both);
        assert_eq!(s.acquiescence, 2.0);
        assert_eq!(s.response_style, Some(ResponseStyle::Agreeing));
    }

    #[test]
    fn disagreeing_with_everything_is_a_response_style_not_an_empty_role() {
        let s = score(&BANK, &all(|_| 1)).unwrap();
        assert_eq!(s.marketing_demand.level, 50.0);
        assert_ne!(s.demand_profile, DemandProfile::Little);
        assert_eq!(s.response_style, Some(ResponseStyle::Disagreeing));
    }

    /// Answers that say the role asks a lot of both sides (agree with every
    /// "more" statement, disagree with every "less" one).
    #[test]
    fn high_demand_on_both_sides_is_both() {
        let answers: Vec<Option<u8>> = BANK
            .items
            .iter()
            .map(|i| Some(if i.keyed == Keying::More { 5 } else { 1 }))
            .collect();
        let s = score(&BANK, &answers).unwrap();
        assert_eq!(
            (s.marketing_demand.level, s.sales_demand.level),
            (100.0, 100.0)
        );
        assert_eq!(s.demand_profile, DemandProfile::Both);
        assert_eq!(s.response_style, None, "half agreed, half disagreed");
        let little: Vec<Option<u8>> = BANK
            .items
            .iter()
            .map(|i| Some(if i.keyed == Keying::More { 1 } else { 5 }))
            .collect();
        assert_eq!(
            score(&BANK, &little).unwrap().demand_profile,
            DemandProfile::Little
        );
    }

    #[test]
    fn the_position_is_the_balance_of_the_demand_scores() {
        let answers: Vec<Option<u8>> = (0..BANK.items.len())
            .map(|n| Some((n * 7 % 5) as u8 + 1))
            .collect();
        let s = score(&BANK, &answers).unwrap();
        let balance = (100.0 + s.sales_demand.level - s.marketing_demand.level) / 2.0;
        assert!((s.overall.position - balance).abs() < 1e-9);
        let mean_item: f64 = BANK
            .items
            .iter()
            .zip(&answers)
            .map(|(i, a)| item_score(i.key(), a.unwrap()))
            .sum::<f64>()
            / 16.0;
        assert!(
            (s.overall.position - mean_item).abs() < 1e-9,
            "with balanced keying, the mean of the item scores"
        );
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
                    let to = match item.key() {
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
    fn the_interval_widens_with_inconsistent_answers_but_never_moves_the_position() {
        // Consistent: every statement three steps toward sales.
        let consistent = score(&BANK, &all(|k| if k == Pole::Sales { 4 } else { 2 }))
            .unwrap()
            .overall;
        // Inconsistent: the same balance, reached by answers at both ends.
        let spread: Vec<Option<u8>> = BANK
            .items
            .iter()
            .enumerate()
            .map(|(n, i)| {
                Some(if n % 4 < 2 {
                    if i.key() == Pole::Sales {
                        5
                    } else {
                        1
                    }
                } else {
                    3
                })
            })
            .collect();
        let spread = score(&BANK, &spread).unwrap().overall;
        assert_eq!(consistent.position, 75.0);
        assert_eq!(spread.position, 75.0);
        assert!(spread.high - spread.low > consistent.high - consistent.low);
        assert!(consistent.low < 75.0 && consistent.high > 75.0);
        let few = score(&BANK, &all(|k| if k == Pole::Sales { 4 } else { 2 })[..4])
            .unwrap()
            .overall;
        assert!(few.se > consistent.se, "fewer answers, more doubt");
    }

    #[test]
    fn band_chances_add_up_and_name_a_neighbour_only_near_a_cut() {
        for (position, se) in [
            (50.0, 6.0),
            (59.0, 6.0),
            (0.0, 3.0),
            (100.0, 20.0),
            (33.3, 0.0),
        ] {
            let c = band_chances(&BANK, position, se);
            assert!((c.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{c:?}");
        }
        // Right at the middle of a band with a small error: one band.
        let c = band_chances(&BANK, 70.0, 3.0);
        assert!(c[3] > 0.99, "{c:?}");
        // A position on the cut between two bands: half each.
        let c = band_chances(&BANK, 60.0, 5.0);
        assert!((c[2] - c[3]).abs() < 1e-6 && c[2] > 0.4, "{c:?}");
    }

    #[test]
    fn a_borderline_answer_pattern_names_two_bands() {
        // Seven statements of sixteen one step toward sales, the rest neutral:
        // the position lands near the cut at 60.
        let answers: Vec<Option<u8>> = BANK
            .items
            .iter()
            .enumerate()
            .map(|(n, i)| {
                Some(if n % 5 >= 2 {
                    3
                } else if i.key() == Pole::Sales {
                    4
                } else {
                    2
                })
            })
            .collect();
        let s = score(&BANK, &answers).unwrap();
        assert!(
            (55.0..=65.0).contains(&s.overall.position),
            "{}",
            s.overall.position
        );
        let n = s.neighbour.expect("a neighbour near the cut");
        assert!(
            ["hybrid", "leans_sales"].contains(&s.band.id)
                && ["hybrid", "leans_sales"].contains(&n.band.id)
        );
        assert_ne!(s.band.id, n.band.id);
        assert!(s.band_chance >= n.chance && n.chance >= NEIGHBOUR_FROM);
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
    fn the_normal_distribution_function_matches_known_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.959_964) - 0.975).abs() < 1e-6);
        assert!((normal_cdf(-1.644_854) - 0.05).abs() < 1e-6);
        assert!(normal_cdf(-40.0) >= 0.0 && normal_cdf(40.0) <= 1.0);
    }

    #[test]
    fn chances_are_stated_to_the_nearest_five_percent_short_of_certainty() {
        assert_eq!(stated_percent(0.68), 70);
        assert_eq!(stated_percent(0.999), 95);
        assert_eq!(stated_percent(0.01), 5);
        assert_eq!(stated_percent(f64::NAN.max(0.5)), 50);
    }

    #[test]
    fn t_quantiles_are_monotone_and_reach_the_normal() {
        assert!((t_quantile_95(15.0) - 1.753).abs() < 1e-9);
        assert!(t_quantile_95(11.0) > t_quantile_95(12.0));
        assert!((t_quantile_95(1e6) - 1.645).abs() < 1e-9);
    }
}
