//! The spectrum picture: the bands from marketing to sales, the interval as a
//! shaded range and the position as a marker. Drawn with SVG presentation
//! attributes only, so it needs no inline styles.

use role_quiz_core::drawing::Spectrum as Geometry;
use role_quiz_core::scoring::Estimate;
use role_quiz_core::template::{fill, points};
use yew::prelude::*;

use crate::components::drawing::spectrum_ends;
use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct SpectrumProps {
    pub estimate: Estimate,
    pub band_name: AttrValue,
}

#[function_component]
pub fn Spectrum(props: &SpectrumProps) -> Html {
    let shared = use_shared();
    let ui = shared.texts().ui;
    let e = props.estimate;
    let label = fill(
        ui.spectrum_label,
        &[
            ("position", &points(e.position)),
            ("low", &points(e.low)),
            ("high", &points(e.high)),
            ("band", &props.band_name),
        ],
    );
    let g = Geometry::new(shared.bank, e.position, e.low, e.high);
    let at = g.marker;
    let bands = g.bands.iter().enumerate().map(|(n, b)| {
        html! {
            <rect class={format!("rq-band rq-band-{n}")} x={b.x.to_string()} y="18" width={b.width.to_string()} height="14" />
        }
    });
    html! {
        <figure class="rq-figure">
            <svg class="rq-spectrum" viewBox="0 0 320 50" role="img" aria-label={label}>
                { for bands }
                <rect class="rq-interval" x={g.interval.x.to_string()} y="12" width={g.interval.width.to_string()} height="26" rx="3" />
                <line class="rq-marker-line" x1={at.to_string()} x2={at.to_string()} y1="6" y2="44" stroke-width="2" />
                <circle class="rq-marker" cx={at.to_string()} cy="25" r="6" stroke-width="2" />
            </svg>
            { spectrum_ends(ui, None) }
        </figure>
    }
}
