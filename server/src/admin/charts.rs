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

fn clip(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        format!("{}…", label.chars().take(max - 1).collect::<String>())
    }
}

/// Horizontal bars, one per row, with the values at their ends.
pub fn bars(bars: &[Bar]) -> Markup {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let row = 28;
    let height = (bars.len().max(1) * row) as i64;
    html! {
        svg class="chart" viewBox={ "0 0 640 " (height) } aria-hidden="true" focusable="false" {
            @for (n, bar) in bars.iter().enumerate() {
                @let y = (n * row) as i64;
                @let width = bar.value * 360 / max;
                text x="0" y={ (y + 18) } font-size="13" fill=(MUTED) { (clip(&bar.label, 30)) }
                rect x="220" y={ (y + 5) } width=(width.max(1)) height="18" rx="3" fill=(ACCENT) {}
                text x={ (228 + width) } y={ (y + 18) } font-size="13" fill="#1b2430" { (bar.value) }
            }
        }
    }
}

/// Vertical columns, one per day, labelled at the first and last day.
pub fn columns(days: &[Bar]) -> Markup {
    let max = days.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let n = days.len().max(1) as i64;
    let step = 600 / n;
    let width = (step - 2).clamp(1, 40);
    html! {
        svg class="chart" viewBox="0 0 640 180" aria-hidden="true" focusable="false" {
            line x1="20" y1="150" x2="620" y2="150" stroke=(MUTED) stroke-width="1" {}
            @for (i, day) in days.iter().enumerate() {
                @let h = day.value * 130 / max;
                rect x={ (20 + i as i64 * step) } y={ (150 - h) } width=(width) height=(h) fill=(ACCENT) {}
            }
            @if let (Some(first), Some(last)) = (days.first(), days.last()) {
                text x="20" y="170" font-size="12" fill=(MUTED) { (first.label) }
                text x="620" y="170" font-size="12" fill=(MUTED) text-anchor="end" { (last.label) }
            }
        }
    }
}

/// A table of rows under a caption; the first column heads its row.
pub fn table(caption: &str, head: &[&str], rows: &[Vec<String>]) -> Markup {
    html! {
        table {
            caption { (caption) }
            thead { tr { @for h in head { th scope="col" { (h) } } } }
            tbody {
                @for row in rows {
                    tr {
                        @for (i, cell) in row.iter().enumerate() {
                            @if i == 0 { th scope="row" { (cell) } } @else { td { (cell) } }
                        }
                    }
                }
                @if rows.is_empty() {
                    tr { td colspan=(head.len()) { "Nothing in this period." } }
                }
            }
        }
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
}
