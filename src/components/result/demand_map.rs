//! The demand map: marketing demand across, sales demand upward, with the
//! role as a point, and a sentence saying what the two levels mean together.

use role_quiz_core::scoring::DemandProfile;
use role_quiz_core::template::{fill, points};
use yew::prelude::*;

use role_quiz_core::drawing::{
    demand_label, demand_point, Corner, DEMAND_LABEL_SIZE, DEMAND_LEFT as LEFT, DEMAND_SIZE as SIZE,
};

use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct DemandMapProps {
    pub marketing: f64,
    pub sales: f64,
    pub profile: DemandProfile,
}

#[function_component]
pub fn DemandMap(props: &DemandMapProps) -> Html {
    let shared = use_shared();
    let texts = shared.texts();
    let ui = texts.ui;
    let numbers = [
        ("marketing", points(props.marketing)),
        ("sales", points(props.sales)),
    ];
    let numbers: Vec<(&str, &str)> = numbers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (x, y) = demand_point(props.marketing, props.sales);
    let half = SIZE / 2.0;
    let profile = match props.profile {
        DemandProfile::Both => texts.demand.both,
        DemandProfile::Little => texts.demand.little,
        DemandProfile::Marketing => texts.demand.marketing,
        DemandProfile::Sales => texts.demand.sales,
        DemandProfile::Balanced => texts.demand.balanced,
    };
    let labels = [
        (Corner::TopRight, ui.demand_quadrant_both),
        (Corner::TopLeft, ui.demand_quadrant_sales),
        (Corner::BottomRight, ui.demand_quadrant_marketing),
        (Corner::BottomLeft, ui.demand_quadrant_little),
    ];
    html! {
        <section class="rq-section rq-demand">
            <h3 class="rq-subtitle">{ ui.demand_title }</h3>
            <div class="rq-demand-body">
                <figure class="rq-figure rq-demand-figure">
                    <svg class="rq-demand-map" viewBox="0 0 120 120" role="img" aria-label={fill(ui.demand_map_label, &numbers)}>
                        <rect class="rq-quadrant" x={LEFT.to_string()} y={LEFT.to_string()} width={SIZE.to_string()} height={SIZE.to_string()} />
                        <rect class="rq-quadrant-both" x={(LEFT + half).to_string()} y={LEFT.to_string()} width={half.to_string()} height={half.to_string()} />
                        <line class="rq-axis" x1={(LEFT + half).to_string()} x2={(LEFT + half).to_string()} y1={LEFT.to_string()} y2={(LEFT + SIZE).to_string()} stroke-width="0.5" />
                        <line class="rq-axis" x1={LEFT.to_string()} x2={(LEFT + SIZE).to_string()} y1={(LEFT + half).to_string()} y2={(LEFT + half).to_string()} stroke-width="0.5" />
                        { for labels.iter().map(|&(corner, text)| quadrant_label(corner, text, (x, y))) }
                        <circle class="rq-marker" cx={x.to_string()} cy={y.to_string()} r="5" stroke-width="2" />
                    </svg>
                    <figcaption class="rq-axes" aria-hidden="true">
                        <span>{ format!("→ {}", ui.demand_marketing_axis) }</span>
                        <span>{ format!("↑ {}", ui.demand_sales_axis) }</span>
                        // The shaded corner is the same for every role: said
                        // here, so it is not read as the role's own.
                        <span class="rq-axes-note">{ ui.demand_both_note }</span>
                    </figcaption>
                </figure>
                <div>
                    <p class="rq-lead">{ profile }</p>
                    <p class="rq-note">{ fill(ui.demand_numbers, &numbers) }</p>
                </div>
            </div>
        </section>
    }
}

/// A quadrant's label in its corner, or by the axis when the role's marker
/// would cover the corner (`drawing::demand_label`).
fn quadrant_label(corner: Corner, text: &'static str, marker: (f64, f64)) -> Html {
    let (x, y) = demand_label(corner, text.chars().count(), marker);
    let anchor = match corner {
        Corner::TopRight | Corner::BottomRight => Some("end"),
        _ => None,
    };
    html! {
        <text class="rq-quadrant-label" x={x.to_string()} y={y.to_string()} text-anchor={anchor} font-size={DEMAND_LABEL_SIZE.to_string()}>{ text }</text>
    }
}
