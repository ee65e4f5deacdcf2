//! Compiles the content data (`content/bank.toml` and every
//! `content/<locale>/strings.toml`) into Rust statics, so the widget ships no
//! TOML parser and pays no parsing time at start-up.
//!
//! This script only checks the *shape* of the files (types, required keys);
//! the rules about the content itself (balanced keying, unique ids, bands that
//! cover 0 to 100, no missing texts) live in `src/validate.rs`, where they are
//! tested, and a test runs them over the shipped bank.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBank {
    bank_version: u32,
    retired_ids: Vec<String>,
    facets: Vec<RawFacet>,
    items: Vec<RawItem>,
    bands: Vec<RawBand>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFacet {
    id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    facet: String,
    side: String,
    keyed: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    id: String,
    min: u8,
    max: u8,
    lean: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStrings {
    locale: String,
    ui: BTreeMap<String, String>,
    scale: RawScale,
    perspectives: RawPerspectives,
    measures: RawMeasures,
    facets: BTreeMap<String, RawFacetText>,
    items: BTreeMap<String, String>,
    bands: BTreeMap<String, RawBandText>,
    borderlines: Vec<RawBorderline>,
    demand: RawDemand,
    response_style: RawResponseStyle,
    flags: RawFlags,
    sides: RawSides,
    title_keywords: RawKeywords,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    labels: [String; 5],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerspectives {
    holder: String,
    manager: String,
    hiring: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasures {
    right: String,
    partly: String,
    wrong: String,
    unsure: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFacetText {
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBandText {
    name: String,
    summary: String,
    hiring: String,
    managing: String,
    measuring: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBorderline {
    between: [String; 2],
    hiring: String,
    managing: String,
    measuring: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResponseStyle {
    title: String,
    agreeing: String,
    disagreeing: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDemand {
    both: RawText,
    little: RawText,
    marketing: RawText,
    sales: RawText,
    balanced: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlagText {
    title: String,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlags {
    title_mismatch: RawFlagText,
    yardstick_mismatch: RawFlagText,
    measures_doubted: RawFlagText,
    facets_split: RawFlagText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSides {
    marketing: String,
    sales: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeywords {
    marketing: Vec<String>,
    sales: Vec<String>,
}

fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> T {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn pole(value: &str, what: &str) -> &'static str {
    match value {
        "marketing" => "Some(Pole::Marketing)",
        "sales" => "Some(Pole::Sales)",
        "none" => "None",
        other => panic!("{what}: `{other}` is not one of marketing, sales, none"),
    }
}

fn s(text: &str) -> String {
    // Debug formatting of a str is a valid Rust string literal.
    format!("{text:?}")
}

fn list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|i| s(i)).collect();
    format!("&[{}]", inner.join(", "))
}

/// The fields `Texts` and `StartTexts` share: the answer scale, the
/// perspectives, the measures and the statements, as struct-literal lines.
fn question_texts(strings: &RawStrings) -> String {
    let (l, p, m) = (
        &strings.scale.labels,
        &strings.perspectives,
        &strings.measures,
    );
    let mut out = format!(
        "    scale: [{}, {}, {}, {}, {}],\n",
        s(&l[0]),
        s(&l[1]),
        s(&l[2]),
        s(&l[3]),
        s(&l[4])
    );
    out.push_str(&format!(
        "    perspectives: PerspectiveTexts {{ holder: {}, manager: {}, hiring: {} }},\n",
        s(&p.holder),
        s(&p.manager),
        s(&p.hiring)
    ));
    out.push_str(&format!(
        "    measures: MeasuresTexts {{ right: {}, partly: {}, wrong: {}, unsure: {} }},\n",
        s(&m.right),
        s(&m.partly),
        s(&m.wrong),
        s(&m.unsure)
    ));
    out.push_str("    items: &[\n");
    for (id, t) in &strings.items {
        out.push_str(&format!("        ({}, {}),\n", s(id), s(t)));
    }
    out.push_str("    ],\n");
    out
}

/// The keys of `[ui]` the start module shows: the start screen, the
/// questions, the notices above them, the hand-over to the full module and
/// the panic fallback. The start module links only these texts (and the
/// statements, scale, perspectives and measures), not every screen's; see
/// `StartTexts` in src/content.rs.
const START_UI_KEYS: [&str; 30] = [
    "widget_label",
    "start_title",
    "start_intro",
    "start_time",
    "start_button",
    "resume_note",
    "resume_button",
    "resume_loading",
    "start_over_button",
    "next_button",
    "back_button",
    "finish_button",
    "progress_label",
    "perspective_question",
    "title_question",
    "title_label",
    "title_hint",
    "title_too_long_problem",
    "item_prompt",
    "measures_question",
    "choose_answer_problem",
    "storage_unavailable_note",
    "saved_progress_unreadable",
    "saved_progress_other_version",
    "ending_loading",
    "ending_failed",
    "ending_retry",
    "fallback_text",
    "fallback_link",
    "fallback_call",
];

fn main() {
    let content = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap())
        .join("..")
        .join("content");
    println!("cargo:rerun-if-changed={}", content.display());
    let bank: RawBank = read(&content.join("bank.toml"));

    let mut out = String::new();
    writeln!(
        out,
        "// Generated by core/build.rs from content/. Do not edit."
    )
    .unwrap();

    // The bank.
    writeln!(out, "pub static BANK: Bank<'static> = Bank {{").unwrap();
    writeln!(out, "    version: {},", bank.bank_version).unwrap();
    writeln!(out, "    retired_ids: {},", list(&bank.retired_ids)).unwrap();
    writeln!(out, "    facets: &[").unwrap();
    for f in &bank.facets {
        writeln!(out, "        Facet {{ id: {} }},", s(&f.id)).unwrap();
    }
    writeln!(out, "    ],\n    items: &[").unwrap();
    // The source notes are for the bank's authors and its checks
    // (`validate`), which run natively; the widget never shows them, so
    // its WebAssembly leaves them out (0.4 KiB of the start module).
    let keep_sources = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("wasm32");
    for i in &bank.items {
        let side = match i.side.as_str() {
            "marketing" => "Pole::Marketing",
            "sales" => "Pole::Sales",
            other => panic!("item {}: side `{other}` is not marketing or sales", i.id),
        };
        let keyed = match i.keyed.as_str() {
            "more" => "Keying::More",
            "less" => "Keying::Less",
            other => panic!("item {}: keyed `{other}` is not more or less", i.id),
        };
        writeln!(
            out,
            "        Item {{ id: {}, facet: {}, side: {side}, keyed: {keyed}, source: {} }},",
            s(&i.id),
            s(&i.facet),
            s(if keep_sources { &i.source } else { "" })
        )
        .unwrap();
    }
    writeln!(out, "    ],\n    bands: &[").unwrap();
    for b in &bank.bands {
        writeln!(
            out,
            "        Band {{ id: {}, min: {}, max: {}, lean: {} }},",
            s(&b.id),
            b.min,
            b.max,
            pole(&b.lean, &format!("band {}", b.id))
        )
        .unwrap();
    }
    writeln!(out, "    ],\n}};").unwrap();

    // The locales, in directory order; English defines the UI keys.
    let mut locales: Vec<PathBuf> = std::fs::read_dir(&content)
        .expect("content/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("strings.toml").is_file())
        .collect();
    locales.sort();
    let reference: RawStrings = read(&content.join("en").join("strings.toml"));
    let ui_keys: Vec<&String> = reference.ui.keys().collect();

    writeln!(
        out,
        "\n/// The interface texts: one field per key of `[ui]` in the English strings."
    )
    .unwrap();
    writeln!(out, "#[derive(Debug)]\npub struct UiText {{").unwrap();
    for k in &ui_keys {
        writeln!(out, "    pub {k}: &'static str,").unwrap();
    }
    writeln!(
        out,
        "}}\n\nimpl UiText {{\n    /// Every text with its key, for validation."
    )
    .unwrap();
    writeln!(
        out,
        "    pub fn all(&self) -> [(&'static str, &'static str); {}] {{\n        [",
        ui_keys.len()
    )
    .unwrap();
    for k in &ui_keys {
        writeln!(out, "            ({}, self.{k}),", s(k)).unwrap();
    }
    writeln!(out, "        ]\n    }}\n}}").unwrap();

    for k in START_UI_KEYS {
        assert!(
            ui_keys.iter().any(|u| u.as_str() == k),
            "START_UI_KEYS names {k}, which is not a key of [ui]"
        );
    }
    writeln!(
        out,
        "\n/// The interface texts of the start screen and the questions: the keys of\n/// `[ui]` the start module uses (`START_UI_KEYS` in build.rs)."
    )
    .unwrap();
    writeln!(out, "#[derive(Debug)]\npub struct StartUi {{").unwrap();
    for k in START_UI_KEYS {
        writeln!(out, "    pub {k}: &'static str,").unwrap();
    }
    writeln!(
        out,
        "}}\n\nimpl StartUi {{\n    /// Every text with its key, for tests.\n    pub fn all(&self) -> [(&'static str, &'static str); {}] {{\n        [",
        START_UI_KEYS.len()
    )
    .unwrap();
    for k in START_UI_KEYS {
        writeln!(out, "            ({}, self.{k}),", s(k)).unwrap();
    }
    writeln!(out, "        ]\n    }}\n}}").unwrap();

    let mut names = Vec::new();
    for dir in &locales {
        let strings: RawStrings = read(&dir.join("strings.toml"));
        let dir_name = dir.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(
            strings.locale, dir_name,
            "content/{dir_name}/strings.toml says locale = {:?}",
            strings.locale
        );
        for k in strings.ui.keys() {
            assert!(
                reference.ui.contains_key(k),
                "content/{dir_name}: [ui] {k} is not an English key"
            );
        }
        let ident = format!("TEXTS_{}", dir_name.to_uppercase().replace('-', "_"));
        writeln!(out, "\npub static {ident}: Texts<'static> = Texts {{").unwrap();
        writeln!(out, "    locale: {},", s(&strings.locale)).unwrap();
        writeln!(out, "    ui: &UiText {{").unwrap();
        for k in &ui_keys {
            // A missing key becomes an empty text, which validation reports.
            let v = strings.ui.get(*k).map(String::as_str).unwrap_or("");
            writeln!(out, "        {k}: {},", s(v)).unwrap();
        }
        writeln!(out, "    }},").unwrap();
        out.push_str(&question_texts(&strings));
        writeln!(out, "    facets: &[").unwrap();
        for (id, f) in &strings.facets {
            writeln!(
                out,
                "        ({}, FacetText {{ name: {} }}),",
                s(id),
                s(&f.name)
            )
            .unwrap();
        }
        writeln!(out, "    ],\n    bands: &[").unwrap();
        for (id, b) in &strings.bands {
            writeln!(
                out,
                "        ({}, BandText {{ name: {}, summary: {}, hiring: {}, managing: {}, measuring: {} }}),",
                s(id),
                s(&b.name),
                s(&b.summary),
                s(&b.hiring),
                s(&b.managing),
                s(&b.measuring)
            )
            .unwrap();
        }
        writeln!(out, "    ],\n    borderlines: &[").unwrap();
        for b in &strings.borderlines {
            writeln!(
                out,
                "        BorderlineText {{ lower: {}, upper: {}, hiring: {}, managing: {}, measuring: {} }},",
                s(&b.between[0]),
                s(&b.between[1]),
                s(&b.hiring),
                s(&b.managing),
                s(&b.measuring)
            )
            .unwrap();
        }
        writeln!(out, "    ],").unwrap();
        let r = &strings.response_style;
        writeln!(
            out,
            "    response_style: ResponseStyleTexts {{ title: {}, agreeing: {}, disagreeing: {} }},",
            s(&r.title),
            s(&r.agreeing),
            s(&r.disagreeing)
        )
        .unwrap();
        let d = &strings.demand;
        writeln!(
            out,
            "    demand: DemandTexts {{ both: {}, little: {}, marketing: {}, sales: {}, balanced: {} }},",
            s(&d.both.text),
            s(&d.little.text),
            s(&d.marketing.text),
            s(&d.sales.text),
            s(&d.balanced.text)
        )
        .unwrap();
        let f = &strings.flags;
        writeln!(out, "    flags: FlagTexts {{").unwrap();
        for (name, flag) in [
            ("title_mismatch", &f.title_mismatch),
            ("yardstick_mismatch", &f.yardstick_mismatch),
            ("measures_doubted", &f.measures_doubted),
            ("facets_split", &f.facets_split),
        ] {
            writeln!(
                out,
                "        {name}: FlagText {{ title: {}, text: {} }},",
                s(&flag.title),
                s(&flag.text)
            )
            .unwrap();
        }
        writeln!(out, "    }},").unwrap();
        writeln!(
            out,
            "    sides: SideTexts {{ marketing: {}, sales: {} }},",
            s(&strings.sides.marketing),
            s(&strings.sides.sales)
        )
        .unwrap();
        writeln!(
            out,
            "    title_keywords: TitleKeywords {{ marketing: {}, sales: {} }},",
            list(&strings.title_keywords.marketing),
            list(&strings.title_keywords.sales)
        )
        .unwrap();
        writeln!(out, "}};").unwrap();
        let start_ident = format!("START_{ident}");
        writeln!(
            out,
            "\npub static {start_ident}: StartTexts<'static> = StartTexts {{"
        )
        .unwrap();
        writeln!(out, "    locale: {},", s(&strings.locale)).unwrap();
        writeln!(out, "    ui: &StartUi {{").unwrap();
        for k in START_UI_KEYS {
            let v = strings.ui.get(k).map(String::as_str).unwrap_or("");
            writeln!(out, "        {k}: {},", s(v)).unwrap();
        }
        writeln!(out, "    }},").unwrap();
        out.push_str(&question_texts(&strings));
        writeln!(out, "}};").unwrap();
        names.push((strings.locale.clone(), ident));
    }

    writeln!(out, "\n/// Every shipped locale, by its code.").unwrap();
    writeln!(out, "pub static LOCALES: &[(&str, &Texts<'static>)] = &[").unwrap();
    for (code, ident) in &names {
        writeln!(out, "    ({}, &{ident}),", s(code)).unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "\n/// The start module's texts of every shipped locale, by its code."
    )
    .unwrap();
    writeln!(
        out,
        "pub static START_LOCALES: &[(&str, &StartTexts<'static>)] = &["
    )
    .unwrap();
    for (code, ident) in &names {
        writeln!(out, "    ({}, &START_{ident}),", s(code)).unwrap();
    }
    writeln!(out, "];").unwrap();

    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("content.rs");
    std::fs::write(&dest, out).expect("write generated content");
}
