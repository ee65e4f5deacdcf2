//! Prints the question bank as JSON: each statement's id, facet, side,
//! keying and the pole agreeing moves the position toward, and the bands.
//! The end-to-end tests read the bank this way, from the core itself.
//!
//! `cargo run -q -p role-quiz-core --example bank_json`

use role_quiz_core::content::BANK;
use role_quiz_core::Pole;
use serde_json::json;

fn pole(p: Pole) -> &'static str {
    match p {
        Pole::Marketing => "marketing",
        Pole::Sales => "sales",
    }
}

fn main() {
    let items: Vec<_> = BANK
        .items
        .iter()
        .map(|i| {
            json!({
                "id": i.id,
                "facet": i.facet,
                "side": pole(i.side),
                "keyed": match i.keyed { role_quiz_core::content::Keying::More => "more", role_quiz_core::content::Keying::Less => "less" },
                "key": pole(i.key()),
            })
        })
        .collect();
    let bands: Vec<_> = BANK
        .bands
        .iter()
        .map(|b| json!({ "id": b.id, "min": b.min, "max": b.max }))
        .collect();
    println!(
        "{}",
        json!({ "version": BANK.version, "items": items, "bands": bands })
    );
}
