//! Theme settings a page may give the widget: light, dark or the visitor's
//! preference, an accent colour (checked for contrast before it reaches any
//! CSS), a font family and a corner radius.

use crate::contact::is_beyond_ascii;

/// Which colours the widget uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ThemeMode {
    Light,
    Dark,
    /// Follows the visitor's `prefers-color-scheme`.
    #[default]
    Auto,
}

impl ThemeMode {
    pub fn parse(value: &str) -> Option<ThemeMode> {
        match value.to_ascii_lowercase().as_str() {
            "light" => Some(ThemeMode::Light),
            "dark" => Some(ThemeMode::Dark),
            "auto" | "system" => Some(ThemeMode::Auto),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            ThemeMode::Light => "light",
            ThemeMode::Dark => "dark",
            ThemeMode::Auto => "auto",
        }
    }
}

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The light theme's background and the dark theme's, which an accent used
/// as text must stand out from.
pub const LIGHT_BACKGROUND: Rgb = Rgb(0xff, 0xff, 0xff);
pub const DARK_BACKGROUND: Rgb = Rgb(0x16, 0x1b, 0x26);

/// The contrast WCAG asks of normal text.
pub const MIN_TEXT_CONTRAST: f64 = 4.5;

impl Rgb {
    /// Parses `#rgb` or `#rrggbb`; nothing else reaches CSS.
    pub fn parse_hex(value: &str) -> Option<Rgb> {
        let hex = value.trim().strip_prefix('#')?;
        // Digit by digit, not slices of the string: see `template::fill`.
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()?;
        match digits[..] {
            [r, g, b] => Some(Rgb(r * 17, g * 17, b * 17)),
            [r1, r2, g1, g2, b1, b2] => Some(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
            _ => None,
        }
    }

    /// `#rrggbb`, written digit by digit: `format!`'s hex padding cost the
    /// Wasm start module 0.1 KiB.
    pub fn hex(self) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(7);
        out.push('#');
        for channel in [self.0, self.1, self.2] {
            out.push(char::from(DIGITS[usize::from(channel >> 4)]));
            out.push(char::from(DIGITS[usize::from(channel & 15)]));
        }
        out
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                pow_2_4((c + 0.055) / 1.055)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// WCAG contrast ratio, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// Whether this colour reads as text on the dark theme's background, so a
    /// page's accent can also be used when the widget shows dark colours.
    pub fn reads_on_dark(self) -> bool {
        self.contrast(DARK_BACKGROUND) >= MIN_TEXT_CONTRAST
    }

    /// White or near-black, whichever reads better on this colour.
    pub fn text_on(self) -> Rgb {
        let (white, black) = (Rgb(0xff, 0xff, 0xff), Rgb(0x11, 0x11, 0x11));
        if self.contrast(white) >= self.contrast(black) {
            white
        } else {
            black
        }
    }
}

/// `x` to the power 2.4, for `x` in 0..=1, from square roots only: `powf`
/// brings libm's `pow` into the Wasm start module (2 KiB of code), where
/// `sqrt` is one instruction. 2.4 = 2 + 0.4, and 0.4 is 0.0110 0110 … in
/// binary, so x^0.4 is the product of x^(1/2^k) over the bits k that are
/// set; thirty bits leave a relative error under 1e-8 for any colour.
fn pow_2_4(x: f64) -> f64 {
    let mut root = x;
    let mut product = x * x;
    for k in 1..=30 {
        root = root.sqrt();
        if k % 4 == 2 || k % 4 == 3 {
            product *= root;
        }
    }
    product
}

/// Whether a font-family list is safe to hand to CSS: names, quotes,
/// spaces, commas and hyphens only.
pub fn is_font_family(value: &str) -> bool {
    !value.trim().is_empty()
        && value.len() <= 200
        && value.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, ' ' | ',' | '-' | '_' | '\'' | '"')
                || is_beyond_ascii(c)
        })
        && value.matches('"').count().is_multiple_of(2)
        && value.matches('\'').count().is_multiple_of(2)
}

/// A corner radius in CSS pixels: `8` or `8px`, 0 to 32.
pub fn parse_radius(value: &str) -> Option<u8> {
    let number = value.trim().strip_suffix("px").unwrap_or(value.trim());
    number.parse::<u8>().ok().filter(|r| *r <= 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_colours_only() {
        assert_eq!(Rgb::parse_hex("#1b4f8a"), Some(Rgb(0x1b, 0x4f, 0x8a)));
        assert_eq!(Rgb::parse_hex("#fA0"), Some(Rgb(0xff, 0xaa, 0x00)));
        for bad in [
            "1b4f8a",
            "#12345",
            "#ggg",
            "red",
            "#123;}body{",
            "url(x)",
            "",
        ] {
            assert_eq!(Rgb::parse_hex(bad), None, "{bad}");
        }
        assert_eq!(Rgb(0x1b, 0x4f, 0x8a).hex(), "#1b4f8a");
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        let (white, black) = (Rgb(255, 255, 255), Rgb(0, 0, 0));
        assert!((white.contrast(black) - 21.0).abs() < 1e-9);
        assert!((Rgb(0x76, 0x76, 0x76).contrast(white) - 4.54).abs() < 0.01);
        assert_eq!(Rgb(0xff, 0xcc, 0x00).text_on(), Rgb(0x11, 0x11, 0x11));
        assert_eq!(Rgb(0x1b, 0x4f, 0x8a).text_on(), white);
        assert!(!Rgb(0x1b, 0x4f, 0x8a).reads_on_dark());
        assert!(Rgb(0x8a, 0xb4, 0xf8).reads_on_dark());
    }

    #[test]
    fn the_square_root_power_agrees_with_powf_for_every_channel_value() {
        for c in 0..=255u8 {
            let x = (f64::from(c) / 255.0 + 0.055) / 1.055;
            let (ours, libm) = (pow_2_4(x), x.powf(2.4));
            assert!((ours - libm).abs() <= 1e-8 * libm, "{c}: {ours} vs {libm}");
        }
    }

    #[test]
    fn fonts_and_radii() {
        assert!(is_font_family("\"Open Sans\", Arial, sans-serif"));
        assert!(!is_font_family("x; } * { color: red"));
        assert!(!is_font_family("\"unclosed"));
        assert!(is_font_family(
            "\"游ゴシック\", \"Noto Sans JP\", sans-serif"
        ));
        assert!(!is_font_family("Arial\u{202e}, serif"));
        assert!(!is_font_family("Arial\u{3000}serif"));
        assert_eq!(parse_radius("8px"), Some(8));
        assert_eq!(parse_radius("0"), Some(0));
        assert_eq!(parse_radius("40"), None);
        assert_eq!(parse_radius("1em"), None);
        assert_eq!(ThemeMode::parse("DARK"), Some(ThemeMode::Dark));
        assert_eq!(ThemeMode::parse("sepia"), None);
    }
}
