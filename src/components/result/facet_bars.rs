//! One bar per facet, with its interval and its position as a number.

use role_quiz_core::scoring::Estimate;
use role_quiz_core::template::{fill, points};
use yew::prelude::*;

use crate::components::drawing::{along, spectrum_ends};
use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct FacetBarsProps {
    /// Facet ids with their estimates.
    pub facets: Vec<(&'static str, Estimate)>,
}

const LEFT: f64 = 4.0;
const WIDTH: f64 = 192.0;

#[function_component]
pub fn FacetBars(props: &FacetBarsProps) -> Html {
    let shared = use_shared();
    let texts = shared.texts();
    let rows = props.facets.iter().map(|(id, e)| {
        let name = texts.facet(id).map_or(*id, |f| f.name);
        let value = fill(
            texts.ui.facet_value,
            &[("position", &points(e.position)), ("low", &points(e.low)), ("high", &points(e.high))],
        );
        let (low, high, at) = (along(e.low, LEFT, WIDTH), along(e.high, LEFT, WIDTH), along(e.position, LEFT, WIDTH));
        html! {
            <li class="rq-facet">
                <span class="rq-facet-name">{ name }</span>
                <svg class="rq-facet-bar" viewBox="0 0 200 16" aria-hidden="true">
                    <rect class="rq-track" x={LEFT.to_string()} y="6" width={WIDTH.to_string()} height="4" rx="2" />
                    <rect class="rq-interval" x={low.to_string()} y="3" width={(high - low).max(1.0).to_string()} height="10" rx="3" />
                    <circle class="rq-marker" cx={at.to_string()} cy="8" r="4" stroke-width="1.5" />
                </svg>
                <span class="rq-facet-value">{ value }</span>
            </li>
        }
    });
    html! {
        <section class="rq-section">
            <h3 class="rq-subtitle">{ texts.ui.facets_title }</h3>
            { spectrum_ends(texts.ui, Some("rq-facet-ends")) }
            <ul class="rq-facets">{ for rows }</ul>
        </section>
    }
}
