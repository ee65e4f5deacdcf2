//! Known groups: personas of typical roles (`content/personas.toml`), each
//! answered from the statement texts alone, must land in the band their job
//! description calls for, and every statement must separate the sales roles
//! from the marketing roles in the direction its key says.
//!
//! The simulation cannot catch a mis-keyed statement, since its generator
//! reads the same keys the scoring does. These answers were written from the
//! wording, so a key that contradicts the wording shows up here: the last
//! test flips each statement's key in turn and expects this check to fail.

use std::collections::BTreeMap;

use role_quiz_core::content::{Bank, Keying, BANK, TEXTS_EN};
use role_quiz_core::flags::{flags, Flag};
use role_quiz_core::scoring::{item_score, score, DemandProfile};
use role_quiz_core::session::MeasuresView;
use role_quiz_core::Pole;
use serde::Deserialize;

#[derive(Deserialize)]
struct Personas {
    personas: Vec<Persona>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Persona {
    id: String,
    title: String,
    advert: String,
    group: String,
    expected: Vec<String>,
    measures: String,
    #[serde(default)]
    title_mismatch: bool,
    #[serde(default)]
    both_demands: bool,
    answers: BTreeMap<String, u8>,
}

/// A statement's answers must differ between the groups by at least one
/// answer step (25 points) on average, in the direction of its key.
const MIN_SEPARATION: f64 = 25.0;

fn personas() -> Vec<Persona> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../content/personas.toml");
    let text = std::fs::read_to_string(path).expect("content/personas.toml is readable");
    toml::from_str::<Personas>(&text)
        .expect("content/personas.toml is well formed")
        .personas
}

fn measures(code: &str) -> MeasuresView {
    MeasuresView::ALL
        .into_iter()
        .find(|m| m.id() == code)
        .unwrap_or_else(|| panic!("unknown measures view {code}"))
}

fn answers(bank: &Bank<'_>, persona: &Persona) -> Vec<Option<u8>> {
    bank.items
        .iter()
        .map(|i| persona.answers.get(i.id).copied())
        .collect()
}

/// Everything the personas say about a bank; each problem as a sentence.
fn check(bank: &Bank<'_>, personas: &[Persona], report: bool) -> Vec<String> {
    let mut problems = Vec::new();
    for p in personas {
        assert!(
            !p.advert.is_empty() && !p.title.is_empty(),
            "{}: describe the role first",
            p.id
        );
        let a = answers(bank, p);
        assert!(
            a.iter().all(Option::is_some),
            "{}: answer every statement",
            p.id
        );
        let s = score(bank, &a).unwrap();
        if report {
            let named = s.neighbour.map_or(String::new(), |n| {
                format!(", possibly {} ({:.0}%)", n.band.id, 100.0 * n.chance)
            });
            println!(
                "{:<42} position {:>5.1} [{:>5.1}, {:>5.1}]  {} ({:.0}%){named}; demands M {:.0} S {:.0} ({:?})",
                p.id,
                s.overall.position,
                s.overall.low,
                s.overall.high,
                s.band.id,
                100.0 * s.band_chance,
                s.marketing_demand.level,
                s.sales_demand.level,
                s.demand_profile
            );
        }
        if !p.expected.iter().any(|b| b == s.band.id) {
            problems.push(format!(
                "{} lands in {} at {:.1}, not in {:?}",
                p.id, s.band.id, s.overall.position, p.expected
            ));
        }
        let found = flags(
            bank,
            &TEXTS_EN.title_keywords,
            &p.title,
            Some(measures(&p.measures)),
            &s,
        );
        let mismatch = found
            .iter()
            .any(|f| matches!(f, Flag::TitleMismatch { .. }));
        if mismatch != p.title_mismatch {
            problems.push(format!(
                "{}: title mismatch flag {mismatch}, expected {}",
                p.id, p.title_mismatch
            ));
        }
        if p.both_demands && s.demand_profile != DemandProfile::Both {
            problems.push(format!(
                "{}: demand profile {:?}, expected Both",
                p.id, s.demand_profile
            ));
        }
    }
    for (n, item) in bank.items.iter().enumerate() {
        let mean_in = |group: &str| {
            let scores: Vec<f64> = personas
                .iter()
                .filter(|p| p.group == group)
                .map(|p| item_score(item.key(), answers(bank, p)[n].unwrap()))
                .collect();
            scores.iter().sum::<f64>() / scores.len() as f64
        };
        let separation = mean_in("sales") - mean_in("marketing");
        if report {
            println!(
                "statement {:<3} separates sales from marketing roles by {separation:>6.1} points",
                item.id
            );
        }
        if separation < MIN_SEPARATION {
            problems.push(format!(
                "statement {} separates the groups by {separation:.1} points toward sales",
                item.id
            ));
        }
    }
    problems
}

#[test]
fn every_persona_lands_in_its_band_and_every_statement_separates_the_groups() {
    let personas = personas();
    assert!(personas.len() >= 7, "too few personas");
    for group in ["sales", "marketing"] {
        assert!(
            personas.iter().filter(|p| p.group == group).count() >= 3,
            "too few {group} personas"
        );
    }
    let problems = check(&BANK, &personas, true);
    assert!(
        problems.is_empty(),
        "known groups disagree with the bank:\n- {}",
        problems.join("\n- ")
    );
}

/// The mutation check: a test suite guards the keys only if it fails when a
/// key is wrong. Each statement's keying is flipped in turn ("more" for
/// "less"), and then its side (marketing for sales); every flip must fail.
#[test]
fn flipping_any_statements_key_is_caught() {
    let personas = personas();
    for n in 0..BANK.items.len() {
        for flip in ["keyed", "side"] {
            let mut items = BANK.items.to_vec();
            match flip {
                "keyed" => {
                    items[n].keyed = match items[n].keyed {
                        Keying::More => Keying::Less,
                        Keying::Less => Keying::More,
                    }
                }
                _ => {
                    items[n].side = if items[n].side == Pole::Sales {
                        Pole::Marketing
                    } else {
                        Pole::Sales
                    }
                }
            }
            let mutant = Bank {
                items: &items,
                ..BANK
            };
            let problems = check(&mutant, &personas, false);
            assert!(
                !problems.is_empty(),
                "flipping the {flip} of statement {} went unnoticed",
                BANK.items[n].id
            );
        }
    }
}
