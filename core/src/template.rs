//! Filling `{name}` placeholders in content texts.
//!
//! The result is plain text: the widget renders it as a text node, never as
//! markup, so values from visitors (a job title) cannot inject anything.

/// Replaces each `{name}` in `template` with its value. Placeholders without a
/// value are left as they are, so a missing value is visible, not silent.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    // `split_once`, not byte indices, which bring their bounds checks and
    // panics into every caller; with the same change in `Rgb::parse_hex`
    // the Wasm start module lost 0.4 KiB.
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        match after.split_once('}') {
            Some((name, tail)) => {
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = tail;
            }
            None => {
                out.push('{');
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A position or demand score as shown to visitors: a whole number.
pub fn points(value: f64) -> String {
    format!("{}", value.round().clamp(0.0, 100.0) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_and_keeps_unknown_ones() {
        assert_eq!(
            fill("{a} and {b} of {c}", &[("a", "1"), ("b", "{c}")]),
            "1 and {c} of {c}"
        );
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("open { only", &[("x", "y")]), "open { only");
        assert_eq!(fill("é{x}ü", &[("x", "ß")]), "éßü");
    }

    #[test]
    fn points_round_and_clamp() {
        assert_eq!(points(72.5), "73");
        assert_eq!(points(-3.0), "0");
        assert_eq!(points(100.4), "100");
    }
}
