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

/// A corner of the demand map, where its quadrant's label goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

/// The quadrant labels' font size, in view box units.
pub const DEMAND_LABEL_SIZE: f64 = 7.0;
/// A character's width at that size, wide enough for the widget's fonts
/// (0.6 em; system sans-serif fonts average about 0.55).
const LABEL_CHAR_WIDTH: f64 = 0.6 * DEMAND_LABEL_SIZE;
/// How far a label keeps from the plot's edge, or the axis.
const LABEL_INSET: f64 = 3.0;

/// Where a quadrant's label goes, as `(x, baseline)`: `x` is where a left
/// corner's label starts and a right corner's ends. A label sits in its
/// corner, unless the role's marker (at `marker`, from [`demand_point`])
/// would cover part of it, as it does for a role at an extreme; then it
/// goes to the other end of its quadrant's side, by the axis, where the
/// marker cannot be at the same time. `chars` is the label's length.
pub fn demand_label(corner: Corner, chars: usize, marker: (f64, f64)) -> (f64, f64) {
    let half = DEMAND_SIZE / 2.0;
    let width = chars as f64 * LABEL_CHAR_WIDTH;
    let (left, top) = match corner {
        Corner::TopLeft => (true, true),
        Corner::TopRight => (false, true),
        Corner::BottomLeft => (true, false),
        Corner::BottomRight => (false, false),
    };
    let x = match left {
        true => DEMAND_LEFT + LABEL_INSET,
        false => DEMAND_LEFT + DEMAND_SIZE - LABEL_INSET,
    };
    let (start, end) = match left {
        true => (x, x + width),
        false => (x - width, x),
    };
    // Baselines in the corner and by the axis; the text reaches a font
    // size above its baseline and a quarter of one below.
    let (corner_baseline, axis_baseline) = match top {
        true => (DEMAND_LEFT + 9.0, DEMAND_LEFT + half - LABEL_INSET),
        false => (
            DEMAND_LEFT + DEMAND_SIZE - 4.0,
            DEMAND_LEFT + half + LABEL_INSET + DEMAND_LABEL_SIZE,
        ),
    };
    let covered = label_box_meets_marker(start, end, corner_baseline, marker);
    (
        x,
        if covered {
            axis_baseline
        } else {
            corner_baseline
        },
    )
}

/// Whether the marker's disc touches a label's box.
fn label_box_meets_marker(start: f64, end: f64, baseline: f64, (mx, my): (f64, f64)) -> bool {
    let (top, bottom) = (
        baseline - DEMAND_LABEL_SIZE,
        baseline + DEMAND_LABEL_SIZE / 4.0,
    );
    let dx = (start - mx).max(mx - end).max(0.0);
    let dy = (top - my).max(my - bottom).max(0.0);
    dx * dx + dy * dy < MARKER_REACH * MARKER_REACH
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

    /// For roles anywhere on the map, in steps of 2.5 points, no quadrant
    /// label (at the English labels' lengths and at longer ones) is under
    /// the marker; a label moves only when its corner is covered.
    #[test]
    fn the_marker_never_covers_a_quadrant_label() {
        let corners = [
            Corner::TopLeft,
            Corner::TopRight,
            Corner::BottomLeft,
            Corner::BottomRight,
        ];
        let mut moved = 0;
        for chars in [4, 5, 9, 16, 20] {
            for m in 0..=40 {
                for s in 0..=40 {
                    let marker = demand_point(f64::from(m) * 2.5, f64::from(s) * 2.5);
                    for corner in corners {
                        let (x, baseline) = demand_label(corner, chars, marker);
                        let width = chars as f64 * LABEL_CHAR_WIDTH;
                        let (start, end) = match corner {
                            Corner::TopLeft | Corner::BottomLeft => (x, x + width),
                            _ => (x - width, x),
                        };
                        assert!(
                            !label_box_meets_marker(start, end, baseline, marker),
                            "{corner:?} ({chars} chars) under the marker at {marker:?}"
                        );
                        let at_home = demand_label(corner, chars, (-100.0, -100.0)).1;
                        if baseline != at_home {
                            moved += 1;
                        }
                    }
                }
            }
        }
        assert!(moved > 0, "the extremes move a label");
        // A role at the marketing extreme moves only the marketing label.
        let extreme = demand_point(100.0, 0.0);
        let home = |c| demand_label(c, 9, (-100.0, -100.0));
        assert_ne!(
            demand_label(Corner::BottomRight, 9, extreme),
            home(Corner::BottomRight)
        );
        for c in [Corner::TopLeft, Corner::TopRight, Corner::BottomLeft] {
            assert_eq!(demand_label(c, 9, extreme), home(c));
        }
    }

    #[test]
    fn the_demand_marker_stays_inside_the_plot() {
        assert_eq!(demand_point(0.0, 0.0), (10.0, 110.0));
        assert_eq!(demand_point(100.0, 100.0), (110.0, 10.0));
        assert_eq!(demand_point(50.0, 50.0), (60.0, 60.0));
    }
}
