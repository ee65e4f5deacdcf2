//! The result's pictures as geometry: where the bands, the interval and the
//! marker of the spectrum go, and where the role sits on the demand map.
//! The widget and the collector's admin page both draw from these numbers,
//! so the consultancy sees each lead's picture as the visitor saw it.

use crate::content::Bank;

/// Where a position (0 to 100) falls along a track of the given width
/// starting at `left`, in SVG units.
pub fn along(position: f64, left: f64, width: f64) -> f64 {
    left + width * position.clamp(0.0, 100.0) / 100.0
}

/// A horizontal span: where it starts and how wide it is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub x: f64,
    pub width: f64,
}

/// The spectrum picture in a `0 0 320 50` view box.
#[derive(Clone, Debug, PartialEq)]
pub struct Spectrum {
    /// Each band of the bank, in order.
    pub bands: Vec<Span>,
    /// The interval, at least one unit wide so it never vanishes.
    pub interval: Span,
    /// The position's x.
    pub marker: f64,
}

/// The spectrum's track.
pub const SPECTRUM_LEFT: f64 = 8.0;
pub const SPECTRUM_WIDTH: f64 = 304.0;

impl Spectrum {
    /// The picture of a position and its interval (0 to 100 each).
    pub fn new(bank: &Bank<'_>, position: f64, low: f64, high: f64) -> Spectrum {
        let at = |p: f64| along(p, SPECTRUM_LEFT, SPECTRUM_WIDTH);
        let bands = bank
            .bands
            .iter()
            .map(|b| {
                let x = at(f64::from(b.min));
                Span {
                    x,
                    width: at(f64::from(b.max)) - x,
                }
            })
            .collect();
        let (low, high) = (at(low), at(high));
        Spectrum {
            bands,
            interval: Span {
                x: low,
                width: (high - low).max(1.0),
            },
            marker: at(position),
        }
    }
}

/// The demand map's plot, in a `0 0 120 120` view box.
pub const DEMAND_LEFT: f64 = 4.0;
pub const DEMAND_SIZE: f64 = 112.0;
/// How far the marker reaches from its centre: radius and half the stroke.
const MARKER_REACH: f64 = 6.0;

/// Where the role's marker goes on the demand map: marketing demand across,
/// sales demand upward, kept wholly inside the plot even at 0 or 100.
pub fn demand_point(marketing: f64, sales: f64) -> (f64, f64) {
    let inside = |v: f64| {
        v.clamp(
            DEMAND_LEFT + MARKER_REACH,
            DEMAND_LEFT + DEMAND_SIZE - MARKER_REACH,
        )
    };
    let x = inside(along(marketing, DEMAND_LEFT, DEMAND_SIZE));
    // SVG's y grows downward; demand grows upward.
    let y =
        inside(DEMAND_LEFT + DEMAND_SIZE - (along(sales, DEMAND_LEFT, DEMAND_SIZE) - DEMAND_LEFT));
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::BANK;

    #[test]
    fn the_spectrum_covers_the_track_and_places_the_estimate() {
        let s = Spectrum::new(&BANK, 50.0, 40.0, 60.0);
        assert_eq!(s.bands.len(), BANK.bands.len());
        assert_eq!(s.bands[0].x, SPECTRUM_LEFT);
        let last = s.bands.last().unwrap();
        assert!((last.x + last.width - (SPECTRUM_LEFT + SPECTRUM_WIDTH)).abs() < 1e-9);
        assert_eq!(s.marker, SPECTRUM_LEFT + SPECTRUM_WIDTH / 2.0);
        assert!((s.interval.width - SPECTRUM_WIDTH * 0.2).abs() < 1e-9);
        assert_eq!(
            Spectrum::new(&BANK, 100.0, 100.0, 100.0).interval.width,
            1.0
        );
    }

    #[test]
    fn the_demand_marker_stays_inside_the_plot() {
        assert_eq!(demand_point(0.0, 0.0), (10.0, 110.0));
        assert_eq!(demand_point(100.0, 100.0), (110.0, 10.0));
        assert_eq!(demand_point(50.0, 50.0), (60.0, 60.0));
    }
}
