//! Prints what `embed.js` and `frame.js` need to know about the widget, as
//! JSON: the attributes, the values `mode` takes and the longest launcher
//! text, the outbox's storage key, the event names, and the texts they show
//! before the widget loads, per locale. `scripts/write-embed.mjs` runs it at
//! build time, so the JavaScript never keeps a copy that could drift.
//!
//! `cargo run -q -p role-quiz-core --example embed_contract`

use role_quiz_core::config::{ATTRIBUTES, DEFAULT_LOCALE, DEFAULT_PHONE, MAX_LAUNCHER_TEXT, MODES};
use role_quiz_core::content::LOCALES;
use role_quiz_core::events::{WidgetEvent, PREFIX};
use role_quiz_core::outbox::STORAGE_KEY;
use role_quiz_core::template::fill;
use serde_json::{json, Map, Value};

fn main() {
    let texts: Map<String, Value> = LOCALES
        .iter()
        .map(|(code, t)| {
            let ui = t.ui;
            let texts = json!({
                "launcher": ui.launcher_text,
                "close": ui.dialog_close,
                "frameFallback": fill(ui.frame_fallback, &[("phone", DEFAULT_PHONE)]),
            });
            (code.to_string(), texts)
        })
        .collect();
    let contract = json!({
        "attributes": ATTRIBUTES,
        // A framed widget is the frame's whole page: always inline.
        "frameAttributes": ATTRIBUTES.iter().filter(|a| **a != "mode").collect::<Vec<_>>(),
        "modes": MODES,
        "maxLauncherText": MAX_LAUNCHER_TEXT,
        "outboxKey": STORAGE_KEY,
        "eventPrefix": PREFIX,
        "events": WidgetEvent::NAMES,
        "defaultLocale": DEFAULT_LOCALE,
        "phone": DEFAULT_PHONE,
        "texts": texts,
    });
    println!("{contract}");
}
