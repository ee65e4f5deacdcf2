//! Charts drawn on the server as SVG, with presentation attributes only (a
//! strict policy blocks `style` attributes) and the same numbers in a table
//! beside each, which is what screen readers read: the picture is hidden
//! from them.

use maud::{html, Markup};

/// One bar: its label and value.
pub struct Bar {
    pub label: String,
    pub value: i64,
}

const ACCENT: &str = "#1d4f91";
const MUTED: &str = "#5b6675";
const INK: &str = "#1b2430";

fn clip(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        format!("{}…", label.chars().take(max - 1).collect::<String>())
    }
}

/// Horizontal bars, one per row, with the values at their ends. Two
/// drawings, and the stylesheet shows one: on a wide screen the labels sit
/// beside the bars; on a narrow one each label sits above its bar, in a
/// drawing about as wide as a phone, so its text is not scaled down to an
/// unreadable size.
pub fn bars(bars: &[Bar]) -> Markup {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let rows = bars.len().max(1) as i64;
    html! {
        svg class="chart wide" viewBox={ "0 0 640 " (rows * 28) } aria-hidden="true" focusable="false" {
            @for (n, bar) in bars.iter().enumerate() {
                @let y = n as i64 * 28;
                @let width = bar.value * 360 / max;
                text x="0" y={ (y + 18) } font-size="13" fill=(MUTED) { (clip(&bar.label, 30)) }
                rect x="220" y={ (y + 5) } width=(width.max(1)) height="18" rx="3" fill=(ACCENT) {}
                text x={ (228 + width) } y={ (y + 18) } font-size="13" fill=(INK) { (bar.value) }
            }
        }
        svg class="chart narrow" viewBox={ "0 0 320 " (rows * 42) } aria-hidden="true" focusable="false" {
            @for (n, bar) in bars.iter().enumerate() {
                @let y = n as i64 * 42;
                @let width = bar.value * 260 / max;
                text x="0" y={ (y + 14) } font-size="13" fill=(MUTED) { (clip(&bar.label, 42)) }
                rect x="0" y={ (y + 20) } width=(width.max(1)) height="16" rx="3" fill=(ACCENT) {}
                text x={ (width + 6) } y={ (y + 33) } font-size="13" fill=(INK) { (bar.value) }
            }
        }
    }
}

/// Vertical columns, one per day, labelled at the first and last day; a
/// wide and a narrow drawing, as for [`bars`].
pub fn columns(days: &[Bar]) -> Markup {
    html! {
        (columns_in(days, 640, 12, "chart wide"))
        (columns_in(days, 320, 13, "chart narrow"))
    }
}

fn columns_in(days: &[Bar], wide: i64, font: i64, class: &str) -> Markup {
    let max = days.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let n = days.len().max(1) as i64;
    let step = (wide - 40) / n;
    let width = (step - 2).clamp(1, 40);
    let base = wide * 150 / 640;
    let tall = wide * 130 / 640;
    html! {
        svg class=(class) viewBox={ "0 0 " (wide) " " (base + 30) } aria-hidden="true" focusable="false" {
            line x1="20" y1=(base) x2={ (wide - 20) } y2=(base) stroke=(MUTED) stroke-width="1" {}
            @for (i, day) in days.iter().enumerate() {
                @let h = day.value * tall / max;
                rect x={ (20 + i as i64 * step) } y={ (base - h) } width=(width) height=(h) fill=(ACCENT) {}
            }
            @if let (Some(first), Some(last)) = (days.first(), days.last()) {
                text x="20" y={ (base + 20) } font-size=(font) fill=(MUTED) { (first.label) }
                text x={ (wide - 20) } y={ (base + 20) } font-size=(font) fill=(MUTED) text-anchor="end" { (last.label) }
            }
        }
    }
}

/// A table of rows under a caption; the first column heads its row.
pub fn table(caption: &str, head: &[&str], rows: &[Vec<String>]) -> Markup {
    scrolling(
        caption,
        html! {
        table {
            caption { (caption) }
            thead { tr { @for h in head { th scope="col" { (h) } } } }
            tbody {
                @for row in rows {
                    tr {
                        @for (i, cell) in row.iter().enumerate() {
                            @if i == 0 { th scope="row" class=[is_date(cell).then_some("date")] { (cell) } }
                            @else { td class=[is_date(cell).then_some("date")] { (cell) } }
                        }
                    }
                }
                @if rows.is_empty() {
                    tr { td colspan=(head.len()) { "Nothing in this period." } }
                }
            }
        }
        },
    )
}

/// Whether a cell begins with a day (`2026-11-29`): the stylesheet keeps it
/// on one line, since browsers may break a line after a hyphen.
fn is_date(cell: &str) -> bool {
    let b = cell.as_bytes();
    b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

/// A table in a box of its own that scrolls sideways when the table is wider
/// than the screen (a phone at 320 px), so that a date or an e-mail address
/// is never broken inside and the page itself never scrolls sideways. The
/// box is a named region that takes focus, so it can be scrolled from the
/// keyboard.
pub fn scrolling(caption: &str, table: Markup) -> Markup {
    html! {
        div class="table-scroll" role="region" aria-label=(caption) tabindex="0" { (table) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_their_labels_and_use_no_style_attributes() {
        let markup = bars(&[Bar {
            label: "<script>alert(1)</script>".into(),
            value: 3,
        }])
        .into_string();
        assert!(!markup.contains("<script>"), "{markup}");
        assert!(markup.contains("&lt;script&gt;"));
        assert!(!markup.contains("style="));
        let markup = columns(&[]).into_string();
        assert!(markup.starts_with("<svg"));
    }

    #[test]
    fn days_are_marked_to_stay_on_one_line_and_nothing_else_is() {
        for day in ["2026-11-29", "2026-11-29 10:12:33"] {
            assert!(is_date(day), "{day}");
        }
        for other in [
            "12",
            "58%",
            "Finished",
            "2026/11/29",
            "20261129xx",
            "ää-ää-ää-ä",
        ] {
            assert!(!is_date(other), "{other}");
        }
        let markup = table(
            "Each day",
            &["Day", "Saw it"],
            &[vec!["2026-11-29".into(), "12".into()]],
        )
        .into_string();
        assert!(
            markup.contains(r#"<th scope="row" class="date">2026-11-29</th>"#),
            "{markup}"
        );
        assert!(markup.contains("<td>12</td>"), "{markup}");
        assert!(
            markup.contains(r#"role="region" aria-label="Each day" tabindex="0""#),
            "{markup}"
        );
    }

    /// A phone gets a drawing about as wide as itself, so 13-unit text stays
    /// near 13 px; a wide screen gets the 640-unit one.
    #[test]
    fn every_chart_comes_wide_and_narrow() {
        let data = [
            Bar {
                label: "2026-11-01".into(),
                value: 3,
            },
            Bar {
                label: "2026-11-02".into(),
                value: 5,
            },
        ];
        for markup in [bars(&data).into_string(), columns(&data).into_string()] {
            assert_eq!(markup.matches("<svg").count(), 2, "{markup}");
            assert!(
                markup.contains(r#"class="chart wide" viewBox="0 0 640 "#),
                "{markup}"
            );
            assert!(
                markup.contains(r#"class="chart narrow" viewBox="0 0 320 "#),
                "{markup}"
            );
            assert_eq!(markup.matches("2026-11-02").count(), 2, "{markup}");
            assert!(!markup.contains("style="));
        }
    }
}
