//! The rules a question bank and its texts must follow.
//!
//! A test runs [`validate`] over the shipped bank, so a content change that
//! breaks a rule fails `cargo test` with a message naming what is wrong.

use std::collections::HashSet;
use std::fmt;

use crate::content::{Bank, Keying, Pole, Texts};

/// Scored items the questionnaire must have, all facets together.
pub const ITEM_COUNT_RANGE: std::ops::RangeInclusive<usize> = 16..=24;

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BankProblem {
    DuplicateItemId(String),
    RetiredIdReused(String),
    DuplicateFacetId(String),
    UnknownFacet {
        item: String,
        facet: String,
    },
    EmptyFacet(String),
    UnbalancedFacet {
        facet: String,
        marketing: usize,
        sales: usize,
    },
    UnbalancedSide {
        side: &'static str,
        more: usize,
        less: usize,
    },
    MissingSource(String),
    ItemCount(usize),
    NoBands,
    BandGap {
        expected_min: u8,
        band: String,
        min: u8,
    },
    EmptyBand(String),
    BandsEndAt(u8),
    DuplicateBandId(String),
    MissingText {
        locale: String,
        what: &'static str,
        id: String,
    },
    UnusedText {
        locale: String,
        what: &'static str,
        id: String,
    },
}

impl fmt::Display for BankProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use BankProblem::*;
        match self {
            DuplicateItemId(id) => write!(f, "item id `{id}` is used more than once"),
            RetiredIdReused(id) => write!(f, "item id `{id}` was retired and must not be used again"),
            DuplicateFacetId(id) => write!(f, "facet `{id}` is declared more than once"),
            UnknownFacet { item, facet } => write!(f, "item `{item}` names facet `{facet}`, which is not declared"),
            EmptyFacet(id) => write!(f, "facet `{id}` has no items"),
            UnbalancedFacet { facet, marketing, sales } => write!(
                f,
                "facet `{facet}` has {marketing} items keyed toward marketing and {sales} toward sales; it needs as many of each"
            ),
            UnbalancedSide { side, more, less } => write!(
                f,
                "the {side} side has {more} statements keyed \"more\" and {less} keyed \"less\"; it needs as many of each, so that agreeing with everything cancels inside its demand score"
            ),
            MissingSource(id) => write!(f, "item `{id}` has no source note saying which idea of the source article it paraphrases"),
            ItemCount(n) => write!(
                f,
                "the bank has {n} scored items; it needs {} to {}",
                ITEM_COUNT_RANGE.start(),
                ITEM_COUNT_RANGE.end()
            ),
            NoBands => write!(f, "the bank has no bands"),
            BandGap { expected_min, band, min } => write!(
                f,
                "band `{band}` starts at {min}, but the bands before it end at {expected_min}: the bands must cover 0 to 100 without gaps or overlaps"
            ),
            EmptyBand(id) => write!(f, "band `{id}` is empty: its max must be above its min"),
            BandsEndAt(max) => write!(f, "the last band ends at {max}; the bands must reach 100"),
            DuplicateBandId(id) => write!(f, "band `{id}` is declared more than once"),
            MissingText { locale, what, id } => write!(f, "locale `{locale}` has no text for {what} `{id}`"),
            UnusedText { locale, what, id } => {
                write!(f, "locale `{locale}` has a text for {what} `{id}`, which the bank does not have")
            }
        }
    }
}

/// Checks the bank and each locale's texts; returns every problem found.
pub fn validate(bank: &Bank<'_>, locales: &[&Texts<'_>]) -> Result<(), Vec<BankProblem>> {
    let mut problems = Vec::new();
    check_facets_and_items(bank, &mut problems);
    check_bands(bank, &mut problems);
    for texts in locales {
        check_texts(bank, texts, &mut problems);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn check_facets_and_items(bank: &Bank<'_>, problems: &mut Vec<BankProblem>) {
    let mut facets = HashSet::new();
    for facet in bank.facets {
        if !facets.insert(facet.id) {
            problems.push(BankProblem::DuplicateFacetId(facet.id.into()));
        }
    }
    let retired: HashSet<&str> = bank.retired_ids.iter().copied().collect();
    let mut ids = HashSet::new();
    for item in bank.items {
        if !ids.insert(item.id) {
            problems.push(BankProblem::DuplicateItemId(item.id.into()));
        }
        if retired.contains(item.id) {
            problems.push(BankProblem::RetiredIdReused(item.id.into()));
        }
        if !facets.contains(item.facet) {
            problems.push(BankProblem::UnknownFacet {
                item: item.id.into(),
                facet: item.facet.into(),
            });
        }
        if item.source.trim().is_empty() {
            problems.push(BankProblem::MissingSource(item.id.into()));
        }
    }
    for (side, name) in [(Pole::Marketing, "marketing"), (Pole::Sales, "sales")] {
        let count = |keyed: Keying| {
            bank.items
                .iter()
                .filter(|i| i.side == side && i.keyed == keyed)
                .count()
        };
        let (more, less) = (count(Keying::More), count(Keying::Less));
        if more != less {
            problems.push(BankProblem::UnbalancedSide {
                side: name,
                more,
                less,
            });
        }
    }
    if !ITEM_COUNT_RANGE.contains(&bank.items.len()) {
        problems.push(BankProblem::ItemCount(bank.items.len()));
    }
    for facet in bank.facets {
        let keys = bank
            .items
            .iter()
            .filter(|i| i.facet == facet.id)
            .map(|i| i.key());
        let (marketing, sales) = keys.fold((0, 0), |(m, s), k| match k {
            Pole::Marketing => (m + 1, s),
            Pole::Sales => (m, s + 1),
        });
        if marketing + sales == 0 {
            problems.push(BankProblem::EmptyFacet(facet.id.into()));
        } else if marketing != sales {
            problems.push(BankProblem::UnbalancedFacet {
                facet: facet.id.into(),
                marketing,
                sales,
            });
        }
    }
}

fn check_bands(bank: &Bank<'_>, problems: &mut Vec<BankProblem>) {
    if bank.bands.is_empty() {
        problems.push(BankProblem::NoBands);
        return;
    }
    let mut ids = HashSet::new();
    let mut expected_min = 0;
    for band in bank.bands {
        if !ids.insert(band.id) {
            problems.push(BankProblem::DuplicateBandId(band.id.into()));
        }
        if band.min != expected_min {
            problems.push(BankProblem::BandGap {
                expected_min,
                band: band.id.into(),
                min: band.min,
            });
        }
        if band.max <= band.min {
            problems.push(BankProblem::EmptyBand(band.id.into()));
        }
        expected_min = band.max;
    }
    if expected_min != 100 {
        problems.push(BankProblem::BandsEndAt(expected_min));
    }
}

fn check_texts(bank: &Bank<'_>, texts: &Texts<'_>, problems: &mut Vec<BankProblem>) {
    let locale = texts.locale.to_string();
    let mut missing = |what: &'static str, id: &str| {
        problems.push(BankProblem::MissingText {
            locale: locale.clone(),
            what,
            id: id.into(),
        })
    };
    for item in bank.items {
        if texts.item(item.id).is_none_or(|t| t.trim().is_empty()) {
            missing("item", item.id);
        }
    }
    for facet in bank.facets {
        if texts
            .facet(facet.id)
            .is_none_or(|t| t.name.trim().is_empty())
        {
            missing("facet", facet.id);
        }
    }
    for band in bank.bands {
        let complete = texts.band(band.id).is_some_and(|t| {
            [t.name, t.summary, t.hiring, t.managing, t.measuring]
                .iter()
                .all(|s| !s.trim().is_empty())
        });
        if !complete {
            missing("band", band.id);
        }
    }
    for pair in bank.bands.windows(2) {
        let complete = texts.borderline(pair[0].id, pair[1].id).is_some_and(|t| {
            [t.hiring, t.managing, t.measuring]
                .iter()
                .all(|s| !s.trim().is_empty())
        });
        if !complete {
            missing(
                "borderline advice",
                &format!("{} and {}", pair[0].id, pair[1].id),
            );
        }
    }
    for (key, value) in texts.ui.all() {
        if value.trim().is_empty() {
            missing("interface text", key);
        }
    }
    let fixed = [
        ("scale label", "1", texts.scale[0]),
        ("scale label", "2", texts.scale[1]),
        ("scale label", "3", texts.scale[2]),
        ("scale label", "4", texts.scale[3]),
        ("scale label", "5", texts.scale[4]),
        ("perspective", "holder", texts.perspectives.holder),
        ("perspective", "manager", texts.perspectives.manager),
        ("perspective", "hiring", texts.perspectives.hiring),
        ("measures answer", "right", texts.measures.right),
        ("measures answer", "partly", texts.measures.partly),
        ("measures answer", "wrong", texts.measures.wrong),
        ("measures answer", "unsure", texts.measures.unsure),
        ("demand text", "both", texts.demand.both),
        ("demand text", "little", texts.demand.little),
        ("demand text", "marketing", texts.demand.marketing),
        ("demand text", "sales", texts.demand.sales),
        ("demand text", "balanced", texts.demand.balanced),
        ("flag", "title_mismatch", texts.flags.title_mismatch.text),
        (
            "flag",
            "yardstick_mismatch",
            texts.flags.yardstick_mismatch.text,
        ),
        (
            "flag",
            "measures_doubted",
            texts.flags.measures_doubted.text,
        ),
        ("flag", "facets_split", texts.flags.facets_split.text),
        ("response style", "title", texts.response_style.title),
        ("response style", "agreeing", texts.response_style.agreeing),
        (
            "response style",
            "disagreeing",
            texts.response_style.disagreeing,
        ),
        ("side", "marketing", texts.sides.marketing),
        ("side", "sales", texts.sides.sales),
    ];
    for (what, id, value) in fixed {
        if value.trim().is_empty() {
            missing(what, id);
        }
    }
    let unused = |what: &'static str, id: &str| BankProblem::UnusedText {
        locale: texts.locale.into(),
        what,
        id: id.into(),
    };
    for (id, _) in texts.items {
        if bank.item_index(id).is_none() {
            problems.push(unused("item", id));
        }
    }
    for (id, _) in texts.bands {
        if !bank.bands.iter().any(|b| b.id == *id) {
            problems.push(unused("band", id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Band, Item, BANK, LOCALES, TEXTS_EN};

    fn all_locales() -> Vec<&'static Texts<'static>> {
        LOCALES.iter().map(|(_, t)| *t).collect()
    }

    #[test]
    fn shipped_bank_and_texts_are_valid() {
        if let Err(problems) = validate(&BANK, &all_locales()) {
            let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            panic!(
                "the shipped content breaks these rules:\n- {}",
                list.join("\n- ")
            );
        }
    }

    #[test]
    fn rejects_duplicate_item_ids() {
        let mut items = BANK.items.to_vec();
        items[1].id = items[0].id;
        let bank = Bank {
            items: &items,
            ..BANK
        };
        let problems = validate(&bank, &[]).unwrap_err();
        assert!(
            problems.contains(&BankProblem::DuplicateItemId(items[0].id.into())),
            "{problems:?}"
        );
    }

    #[test]
    fn rejects_a_reused_retired_id() {
        let retired = [BANK.items[3].id];
        let bank = Bank {
            retired_ids: &retired,
            ..BANK
        };
        let problems = validate(&bank, &[]).unwrap_err();
        assert_eq!(
            problems,
            vec![BankProblem::RetiredIdReused(retired[0].into())]
        );
    }

    #[test]
    fn rejects_unbalanced_keying() {
        let mut items = BANK.items.to_vec();
        let flipped = items
            .iter_mut()
            .find(|i| i.key() == Pole::Marketing)
            .unwrap();
        flipped.keyed = match flipped.keyed {
            Keying::More => Keying::Less,
            Keying::Less => Keying::More,
        };
        let facet = flipped.facet.to_string();
        let bank = Bank {
            items: &items,
            ..BANK
        };
        let problems = validate(&bank, &[]).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, BankProblem::UnbalancedFacet { facet: f, .. } if *f == facet)),
            "{problems:?}"
        );
        assert!(problems[0].to_string().contains("as many of each"));
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, BankProblem::UnbalancedSide { .. })),
            "a side keyed more often one way than the other: {problems:?}"
        );
    }

    /// Moving a statement to the other side keeps each facet's position
    /// balanced but leaves a demand score with agreement that does not cancel.
    #[test]
    fn rejects_a_side_whose_statements_do_not_cancel_yea_saying() {
        let mut items = BANK.items.to_vec();
        let moved = items
            .iter_mut()
            .find(|i| i.side == Pole::Marketing && i.keyed == Keying::More)
            .unwrap();
        moved.side = Pole::Sales;
        moved.keyed = Keying::Less;
        let bank = Bank {
            items: &items,
            ..BANK
        };
        let problems = validate(&bank, &[]).unwrap_err();
        assert_eq!(
            problems,
            vec![
                BankProblem::UnbalancedSide {
                    side: "marketing",
                    more: 3,
                    less: 4
                },
                BankProblem::UnbalancedSide {
                    side: "sales",
                    more: 4,
                    less: 5
                },
            ]
        );
        assert!(problems[0]
            .to_string()
            .contains("cancels inside its demand score"));
    }

    #[test]
    fn rejects_an_item_without_a_source_note() {
        let mut items = BANK.items.to_vec();
        items[2].source = " ";
        let bank = Bank {
            items: &items,
            ..BANK
        };
        assert_eq!(
            validate(&bank, &[]).unwrap_err(),
            vec![BankProblem::MissingSource(items[2].id.into())]
        );
    }

    #[test]
    fn rejects_an_item_in_an_undeclared_facet() {
        let mut items = BANK.items.to_vec();
        items.push(Item {
            id: "x1",
            facet: "nowhere",
            side: Pole::Sales,
            keyed: Keying::More,
            source: "s",
        });
        items.push(Item {
            id: "x2",
            facet: "nowhere",
            side: Pole::Sales,
            keyed: Keying::Less,
            source: "s",
        });
        let bank = Bank {
            items: &items,
            ..BANK
        };
        let problems = validate(&bank, &[]).unwrap_err();
        assert!(problems.contains(&BankProblem::UnknownFacet {
            item: "x1".into(),
            facet: "nowhere".into()
        }));
    }

    #[test]
    fn rejects_too_few_items() {
        let bank = Bank {
            items: &BANK.items[..8],
            ..BANK
        };
        let problems = validate(&bank, &[]).unwrap_err();
        assert!(
            problems.contains(&BankProblem::ItemCount(8)),
            "{problems:?}"
        );
    }

    #[test]
    fn rejects_bands_with_a_gap_an_overlap_or_a_short_end() {
        let mut gap = BANK.bands.to_vec();
        gap[2].min += 5;
        let bank = Bank {
            bands: &gap,
            ..BANK
        };
        assert!(matches!(
            validate(&bank, &[]).unwrap_err()[0],
            BankProblem::BandGap { .. }
        ));

        let mut overlap = BANK.bands.to_vec();
        overlap[1].max += 5;
        let bank = Bank {
            bands: &overlap,
            ..BANK
        };
        assert!(matches!(
            validate(&bank, &[]).unwrap_err()[0],
            BankProblem::BandGap { .. }
        ));

        let short = &BANK.bands[..BANK.bands.len() - 1];
        let bank = Bank {
            bands: short,
            ..BANK
        };
        assert_eq!(
            validate(&bank, &[]).unwrap_err(),
            vec![BankProblem::BandsEndAt(80)]
        );

        let late_start = [Band {
            id: "all",
            min: 1,
            max: 100,
            lean: None,
        }];
        let bank = Bank {
            bands: &late_start,
            ..BANK
        };
        assert!(matches!(
            validate(&bank, &[]).unwrap_err()[0],
            BankProblem::BandGap { min: 1, .. }
        ));
    }

    #[test]
    fn rejects_missing_and_empty_texts() {
        let items: Vec<(&str, &str)> = TEXTS_EN
            .items
            .iter()
            .copied()
            .filter(|(id, _)| *id != "w5")
            .collect();
        let mut bands = TEXTS_EN.bands.to_vec();
        bands[0].1.hiring = " ";
        let texts = Texts {
            items: &items,
            bands: &bands,
            ..TEXTS_EN
        };
        let problems = validate(&BANK, &[&texts]).unwrap_err();
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "locale `en` has no text for item `w5`".to_string(),
                format!("locale `en` has no text for band `{}`", bands[0].0),
            ]
        );
    }

    #[test]
    fn rejects_texts_for_items_the_bank_lacks() {
        let mut items = TEXTS_EN.items.to_vec();
        items.push(("zz9", "A statement nobody asks."));
        let texts = Texts {
            items: &items,
            ..TEXTS_EN
        };
        let problems = validate(&BANK, &[&texts]).unwrap_err();
        assert_eq!(
            problems,
            vec![BankProblem::UnusedText {
                locale: "en".into(),
                what: "item",
                id: "zz9".into()
            }]
        );
    }
}
