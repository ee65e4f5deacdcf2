//! Simulated respondents: does the arithmetic recover known positions?
//!
//! This checks the scoring arithmetic, not the validity of the questions: the
//! simulated respondents answer exactly the way the scoring assumes people do.
//!
//! # The generator
//!
//! Each respondent has a true position `T`, drawn uniformly from 0 to 100, and
//! an acquiescence bias `a` in answer steps, drawn uniformly from
//! `-acquiescence..=acquiescence` (or fixed, for "fully acquiescent"
//! respondents). For every item the respondent's latent view toward sales is
//! `v = 4·T/100 + e`, with `e` normal with mean 0 and standard deviation
//! `noise` answer steps, drawn afresh per item. The raw answer is
//! `1 + v + a` for an item keyed toward sales and `5 − v + a` for one keyed
//! toward marketing, rounded to the nearest whole answer and clamped to 1..=5.
//! Random numbers come from SplitMix64 with a fixed seed; normals from the
//! Box–Muller transform.
//!
//! The documented setting is `noise = 0.8` answer steps (20 points per item)
//! and `acquiescence = 0.5` steps. Harder settings are printed, not asserted:
//! run `cargo test -p role-quiz-core --test simulation -- --nocapture`.

use role_quiz_core::content::BANK;
use role_quiz_core::scoring::score;
use role_quiz_core::Pole;

/// SplitMix64: small, fast, and its output is fixed for a given seed.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

#[derive(Clone, Copy, Debug)]
struct Setting {
    noise: f64,
    /// Respondents' bias is drawn from -acquiescence..=acquiescence ...
    acquiescence: f64,
    /// ... unless it is fixed for everybody.
    fixed_acquiescence: Option<f64>,
    respondents: usize,
    seed: u64,
}

const DOCUMENTED: Setting = Setting {
    noise: 0.8,
    acquiescence: 0.5,
    fixed_acquiescence: None,
    respondents: 4000,
    seed: 20261128,
};

#[derive(Debug)]
#[allow(dead_code)] // every field is printed through Debug
struct Outcome {
    r: f64,
    coverage: f64,
    mean_abs_error: f64,
    mean_error: f64,
    mean_width: f64,
}

fn answer(rng: &mut SplitMix64, truth: f64, bias: f64, noise: f64, key: Pole) -> u8 {
    let view = 4.0 * truth / 100.0 + noise * rng.normal();
    let raw = match key {
        Pole::Sales => 1.0 + view + bias,
        Pole::Marketing => 5.0 - view + bias,
    };
    raw.round().clamp(1.0, 5.0) as u8
}

fn simulate(setting: Setting, truth_range: (f64, f64)) -> Outcome {
    let mut rng = SplitMix64(setting.seed);
    let (mut truths, mut estimates) = (Vec::new(), Vec::new());
    let (mut covered, mut width) = (0usize, 0.0);
    for _ in 0..setting.respondents {
        let truth = truth_range.0 + (truth_range.1 - truth_range.0) * rng.uniform();
        let bias = setting
            .fixed_acquiescence
            .unwrap_or_else(|| setting.acquiescence * (2.0 * rng.uniform() - 1.0));
        let answers: Vec<Option<u8>> = BANK
            .items
            .iter()
            .map(|i| Some(answer(&mut rng, truth, bias, setting.noise, i.key)))
            .collect();
        let e = score(&BANK, &answers).unwrap().overall;
        covered += usize::from(e.low <= truth && truth <= e.high);
        width += e.high - e.low;
        truths.push(truth);
        estimates.push(e.position);
    }
    let n = truths.len() as f64;
    let errors: Vec<f64> = estimates.iter().zip(&truths).map(|(e, t)| e - t).collect();
    Outcome {
        r: pearson(&truths, &estimates),
        coverage: covered as f64 / n,
        mean_abs_error: errors.iter().map(|e| e.abs()).sum::<f64>() / n,
        mean_error: errors.iter().sum::<f64>() / n,
        mean_width: width / n,
    }
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

#[test]
fn recovers_positions_at_the_documented_setting() {
    let o = simulate(DOCUMENTED, (0.0, 100.0));
    println!("documented setting {DOCUMENTED:?}: {o:?}");
    assert!(o.r >= 0.9, "r = {:.3}", o.r);
}

#[test]
fn the_90_percent_interval_covers_the_truth_85_to_95_percent_of_the_time() {
    let o = simulate(DOCUMENTED, (0.0, 100.0));
    assert!(
        (0.85..=0.95).contains(&o.coverage),
        "coverage {:.3}",
        o.coverage
    );
}

/// Respondents who answer every statement a full step more agreeably than
/// they see it. Balanced keying cancels the shift, except where a raw answer
/// would pass 5 and is cut off; true positions within one answer step (25
/// points) of either end have no such room, so they are reported separately.
#[test]
fn fully_acquiescent_respondents_land_within_5_points_of_their_true_position() {
    let full = Setting {
        fixed_acquiescence: Some(1.0),
        ..DOCUMENTED
    };
    let honest = Setting {
        fixed_acquiescence: Some(0.0),
        ..DOCUMENTED
    };
    let (with_bias, without) = (simulate(full, (25.0, 75.0)), simulate(honest, (25.0, 75.0)));
    println!("fully acquiescent, true 25..75: {with_bias:?}\nsame without bias: {without:?}");
    assert!(
        with_bias.mean_error.abs() <= 5.0,
        "mean error {:.2}",
        with_bias.mean_error
    );
    assert!(
        with_bias.mean_abs_error <= 5.0,
        "mean absolute error {:.2}",
        with_bias.mean_abs_error
    );
    let ends = simulate(full, (0.0, 100.0));
    println!("fully acquiescent, true 0..100 (reported, not asserted): {ends:?}");
}

#[test]
fn harder_settings_are_reported() {
    for (noise, acquiescence) in [(1.2, 0.5), (1.6, 1.0), (2.0, 1.5)] {
        let setting = Setting {
            noise,
            acquiescence,
            ..DOCUMENTED
        };
        println!(
            "noise {noise}, acquiescence ±{acquiescence}: {:?}",
            simulate(setting, (0.0, 100.0))
        );
    }
}
