//! The comparison of two people's answers: the alignment score, whether one
//! simply agrees more overall, both positions on one spectrum and whether
//! they differ beyond noise, the facets side by side, whether they agree on
//! how success is measured, and the statements worth talking through.

use std::rc::Rc;

use role_quiz_core::alignment::{compare, AlignmentBand, Comparison};
use role_quiz_core::content::{Bank, UiText};
use role_quiz_core::lead::ComparisonSummary;
use role_quiz_core::session::Perspective;
use role_quiz_core::session::Respondent;
use role_quiz_core::template::{fill, points};
use yew::prelude::*;

use crate::components::drawing::{self, band_rects, spectrum_ends};
use crate::shared::use_shared;

/// The name for a side of the comparison.
pub fn side_name(ui: &UiText, p: Perspective) -> &'static str {
    match p {
        Perspective::Holder => ui.side_holder,
        Perspective::Manager => ui.side_manager,
        Perspective::Hiring => ui.side_hiring,
    }
}

/// The call to action that speaks to what the comparison found.
pub fn finding_text(ui: &UiText, c: &Comparison<'_>) -> &'static str {
    if !c.agree_on_measurement {
        ui.comparison_cta_measurement
    } else if c.agree_on_right_measures == Some(false) {
        ui.comparison_cta_right_measures
    } else if c.band != AlignmentBand::Aligned {
        ui.comparison_cta_gaps
    } else {
        ui.comparison_cta_aligned
    }
}

#[derive(Properties, PartialEq)]
pub struct ComparisonViewProps {
    /// Computed once by the screen that shows it.
    pub comparison: Rc<Comparison<'static>>,
    pub first: Perspective,
    pub second: Perspective,
}

/// A comparison with what a lead carries of it, computed once.
#[derive(Clone, Debug, PartialEq)]
pub struct Compared {
    pub comparison: Rc<Comparison<'static>>,
    pub summary: Rc<ComparisonSummary>,
}

impl Compared {
    /// Compares two respondents; `None` unless they answered a statement in common.
    pub fn of(
        bank: &'static Bank<'static>,
        first: &Respondent,
        second: &Respondent,
    ) -> Option<Compared> {
        let comparison = compare(bank, first, second)?;
        let summary = Rc::new(ComparisonSummary::new(bank, &comparison, first, second));
        Some(Compared {
            comparison: Rc::new(comparison),
            summary,
        })
    }
}

const LEFT: f64 = 8.0;
const WIDTH: f64 = 304.0;

fn along(position: f64) -> f64 {
    drawing::along(position, LEFT, WIDTH)
}

#[function_component]
pub fn ComparisonView(props: &ComparisonViewProps) -> Html {
    let shared = use_shared();
    let (bank, texts) = (shared.bank, shared.texts());
    let ui = texts.ui;
    let c = &*props.comparison;
    let (a_side, b_side) = (side_name(ui, props.first), side_name(ui, props.second));
    let (a, b) = (
        points(c.first.overall.position),
        points(c.second.overall.position),
    );
    let sides = [
        ("first_side", a_side),
        ("second_side", b_side),
        ("first", a.as_str()),
        ("second", b.as_str()),
    ];
    let (band_name, band_text) = match c.band {
        AlignmentBand::Aligned => (ui.align_aligned_name, ui.align_aligned_text),
        AlignmentBand::SomeGaps => (ui.align_some_gaps_name, ui.align_some_gaps_text),
        AlignmentBand::Misaligned => (ui.align_misaligned_name, ui.align_misaligned_text),
    };
    let marker = |position: f64, label: &str, class: &'static str, y: f64| {
        let x = along(position);
        html! {
            <g class={class}>
                <circle class="rq-marker" cx={x.to_string()} cy="27" r="6" stroke-width="2" />
                <text class="rq-marker-label" x={x.to_string()} y={y.to_string()} text-anchor="middle" font-size="9">{ label.to_string() }</text>
            </g>
        }
    };
    let facets = c.facets.iter().map(|f| {
        let name = texts.facet(f.facet).map_or(f.facet, |t| t.name);
        let (fa, fb) = (points(f.first), points(f.second));
        let real = f.gap.is_real();
        html! {
            <li class={classes!("rq-facet", real.then_some("rq-facet-real-gap"))} data-facet={f.facet} data-gap={real.to_string()}>
                <span class="rq-facet-name">{ name }</span>
                <svg class="rq-facet-bar" viewBox="0 0 200 16" aria-hidden="true">
                    <rect class="rq-track" x="4" y="6" width="192" height="4" rx="2" />
                    <circle class="rq-marker rq-first" cx={(4.0 + 1.92 * f.first).to_string()} cy="8" r="4" stroke-width="1.5" />
                    <rect class="rq-marker rq-second" x={(4.0 + 1.92 * f.second - 4.0).to_string()} y="4" width="8" height="8" stroke-width="1.5" />
                </svg>
                <span class="rq-facet-value">
                    { fill(ui.comparison_facet_value, &[("first_side", a_side), ("second_side", b_side), ("first", &fa), ("second", &fb)]) }
                    if real {
                        <strong class="rq-gap-mark">{ format!(" ({})", ui.comparison_facet_gap) }</strong>
                    }
                </span>
            </li>
        }
    });
    let talk_through = c.talk_through.iter().map(|d| {
        let item = bank.items[d.item];
        let label = |v: u8| texts.scale[usize::from(v.clamp(1, 5)) - 1];
        html! {
            <li class="rq-dispute" data-item={item.id}>
                <p class="rq-dispute-statement">{ texts.item(item.id).unwrap_or(item.id) }</p>
                <p class="rq-note">
                    { fill(ui.comparison_disputed_answers, &[("first_side", a_side), ("second_side", b_side), ("first", label(d.first)), ("second", label(d.second))]) }
                </p>
            </li>
        }
    });
    let right_measures = match c.agree_on_right_measures {
        Some(true) => ui.comparison_right_agree,
        Some(false) => ui.comparison_right_disagree,
        None => ui.comparison_right_unknown,
    };
    let score = points(c.alignment);
    let level = c.level.is_real().then(|| {
        let side = if c.level.steps > 0.0 { a_side } else { b_side };
        fill(
            ui.comparison_level,
            &[
                ("side", side),
                ("steps", &format!("{:.1}", c.level.steps.abs())),
            ],
        )
    });
    let gap = &c.position_gap;
    // Whole points read best, but when the gap and the margin round to the
    // same number the sentence would contradict itself: then one decimal.
    let (difference, margin) = (gap.difference.abs(), gap.margin);
    let gap_numbers = if points(difference) == points(margin) {
        [
            ("gap", format!("{difference:.1}")),
            ("margin", format!("{margin:.1}")),
        ]
    } else {
        [("gap", points(difference)), ("margin", points(margin))]
    };
    let gap_numbers: Vec<(&str, &str)> =
        gap_numbers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let gap_sentence = fill(
        if gap.is_real() {
            ui.comparison_position_gap
        } else {
            ui.comparison_position_close
        },
        &gap_numbers,
    );
    html! {
        <section class="rq-section rq-comparison" data-alignment={score.clone()}>
            <h3 class="rq-subtitle">{ ui.comparison_title }</h3>
            <p class="rq-band-name rq-alignment-score">{ fill(ui.comparison_score, &[("score", &score)]) }</p>
            <p class="rq-position">{ band_name }</p>
            <p class="rq-lead">{ band_text }</p>
            <p class="rq-note">{ ui.comparison_score_note }</p>
            if let Some(level) = level {
                <p class="rq-level">{ level }</p>
            }
            <figure class="rq-figure">
                <svg class="rq-spectrum" viewBox="0 0 320 50" role="img" aria-label={fill(ui.comparison_spectrum_label, &sides)}>
                    { band_rects(bank, LEFT, WIDTH, 22.0, 10.0) }
                    { marker(c.first.overall.position, a_side, "rq-first", 12.0) }
                    { marker(c.second.overall.position, b_side, "rq-second", 47.0) }
                </svg>
                { spectrum_ends(ui, None) }
            </figure>
            <p>{ fill(ui.comparison_positions, &sides) }</p>
            <p class="rq-position-gap" data-gap={gap.is_real().to_string()}>{ gap_sentence }</p>
            <p class="rq-note">{ fill(ui.comparison_legend, &[("first_side", &a_side.to_lowercase()), ("second_side", &b_side.to_lowercase())]) }</p>
            <ul class="rq-facets">{ for facets }</ul>
            <p>{ if c.agree_on_measurement { ui.comparison_measurement_agree } else { ui.comparison_measurement_disagree } }</p>
            <p>{ right_measures }</p>
            <h4 class="rq-subtitle">{ ui.comparison_disputed_title }</h4>
            if c.talk_through.is_empty() {
                <p>{ ui.comparison_no_disputes }</p>
            } else {
                <p class="rq-note">{ ui.comparison_talk_intro }</p>
                <ol class="rq-disputes">{ for talk_through }</ol>
            }
        </section>
    }
}
