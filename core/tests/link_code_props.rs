//! Property tests of link codes: any answers round-trip, and no input makes
//! the decoder panic or accept something impossible.

use proptest::prelude::*;
use role_quiz_core::content::BANK;
use role_quiz_core::link_code::{decode, encode, LinkContent};
use role_quiz_core::session::Respondent;
use role_quiz_core::session::{MeasuresView, Perspective};

fn respondent() -> impl Strategy<Value = Respondent> {
    (
        0..3usize,
        0..5usize,
        proptest::collection::vec(proptest::option::of(1..=5u8), BANK.items.len()),
    )
        .prop_map(|(p, m, answers)| Respondent {
            perspective: Perspective::ALL[p],
            measures: (m > 0).then(|| MeasuresView::ALL[m - 1]),
            answers,
        })
}

fn title() -> impl Strategy<Value = String> {
    // Any printable text a job title field could hold (up to 60 characters,
    // so even four-byte characters fit the code's title length).
    proptest::collection::vec(
        any::<char>().prop_filter("printable", |c| !c.is_control()),
        0..60,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn invitations_round_trip(first in respondent(), title in title()) {
        let content = LinkContent::Invitation { title, first };
        prop_assert_eq!(decode(&BANK, &encode(&BANK, &content)), Ok(content));
    }

    #[test]
    fn comparisons_round_trip(first in respondent(), second in respondent(), title in title()) {
        let content = LinkContent::Comparison { title, first, second };
        prop_assert_eq!(decode(&BANK, &encode(&BANK, &content)), Ok(content));
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,600}") {
        let _ = decode(&BANK, &text);
    }

    #[test]
    fn arbitrary_code_characters_never_decode_to_nonsense(text in "[A-Za-z0-9_-]{0,120}") {
        if let Ok(content) = decode(&BANK, &text) {
            let people = match &content {
                LinkContent::Invitation { first, .. } | LinkContent::Result { first, .. } => vec![first.clone()],
                LinkContent::Comparison { first, second, .. } => vec![first.clone(), second.clone()],
            };
            for p in people {
                prop_assert_eq!(p.answers.len(), BANK.items.len());
                prop_assert!(p.answers.iter().flatten().all(|a| (1..=5).contains(a)));
            }
        }
    }

    #[test]
    fn a_changed_character_is_caught(first in respondent(), at in any::<prop::sample::Index>(), to in 0..64usize) {
        let content = LinkContent::Invitation { title: "Role".into(), first };
        let code = encode(&BANK, &content);
        let mut bytes = code.clone().into_bytes();
        let i = at.index(bytes.len());
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        bytes[i] = alphabet[to];
        let changed = String::from_utf8(bytes).unwrap();
        // Only a change in the last character's unused bits leaves the bytes
        // as they were; any other change must be refused.
        if let Ok(back) = decode(&BANK, &changed) {
            prop_assert_eq!(back, content);
        }
    }
}
