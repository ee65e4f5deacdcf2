//! Drawing helpers shared by the result and the comparison: the spectrum's
//! end labels and the coloured bands. The geometry itself is the core's
//! (`role_quiz_core::drawing`), which the admin page draws from too.

use role_quiz_core::content::{Bank, UiText};
pub(crate) use role_quiz_core::drawing::along;
use yew::prelude::*;

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
