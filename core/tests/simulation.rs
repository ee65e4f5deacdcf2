//! Simulated respondents: does the scoring recover what a different model of
//! answering put in, and are its stated uncertainties honest?
//!
//! This checks the scoring's consistency, not the validity of the questions:
//! only real respondents can show that the statements measure what a role
//! really asks. The generator is deliberately *not* the scoring's own model,
//! so the tests below can fail when the scoring is wrong.
//!
//! # The generator
//!
//! Samejima's graded response model. Each statement `i` gets, once per run,
//! a discrimination `a_i` drawn uniformly from 1.0 to 2.5 and four ordered
//! thresholds `b_ik = (-1.5, -0.5, 0.5, 1.5) + δ_i`, with `δ_i` normal with
//! standard deviation 0.5. Each simulated person has an independent latent
//! marketing demand `θ_m` and sales demand `θ_s`, each uniform from −2.5 to
//! 2.5, and an acquiescence shift `c`, uniform from −0.5 to 0.5. For a
//! statement of side `j` keyed "more" the latent value is `θ_j`, keyed
//! "less" `−θ_j`; the answer is at least `k + 1` with probability
//! `1 / (1 + exp(−a_i (θ + c − b_ik)))`, and one uniform draw per statement
//! picks the answer from those probabilities (so two runs that differ only in
//! `c` draw the same uniforms and can be compared person by person).
//!
//! A person's true demand on the 0–100 scale is the expected demand score of
//! that side's statements with `c = 0`; the true position is the balance of
//! the two true demands, `(100 + S − M) / 2`, as the scoring defines it.
//! Floor and ceiling effects arise by themselves: at `θ = 2.5` the top answer
//! is likely but not certain.
//!
//! Random numbers come from SplitMix64 with a fixed seed; normals from the
//! Box–Muller transform. Run with `--nocapture` to see the figures the README
//! quotes: `cargo test -p role-quiz-core --test simulation -- --nocapture`.

use role_quiz_core::alignment::{
    compare, raw_agreement, AlignmentBand, ALIGNED_FROM, CHANCE_AGREEMENT,
};
use role_quiz_core::content::{Bank, Keying, BANK};
use role_quiz_core::scoring::{score, DemandProfile, Score};
use role_quiz_core::session::Perspective;
use role_quiz_core::session::Respondent;
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

    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.uniform()
    }

    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

const SEED: u64 = 20_261_128;
const PEOPLE: usize = 20_000;
const PAIRS: usize = 4_000;

/// One statement's parameters under the graded response model.
#[derive(Clone, Copy, Debug)]
struct ItemParams {
    discrimination: f64,
    thresholds: [f64; 4],
}

impl ItemParams {
    /// P(answer ≥ k + 2) for k = 0..4, at latent value `theta`.
    fn at_least(&self, theta: f64) -> [f64; 4] {
        self.thresholds
            .map(|b| 1.0 / (1.0 + (-self.discrimination * (theta - b)).exp()))
    }

    fn answer(&self, theta: f64, u: f64) -> u8 {
        1 + self.at_least(theta).iter().filter(|&&p| u < p).count() as u8
    }

    fn expected(&self, theta: f64) -> f64 {
        1.0 + self.at_least(theta).iter().sum::<f64>()
    }
}

fn draw_items(rng: &mut SplitMix64, bank: &Bank<'_>) -> Vec<ItemParams> {
    bank.items
        .iter()
        .map(|_| {
            let discrimination = rng.between(1.0, 2.5);
            let shift = 0.5 * rng.normal();
            ItemParams {
                discrimination,
                thresholds: [-1.5, -0.5, 0.5, 1.5].map(|b| b + shift),
            }
        })
        .collect()
}

/// A simulated person: the latent demands and the uniforms their answers use.
#[derive(Clone, Debug)]
struct Person {
    theta_m: f64,
    theta_s: f64,
    uniforms: Vec<f64>,
}

/// What the generator says is true of a person.
#[derive(Clone, Copy, Debug)]
struct Truth {
    marketing: f64,
    sales: f64,
    position: f64,
}

struct World {
    bank: Bank<'static>,
    items: Vec<ItemParams>,
}

impl World {
    fn new(bank: Bank<'static>, seed: u64) -> World {
        let mut rng = SplitMix64(seed ^ 0x1234_5678);
        World {
            items: draw_items(&mut rng, &bank),
            bank,
        }
    }

    fn theta(&self, person: &Person, n: usize) -> f64 {
        let item = self.bank.items[n];
        let side = match item.side {
            Pole::Marketing => person.theta_m,
            Pole::Sales => person.theta_s,
        };
        match item.keyed {
            Keying::More => side,
            Keying::Less => -side,
        }
    }

    fn answers(&self, person: &Person, acquiescence: f64) -> Vec<Option<u8>> {
        (0..self.bank.items.len())
            .map(|n| {
                Some(self.items[n].answer(self.theta(person, n) + acquiescence, person.uniforms[n]))
            })
            .collect()
    }

    /// True demands and position, over the statements selected.
    fn truth_over(&self, person: &Person, include: impl Fn(usize) -> bool) -> Truth {
        let side = |pole: Pole| {
            let scores: Vec<f64> = (0..self.bank.items.len())
                .filter(|&n| include(n) && self.bank.items[n].side == pole)
                .map(|n| {
                    let e = self.items[n].expected(self.theta(person, n));
                    match self.bank.items[n].keyed {
                        Keying::More => (e - 1.0) * 25.0,
                        Keying::Less => (5.0 - e) * 25.0,
                    }
                })
                .collect();
            scores.iter().sum::<f64>() / scores.len() as f64
        };
        let (marketing, sales) = (side(Pole::Marketing), side(Pole::Sales));
        Truth {
            marketing,
            sales,
            position: (100.0 + sales - marketing) / 2.0,
        }
    }

    fn truth(&self, person: &Person) -> Truth {
        self.truth_over(person, |_| true)
    }

    fn person(&self, rng: &mut SplitMix64) -> Person {
        Person {
            theta_m: rng.between(-2.5, 2.5),
            theta_s: rng.between(-2.5, 2.5),
            uniforms: (0..self.bank.items.len()).map(|_| rng.uniform()).collect(),
        }
    }

    fn same_role(&self, person: &Person, rng: &mut SplitMix64) -> Person {
        Person {
            uniforms: (0..self.bank.items.len()).map(|_| rng.uniform()).collect(),
            ..person.clone()
        }
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

fn share(hits: usize, of: usize) -> f64 {
    hits as f64 / of.max(1) as f64
}

/// One simulated population: each person's truth and score.
struct Run {
    people: Vec<(Person, Truth, Score<'static>)>,
}

fn run(world: &World, seed: u64, acquiescence: impl Fn(&mut SplitMix64) -> f64) -> Run {
    let mut rng = SplitMix64(seed);
    let people = (0..PEOPLE)
        .map(|_| {
            let person = world.person(&mut rng);
            let c = acquiescence(&mut rng);
            let s =
                score(&world.bank, &world.answers(&person, c)).expect("every statement answered");
            let truth = world.truth(&person);
            (person, truth, s)
        })
        .collect();
    Run { people }
}

fn documented(world: &World) -> Run {
    run(world, SEED, |rng| rng.between(-0.5, 0.5))
}

fn band_index(bank: &Bank<'_>, id: &str) -> usize {
    bank.bands.iter().position(|b| b.id == id).unwrap()
}

#[derive(Debug)]
#[allow(dead_code)] // printed through Debug
struct Recovery {
    position_r: f64,
    marketing_r: f64,
    sales_r: f64,
    coverage: f64,
    coverage_near_ends: f64,
    near_ends: usize,
    mean_width: f64,
}

fn recovery(run: &Run) -> Recovery {
    let pick = |f: &dyn Fn(&(Person, Truth, Score<'static>)) -> f64| {
        run.people.iter().map(f).collect::<Vec<_>>()
    };
    let covered = |p: &&(Person, Truth, Score<'static>)| {
        p.2.overall.low <= p.1.position && p.1.position <= p.2.overall.high
    };
    let near: Vec<&(Person, Truth, Score<'static>)> = run
        .people
        .iter()
        .filter(|(_, t, _)| t.position <= 10.0 || t.position >= 90.0)
        .collect();
    Recovery {
        position_r: pearson(&pick(&|p| p.1.position), &pick(&|p| p.2.overall.position)),
        marketing_r: pearson(
            &pick(&|p| p.1.marketing),
            &pick(&|p| p.2.marketing_demand.level),
        ),
        sales_r: pearson(&pick(&|p| p.1.sales), &pick(&|p| p.2.sales_demand.level)),
        coverage: share(run.people.iter().filter(covered).count(), run.people.len()),
        coverage_near_ends: share(near.iter().copied().filter(covered).count(), near.len()),
        near_ends: near.len(),
        mean_width: pick(&|p| p.2.overall.high - p.2.overall.low)
            .iter()
            .sum::<f64>()
            / run.people.len() as f64,
    }
}

#[test]
fn positions_and_demands_are_recovered_with_honest_intervals() {
    let world = World::new(BANK, SEED);
    let r = recovery(&documented(&world));
    println!("recovery at the documented setting ({PEOPLE} people): {r:#?}");
    assert!(r.position_r >= 0.9, "position r = {:.3}", r.position_r);
    assert!(
        r.marketing_r >= 0.8,
        "marketing demand r = {:.3}",
        r.marketing_r
    );
    assert!(r.sales_r >= 0.8, "sales demand r = {:.3}", r.sales_r);
    assert!(
        (0.85..=0.95).contains(&r.coverage),
        "90% interval coverage {:.3}",
        r.coverage
    );
    assert!(
        r.near_ends >= 100,
        "too few people near the ends to judge: {}",
        r.near_ends
    );
    assert!(
        r.coverage_near_ends >= 0.80,
        "coverage within 10 points of an end {:.3}",
        r.coverage_near_ends
    );
}

/// The chance as the widget states it.
fn stated(chance: f64) -> f64 {
    f64::from(role_quiz_core::scoring::stated_percent(chance))
}

#[test]
fn the_named_band_and_its_stated_likelihood_are_calibrated() {
    let world = World::new(BANK, SEED);
    let bank = &world.bank;
    let run = documented(&world);
    let (mut alone, mut alone_right) = (0, 0);
    // Reliability diagram: 10-point bins of the stated chance, each with the
    // statements made and how many came true.
    let mut bins = [(0usize, 0usize, 0.0f64); 10];
    for (_, truth, s) in &run.people {
        let true_band = bank.band_at(truth.position).id;
        let mut statement = |band: &str, chance: f64| {
            let said = stated(chance);
            let bin = ((said / 10.0) as usize).min(9);
            bins[bin].0 += 1;
            bins[bin].1 += usize::from(band == true_band);
            bins[bin].2 += said;
        };
        statement(s.band.id, s.band_chance);
        if let Some(n) = s.neighbour {
            statement(n.band.id, n.chance);
        } else {
            alone += 1;
            alone_right += usize::from(s.band.id == true_band);
        }
    }
    let alone_share = share(alone_right, alone);
    println!(
        "one band named for {alone} of {PEOPLE} people; right for {:.3} of them",
        alone_share
    );
    println!("stated likelihood bin: statements, mean stated %, share right %");
    let mut worst: f64 = 0.0;
    for (n, (count, right, said)) in bins.iter().enumerate() {
        if *count == 0 {
            continue;
        }
        let (mean_said, observed) = (said / *count as f64, 100.0 * share(*right, *count));
        println!(
            "  {:>3}-{:<3} {count:>6} {mean_said:>6.1} {observed:>6.1}",
            n * 10,
            n * 10 + 10
        );
        if *count >= 200 {
            worst = worst.max((observed - mean_said).abs());
            assert!(
                (observed - mean_said).abs() <= 10.0,
                "told about {mean_said:.0}%, right {observed:.1}% of the time ({count} statements)"
            );
        }
    }
    println!("largest calibration error in bins of 200 or more statements: {worst:.1} points");
    assert!(
        alone_share >= 0.9,
        "a single named band was right for only {alone_share:.3}"
    );
    let _ = band_index(bank, "hybrid");
}

/// Everybody shifts every answer a full latent unit toward agreeing (half
/// of them) or disagreeing (the other half).
#[test]
fn strong_yea_saying_moves_no_demand_score_and_never_makes_both_or_little() {
    let world = World::new(BANK, SEED);
    let mut rng = SplitMix64(SEED + 1);
    let (mut error_m, mut error_s, mut by_style, mut flagged) = (0.0, 0.0, 0usize, 0usize);
    for n in 0..PEOPLE {
        let person = world.person(&mut rng);
        let shift = if n % 2 == 0 { 1.0 } else { -1.0 };
        let truth = world.truth(&person);
        let styled = score(&world.bank, &world.answers(&person, shift)).unwrap();
        let plain = score(&world.bank, &world.answers(&person, 0.0)).unwrap();
        error_m += (styled.marketing_demand.level - truth.marketing).abs();
        error_s += (styled.sales_demand.level - truth.sales).abs();
        // A false claim: "both" when the true demands are not both above the
        // middle, "little" when they are not both below. By style alone: the
        // same person answering without the style does not make it.
        let false_claim = |p: DemandProfile| match p {
            DemandProfile::Both => !(truth.marketing > 50.0 && truth.sales > 50.0),
            DemandProfile::Little => !(truth.marketing < 50.0 && truth.sales < 50.0),
            _ => false,
        };
        by_style +=
            usize::from(false_claim(styled.demand_profile) && !false_claim(plain.demand_profile));
        flagged += usize::from(styled.response_style.is_some());
    }
    let (error_m, error_s) = (error_m / PEOPLE as f64, error_s / PEOPLE as f64);
    println!(
        "acquiescence ±1: mean |error| marketing demand {error_m:.2}, sales demand {error_s:.2}; \
         called both or little by style alone: {by_style}; response style noted for {:.3}",
        share(flagged, PEOPLE)
    );
    assert!(
        error_m <= 10.0 && error_s <= 10.0,
        "demand errors {error_m:.2} and {error_s:.2}"
    );
    assert_eq!(
        by_style, 0,
        "people called both or little only because of their answering style"
    );
}

fn respondent(answers: Vec<Option<u8>>, perspective: Perspective) -> Respondent {
    Respondent {
        perspective,
        measures: None,
        answers,
    }
}

/// Compares a holder's and a manager's answers, each with an acquiescence
/// shift of their own at the documented setting.
fn compare_pair(
    world: &World,
    holder: &Person,
    manager: &Person,
    rng: &mut SplitMix64,
) -> role_quiz_core::alignment::Comparison<'static> {
    let (ca, cb) = (rng.between(-0.5, 0.5), rng.between(-0.5, 0.5));
    compare(
        &world.bank,
        &respondent(world.answers(holder, ca), Perspective::Holder),
        &respondent(world.answers(manager, cb), Perspective::Manager),
    )
    .unwrap()
}

#[test]
fn the_chance_agreement_constant_is_what_random_pairs_reach() {
    let world = World::new(BANK, SEED);
    let mut rng = SplitMix64(SEED + 2);
    let total: f64 = (0..PAIRS)
        .map(|_| {
            let (a, b) = (world.person(&mut rng), world.person(&mut rng));
            let (ca, cb) = (rng.between(-0.5, 0.5), rng.between(-0.5, 0.5));
            raw_agreement(&world.bank, &world.answers(&a, ca), &world.answers(&b, cb))
                .unwrap()
                .0
        })
        .sum();
    let chance = total / PAIRS as f64;
    println!("raw agreement of random pairs: {chance:.2} (constant {CHANCE_AGREEMENT})");
    assert!(
        (chance - CHANCE_AGREEMENT).abs() <= 1.5,
        "random pairs reach {chance:.2}"
    );
}

#[test]
fn pairs_describing_the_same_role_read_aligned_and_different_roles_do_not() {
    let world = World::new(BANK, SEED);
    let mut rng = SplitMix64(SEED + 3);
    let (mut aligned, mut no_facet_gap, mut level_noted, mut talk) =
        (0usize, 0usize, 0usize, 0usize);
    let mut scores = Vec::new();
    for _ in 0..PAIRS {
        let holder = world.person(&mut rng);
        let manager = world.same_role(&holder, &mut rng);
        let c = compare_pair(&world, &holder, &manager, &mut rng);
        aligned += usize::from(c.band == AlignmentBand::Aligned);
        no_facet_gap += usize::from(c.facets.iter().all(|f| !f.gap.is_real()));
        level_noted += usize::from(c.level.is_real());
        talk += c.talk_through.len();
        scores.push(c.alignment);
    }
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let mut sorted = scores.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "same-role score deciles: {:?}",
        (1..10)
            .map(|d| sorted[d * PAIRS / 10].round())
            .collect::<Vec<_>>()
    );
    // The README's "typically between" figures: the 10th and 90th percentiles.
    assert!(
        sorted[PAIRS / 10] >= ALIGNED_FROM,
        "a tenth of same-role pairs score below the aligned cut"
    );
    let sd = (scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / scores.len() as f64).sqrt();
    let (aligned, no_facet_gap) = (share(aligned, PAIRS), share(no_facet_gap, PAIRS));
    println!(
        "same role, {PAIRS} pairs: score {mean:.1} ± {sd:.1}; aligned {aligned:.3}; no facet gap {no_facet_gap:.3}; \
         level difference noted {:.3}; statements worth talking through per pair {:.2}",
        share(level_noted, PAIRS),
        talk as f64 / PAIRS as f64
    );
    assert!(
        aligned >= 0.90,
        "same-role pairs read aligned only {aligned:.3} of the time"
    );
    assert!(
        no_facet_gap >= 0.85,
        "same-role pairs told of no facet gap only {no_facet_gap:.3} of the time"
    );

    let (mut apart, mut not_aligned, mut apart_scores) = (0usize, 0usize, Vec::new());
    while apart < PAIRS {
        let (a, b) = (world.person(&mut rng), world.person(&mut rng));
        if (world.truth(&a).position - world.truth(&b).position).abs() < 40.0 {
            continue;
        }
        let c = compare_pair(&world, &a, &b, &mut rng);
        apart += 1;
        not_aligned += usize::from(c.band != AlignmentBand::Aligned);
        apart_scores.push(c.alignment);
    }
    apart_scores.sort_by(f64::total_cmp);
    println!(
        "40-apart score deciles: {:?}",
        (1..10)
            .map(|d| apart_scores[d * PAIRS / 10].round())
            .collect::<Vec<_>>()
    );
    let not_aligned = share(not_aligned, apart);
    println!(
        "true positions 40 or more apart, {apart} pairs: some gaps or misaligned {not_aligned:.3}"
    );
    assert!(
        not_aligned >= 0.95,
        "pairs 40 points apart read aligned {:.3} of the time",
        1.0 - not_aligned
    );
}

/// The facet positions the simulation sees are printed for the README: how
/// often a flag-worthy facet (interval clear of the middle) is on the side
/// its truth is on.
#[test]
fn facet_sides_named_by_the_flags_are_right() {
    let world = World::new(BANK, SEED);
    let run = documented(&world);
    let (mut named, mut right) = (0usize, 0usize);
    for (person, _, s) in &run.people {
        for (n, facet) in world.bank.facets.iter().enumerate() {
            let Some(side) = role_quiz_core::flags::facet_side(&world.bank, s, facet.id) else {
                continue;
            };
            let truth = world.truth_over(person, |i| {
                world.bank.items[i].facet == world.bank.facets[n].id
            });
            named += 1;
            right += usize::from(match side {
                Pole::Marketing => truth.position < 50.0,
                Pole::Sales => truth.position > 50.0,
            });
        }
    }
    let right = share(right, named);
    println!(
        "facets named clearly on one side: {named} of {}; on the true side {right:.3}",
        PEOPLE * 4
    );
    assert!(
        right >= 0.95,
        "a facet called clearly on one side was on it only {right:.3} of the time"
    );
}
