//! Drawing helpers shared by the result and the comparison: where a
//! position falls on a track, the spectrum's end labels, and the coloured
//! bands.

use role_quiz_core::content::{Bank, UiText};
use yew::prelude::*;

/// Where a position (0 to 100) falls along a track of the given width
/// starting at `left`, in SVG units.
pub(crate) fn along(position: f64, left: f64, width: f64) -> f64 {
    left + width * position.clamp(0.0, 100.0) / 100.0
}

/// The names of the spectrum's two ends, under a picture of it.
pub(crate) fn spectrum_ends(ui: &UiText, class: Option<&'static str>) -> Html {
    html! {
        <div class={classes!("rq-ends", class)} aria-hidden="true">
            <span>{ ui.spectrum_marketing_end }</span>
            <span>{ ui.spectrum_sales_end }</span>
        </div>
    }
}

/// The bands of the spectrum as coloured SVG rectangles along a track.
pub(crate) fn band_rects(bank: &Bank<'_>, left: f64, width: f64, y: f64, height: f64) -> Html {
    let rects = bank.bands.iter().enumerate().map(|(n, band)| {
        let x = along(f64::from(band.min), left, width);
        let w = along(f64::from(band.max), left, width) - x;
        html! {
            <rect class={format!("rq-band rq-band-{n}")} x={x.to_string()} y={y.to_string()}
                width={w.to_string()} height={height.to_string()} />
        }
    });
    html! { <>{ for rects }</> }
}
