//! The result: where the role sits, how sure that is, what it demands, what
//! to look at, what it means, and the call to action.

mod advice;
mod call_to_action;
mod demand_map;
mod facet_bars;
mod flag_list;
mod spectrum;

use std::rc::Rc;

use role_quiz_core::flags::flags;
use role_quiz_core::lead::ResultSummary;
use role_quiz_core::session::{Action, Session};
use role_quiz_core::template::{fill, points};
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::shared::use_shared;
use advice::Advice;
use call_to_action::CallToAction;
use demand_map::DemandMap;
use facet_bars::FacetBars;
use flag_list::FlagList;
use spectrum::Spectrum;

#[derive(Properties, PartialEq)]
pub struct ResultScreenProps {
    pub session: Session,
    pub moves: u32,
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn ResultScreen(props: &ResultScreenProps) -> Html {
    let shared = use_shared();
    let (bank, texts) = (shared.bank, shared.texts);
    let ui = texts.ui;
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with(props.moves, move |moves| {
            if *moves > 0 {
                if let Some(h) = heading.cast::<HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
    let restart = props.on_action.reform(|_: MouseEvent| Action::Restart);
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });

    let Some(score) = props.session.score(bank) else {
        return html! {
            <div class="rq-screen">
                <button type="button" class="rq-button rq-primary" onclick={restart}>{ ui.restart_button }</button>
            </div>
        };
    };
    let band = texts.band(score.band.id);
    let band_name = band.map_or(score.band.id, |b| b.name);
    let overall = score.overall;
    let numbers = [
        ("position", points(overall.position)),
        ("low", points(overall.low)),
        ("high", points(overall.high)),
    ];
    let numbers: Vec<(&str, &str)> = numbers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let found = flags(bank, &texts.title_keywords, props.session.title(), props.session.measures, &score);
    let title = props.session.title();
    let summary = Rc::new(ResultSummary::new(bank, &props.session, &score, &found));

    html! {
        <div class="rq-screen rq-result">
            <h2 class="rq-title" tabindex="-1" ref={heading}>{ ui.result_title }</h2>
            if !title.is_empty() {
                <p class="rq-note">{ fill(ui.result_for_title, &[("title", title)]) }</p>
            }
            <p class="rq-band-name">{ band_name }</p>
            <Spectrum estimate={overall} band_name={band_name} />
            <p class="rq-position">{ fill(ui.position_sentence, &numbers) }</p>
            <p class="rq-note">{ fill(ui.interval_sentence, &numbers) }</p>
            if let Some(band) = band {
                <p class="rq-lead">{ band.summary }</p>
            }
            <DemandMap
                marketing={score.marketing_demand}
                sales={score.sales_demand}
                profile={score.demand_profile}
            />
            <FacetBars facets={score.facets.iter().map(|f| (f.facet, f.estimate)).collect::<Vec<_>>()} />
            <FlagList flags={found} />
            if let Some(band) = band {
                <Advice hiring={band.hiring} managing={band.managing} measuring={band.measuring} />
            }
            <CallToAction summary={summary} />
            <div class="rq-actions rq-no-print">
                <button type="button" class="rq-button rq-secondary" onclick={print}>{ ui.print_button }</button>
                <button type="button" class="rq-button rq-secondary" onclick={restart}>{ ui.restart_button }</button>
            </div>
        </div>
    }
}

/// Where a position (0 to 100) falls along a track of the given width
/// starting at `left`, in SVG units.
fn along(position: f64, left: f64, width: f64) -> f64 {
    left + width * position.clamp(0.0, 100.0) / 100.0
}
