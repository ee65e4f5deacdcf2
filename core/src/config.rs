//! The widget's settings, parsed from the attributes of the element it is
//! mounted on into one typed [`WidgetConfig`].
//!
//! A malformed value never stops the widget: it is reported as a
//! [`ConfigWarning`] naming the attribute, and the default is used instead.

use std::fmt;

use crate::contact::{is_valid_email, is_web_url, parse_phone, Phone};
use crate::content::has_locale;
use crate::delivery::LeadFormat;
use crate::theme::{
    is_font_family, parse_radius, Rgb, ThemeMode, DARK_BACKGROUND, LIGHT_BACKGROUND,
    MIN_TEXT_CONTRAST,
};

/// The consultancy's own published number.
pub const DEFAULT_PHONE: &str = "+1-617-719-9530";

/// The locale used when none is set.
pub const DEFAULT_LOCALE: &str = "en";

/// The attributes the widget reads. `embed.js` and `frame.js` are given this
/// list at build time (`examples/embed_contract.rs`), never a copy.
pub const ATTRIBUTES: [&str; 17] = [
    "booking-url",
    "contact-phone",
    "contact-email",
    "locale",
    "lead-endpoint",
    "lead-format",
    "consent-text",
    "privacy-url",
    "theme",
    "accent",
    "font",
    "radius",
    "mode",
    "launcher-text",
    "share-url",
    "capture",
    "analytics",
];

/// URL parameters captured with a lead unless `capture` says otherwise.
pub const DEFAULT_CAPTURE: [&str; 5] = [
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
];

/// The values of `mode`, the first being the default.
pub const MODES: [&str; 2] = ["inline", "popup"];

/// The longest `launcher-text`, in characters.
pub const MAX_LAUNCHER_TEXT: usize = 60;

/// How the widget sits in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Part of the page flow.
    #[default]
    Inline,
    /// A launcher button opens it in a modal dialog.
    Popup,
}

/// Where leads go by default: the collector that serves the widget.
pub const DEFAULT_LEAD_ENDPOINT: &str = "/api/leads";

/// The longest consent text accepted from an attribute.
pub const MAX_CONSENT_TEXT: usize = crate::lead::MAX_CONSENT_TEXT;

/// Attributes that belong to the page (or, like `eager`, to embed.js's
/// loader), not to the widget's settings, and are left alone.
const PAGE_ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "style",
    "hidden",
    "lang",
    "dir",
    "title",
    "tabindex",
    "slot",
    "part",
    "nonce",
    "role",
    "translate",
    "eager",
];

/// The typed settings of one widget instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Where "book a full alignment study" leads; without it the widget
    /// offers the phone number.
    pub booking_url: Option<String>,
    pub contact_phone: Phone,
    /// No address by default: the consultancy publishes none.
    pub contact_email: Option<String>,
    pub locale: String,
    /// A path on the widget's own server (`/api/leads`) or an absolute http(s) URL.
    pub lead_endpoint: String,
    pub lead_format: LeadFormat,
    /// The consent text shown beside the checkbox; the content's default when `None`.
    pub consent_text: Option<String>,
    pub privacy_url: Option<String>,
    pub theme: ThemeMode,
    /// The accent colour, already checked for contrast.
    pub accent: Option<Rgb>,
    pub font: Option<String>,
    pub radius: Option<u8>,
    pub mode: Mode,
    pub launcher_text: Option<String>,
    /// Where links the widget makes should point (the embedding page by default).
    pub share_url: Option<String>,
    /// URL parameters captured as hidden fields of a lead.
    pub capture: Vec<String>,
    /// Whether anonymous funnel steps are reported to the collector
    /// (`analytics="off"` turns it off; so does Global Privacy Control).
    pub analytics: bool,
}

impl WidgetConfig {
    /// Where funnel reports go: next to the collector's lead endpoint
    /// (`…/leads` → `…/events`). None for other destinations, or when off.
    pub fn funnel_endpoint(&self) -> Option<String> {
        if !self.analytics || self.lead_format != LeadFormat::Collector {
            return None;
        }
        self.lead_endpoint
            .strip_suffix("/leads")
            .map(|base| format!("{base}/events"))
    }
}

impl Default for WidgetConfig {
    fn default() -> Self {
        WidgetConfig {
            booking_url: None,
            contact_phone: parse_phone(DEFAULT_PHONE).expect("the default phone number is valid"),
            contact_email: None,
            locale: DEFAULT_LOCALE.into(),
            lead_endpoint: DEFAULT_LEAD_ENDPOINT.into(),
            lead_format: LeadFormat::Collector,
            consent_text: None,
            privacy_url: None,
            theme: ThemeMode::Auto,
            accent: None,
            font: None,
            radius: None,
            mode: Mode::Inline,
            launcher_text: None,
            share_url: None,
            capture: DEFAULT_CAPTURE.iter().map(|s| s.to_string()).collect(),
            analytics: true,
        }
    }
}

/// An attribute that was ignored, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigWarning {
    pub attribute: String,
    pub problem: &'static str,
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "role-quiz: attribute `{}` ignored: {}",
            self.attribute, self.problem
        )
    }
}

/// The settings only the later screens read (the lead form, the call to
/// action, the links a visitor shares). The start module leaves them at their
/// defaults; the full module reads them. Leaving them out saves every first
/// visit 0.6 KiB (brotli), most of it the e-mail address rules.
pub const LATER_SETTINGS: [&str; 5] = [
    "contact-email",
    "consent-text",
    "privacy-url",
    "share-url",
    "capture",
];

impl WidgetConfig {
    /// Parses attributes given as name/value pairs, with what is wrong with
    /// each malformed one. Unknown names are reported, except the page's own
    /// (`id`, `class`, `data-*`, `aria-*` …).
    pub fn from_attributes<'a>(
        attributes: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<ConfigWarning>) {
        let mut config = WidgetConfig::default();
        let mut warnings = Vec::new();
        config.read(attributes, read_later_setting, |attribute, problem| {
            warnings.push(ConfigWarning {
                attribute: attribute.to_string(),
                problem,
            })
        });
        (config, warnings)
    }

    /// Parses what the start screen and the questions need, as
    /// [`WidgetConfig::from_attributes`] does, without saying what is
    /// malformed: the full module reports every setting once it has loaded,
    /// and the texts of the problems cost the start module 0.78 KiB (brotli).
    /// The [`LATER_SETTINGS`] keep their defaults.
    pub fn from_start_attributes<'a>(
        attributes: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let mut config = WidgetConfig::default();
        config.read(attributes, |_, _, _| None, |_, _| {});
        config
    }

    /// Reads every setting into `self`, leaving the [`LATER_SETTINGS`] to
    /// `later`, which returns the problem with a malformed value, and telling
    /// `report` each malformed attribute and its problem. Parameters (not
    /// flags), so that the start module's build holds neither the later
    /// checks nor the problems' texts.
    fn read<'a>(
        &mut self,
        attributes: impl IntoIterator<Item = (&'a str, &'a str)>,
        later: impl Fn(&mut WidgetConfig, &str, &str) -> Option<&'static str>,
        mut report: impl FnMut(&str, &'static str),
    ) {
        let config = self;
        for (name, value) in attributes {
            let name = name.to_ascii_lowercase();
            let value = value.trim();
            let mut warn = |problem| report(&name, problem);
            match name.as_str() {
                "booking-url" if is_web_url(value) => config.booking_url = Some(value.into()),
                "booking-url" => warn("it must be an absolute http:// or https:// link; the phone number is offered instead"),
                "contact-phone" => match parse_phone(value) {
                    Some(phone) => config.contact_phone = phone,
                    None => warn("it must be a phone number of 7 to 15 digits; the default number is used"),
                },
                n if LATER_SETTINGS.contains(&n) => {
                    if let Some(problem) = later(config, n, value) {
                        warn(problem);
                    }
                }
                "locale" if has_locale(value) => config.locale = value.to_ascii_lowercase(),
                "locale" => warn("there are no texts for this locale; English is used"),
                "lead-endpoint" if is_endpoint(value) => config.lead_endpoint = value.into(),
                "lead-endpoint" => warn("it must be a path starting with / or an absolute http(s) link; /api/leads is used"),
                "lead-format" => match parse_lead_format(value) {
                    Some(format) => config.lead_format = format,
                    None => warn("it must be collector, webhook or hubspot:PORTAL_ID:FORM_ID; collector is used"),
                },
                "theme" => match ThemeMode::parse(value) {
                    Some(t) => config.theme = t,
                    None => warn("it must be light, dark or auto; auto is used"),
                },
                "accent" => match Rgb::parse_hex(value) {
                    // Checked for contrast below, once the theme is known.
                    Some(c) => config.accent = Some(c),
                    None => warn("it must be a colour like #1b4f8a; the default accent is used"),
                },
                "font" if is_font_family(value) => config.font = Some(value.into()),
                "font" => warn("it must be a font-family list such as \"Open Sans\", sans-serif; the default font is used"),
                "radius" => match parse_radius(value) {
                    Some(r) => config.radius = Some(r),
                    None => warn("it must be a number of pixels from 0 to 32; the default radius is used"),
                },
                "mode" => match value.to_ascii_lowercase().as_str() {
                    "inline" => config.mode = Mode::Inline,
                    "popup" => config.mode = Mode::Popup,
                    _ => warn("it must be inline or popup; inline is used"),
                },
                "launcher-text" if !value.is_empty() && value.chars().count() <= MAX_LAUNCHER_TEXT => {
                    config.launcher_text = Some(value.into())
                }
                "launcher-text" => warn("it must be 1 to 60 characters; the default text is used"),
                "analytics" if value.eq_ignore_ascii_case("off") => config.analytics = false,
                "analytics" if value.eq_ignore_ascii_case("on") => config.analytics = true,
                "analytics" => warn("it must be on or off; funnel counts stay on"),
                n if PAGE_ATTRIBUTES.contains(&n) || n.starts_with("data-") || n.starts_with("aria-") => {}
                _ => warn("role-quiz has no such setting"),
            }
        }
        if let Some(accent) = config.accent {
            // The accent is also a text colour (links, headings), so it must
            // read on the theme's background; `auto` is checked for light.
            let (background, name) = match config.theme {
                ThemeMode::Dark => (DARK_BACKGROUND, "the dark background"),
                ThemeMode::Light | ThemeMode::Auto => (LIGHT_BACKGROUND, "white"),
            };
            if accent.contrast(background) < MIN_TEXT_CONTRAST {
                config.accent = None;
                report(
                    "accent",
                    if name == "white" {
                        "the colour does not read as text on white (contrast under 4.5:1); the default accent is used"
                    } else {
                        "the colour does not read as text on the dark background (contrast under 4.5:1); the default accent is used"
                    },
                );
            }
        }
    }
}

/// Reads one of the [`LATER_SETTINGS`] into `config`; the problem, if the
/// value is malformed.
fn read_later_setting(config: &mut WidgetConfig, name: &str, value: &str) -> Option<&'static str> {
    match name {
        "contact-email" if value.is_empty() => {}
        "contact-email" if is_valid_email(value) => config.contact_email = Some(value.into()),
        "contact-email" => return Some("it is not a valid e-mail address; no address is shown"),
        "consent-text" if !value.is_empty() && value.chars().count() <= MAX_CONSENT_TEXT => {
            config.consent_text = Some(value.into())
        }
        "consent-text" => {
            return Some("it must be 1 to 1000 characters; the default consent text is used")
        }
        "privacy-url" if is_web_url(value) => config.privacy_url = Some(value.into()),
        "privacy-url" => {
            return Some(
                "it must be an absolute http:// or https:// link; no privacy link is shown",
            )
        }
        "share-url" if is_web_url(value) => config.share_url = Some(value.into()),
        "share-url" => {
            return Some(
                "it must be an absolute http:// or https:// link; links point to this page",
            )
        }
        "capture" => {
            let names: Vec<String> = value
                .split(',')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect();
            let valid = |n: &String| {
                n.len() <= 64
                    && n.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            };
            if names.len() <= crate::lead::MAX_PARAMS && names.iter().all(valid) {
                config.capture = names;
            } else {
                return Some("it must be a comma-separated list of at most 20 URL parameter names; the UTM parameters are captured");
            }
        }
        _ => {}
    }
    None
}

/// A lead endpoint: a same-server path or an absolute web URL.
fn is_endpoint(value: &str) -> bool {
    (value.starts_with('/')
        && !value.starts_with("//")
        && !value.chars().any(|c| c.is_whitespace() || c.is_control()))
        || is_web_url(value)
}

fn parse_lead_format(value: &str) -> Option<LeadFormat> {
    let id_ok = |s: &str| {
        !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    match value.to_ascii_lowercase().as_str() {
        "collector" => Some(LeadFormat::Collector),
        "webhook" => Some(LeadFormat::Webhook),
        _ => {
            let mut parts = value.split(':');
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(kind), Some(portal), Some(form), None)
                    if kind.eq_ignore_ascii_case("hubspot") && id_ok(portal) && id_ok(form) =>
                {
                    Some(LeadFormat::HubSpot {
                        portal_id: portal.into(),
                        form_id: form.into(),
                    })
                }
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_offer_the_consultancy_phone_and_no_email() {
        let (config, warnings) = WidgetConfig::from_attributes([]);
        assert!(warnings.is_empty());
        assert_eq!(config.contact_phone.tel, "tel:+16177199530");
        assert_eq!(config.contact_email, None);
        assert_eq!(config.booking_url, None);
        assert_eq!(config.locale, "en");
    }

    /// Every setting in [`ATTRIBUTES`] and one unknown name, each with a
    /// well-formed and a malformed value.
    const EVERY_SETTING: [(&str, &str, &str); 18] = [
        (
            "booking-url",
            "https://example.com/book",
            "book.example.com",
        ),
        ("contact-phone", "+44 20 7946 0958", "call us"),
        ("contact-email", "hello@example.com", "nobody"),
        ("locale", "en-GB", "xx"),
        ("lead-endpoint", "/hooks/leads", "ftp://example.com"),
        ("lead-format", "webhook", "salesforce"),
        ("consent-text", "Yes, you may write to me.", ""),
        (
            "privacy-url",
            "https://example.com/privacy",
            "javascript:alert(1)",
        ),
        // Light, as the accent's contrast is checked against white: every
        // good value here is well-formed beside the others.
        ("theme", "light", "purple"),
        ("accent", "#1b4f8a", "red"),
        ("font", "\"Open Sans\", sans-serif", "x;}"),
        ("radius", "4", "40"),
        ("mode", "popup", "sideways"),
        ("launcher-text", "Check a role", ""),
        ("share-url", "https://example.com/quiz", "/quiz"),
        ("capture", "utm_source, gclid", "utm source"),
        ("analytics", "off", "maybe"),
        ("unknown-setting", "x", "y"),
    ];

    #[test]
    fn the_setting_tables_cover_every_attribute() {
        let names: Vec<&str> = EVERY_SETTING.iter().map(|s| s.0).collect();
        assert_eq!(
            names[..ATTRIBUTES.len()],
            ATTRIBUTES,
            "EVERY_SETTING lists every attribute, in order"
        );
        assert!(LATER_SETTINGS.iter().all(|l| ATTRIBUTES.contains(l)));
    }

    #[test]
    fn the_start_reading_is_the_full_reading_without_the_later_settings() {
        for malformed in [false, true] {
            let attributes: Vec<(String, &str)> = EVERY_SETTING
                .iter()
                .map(|&(name, good, bad)| {
                    (
                        name.to_ascii_uppercase(),
                        if malformed { bad } else { good },
                    )
                })
                .collect();
            let pairs = || attributes.iter().map(|(n, v)| (n.as_str(), *v));
            let (full, _) = WidgetConfig::from_attributes(pairs());
            let start = WidgetConfig::from_start_attributes(pairs());

            // The start reading keeps the later settings at their defaults
            // and reads everything else as the full reading does.
            let defaults = WidgetConfig::default();
            assert_eq!(start.contact_email, defaults.contact_email);
            assert_eq!(start.consent_text, defaults.consent_text);
            assert_eq!(start.privacy_url, defaults.privacy_url);
            assert_eq!(start.share_url, defaults.share_url);
            assert_eq!(start.capture, defaults.capture);
            let with_later = WidgetConfig {
                contact_email: full.contact_email.clone(),
                consent_text: full.consent_text.clone(),
                privacy_url: full.privacy_url.clone(),
                share_url: full.share_url.clone(),
                capture: full.capture.clone(),
                ..start
            };
            assert_eq!(with_later, full);
        }
    }

    /// The full reading names every malformed setting, the later ones too,
    /// and nothing when all are well-formed: the start reports none, so the
    /// full module's report is the only one.
    #[test]
    fn the_full_reading_reports_every_malformed_setting() {
        let bad: Vec<(&str, &str)> = EVERY_SETTING.iter().map(|(n, _, bad)| (*n, *bad)).collect();
        let reported: Vec<String> = WidgetConfig::from_attributes(bad.iter().copied())
            .1
            .into_iter()
            .map(|w| w.attribute)
            .collect();
        let every: Vec<&str> = EVERY_SETTING.iter().map(|s| s.0).collect();
        assert_eq!(reported, every);
        let good: Vec<(&str, &str)> = EVERY_SETTING
            .iter()
            .filter(|(n, _, _)| *n != "unknown-setting")
            .map(|(n, good, _)| (*n, *good))
            .collect();
        assert_eq!(
            WidgetConfig::from_attributes(good.iter().copied()).1,
            vec![]
        );
    }

    #[test]
    fn reads_valid_settings() {
        let (config, warnings) = WidgetConfig::from_attributes([
            ("booking-url", " https://example.com/book "),
            ("CONTACT-PHONE", "+44 20 7946 0958"),
            ("contact-email", "hello@example.com"),
            ("locale", "en-GB"),
            ("id", "quiz-1"),
            ("data-anything", "x"),
            ("aria-label", "Quiz"),
        ]);
        assert_eq!(warnings, vec![]);
        assert_eq!(
            config.booking_url.as_deref(),
            Some("https://example.com/book")
        );
        assert_eq!(config.contact_phone.tel, "tel:+442079460958");
        assert_eq!(config.contact_email.as_deref(), Some("hello@example.com"));
        assert_eq!(config.locale, "en-gb");
    }

    #[test]
    fn every_listed_attribute_is_a_setting() {
        for name in ATTRIBUTES {
            let (_, warnings) = WidgetConfig::from_attributes([(name, "")]);
            assert!(
                warnings
                    .iter()
                    .all(|w| w.problem != "role-quiz has no such setting"),
                "{name} is listed but not read"
            );
        }
    }

    #[test]
    fn reads_lead_settings() {
        let (config, warnings) = WidgetConfig::from_attributes([
            ("lead-endpoint", "https://collector.example/api/leads"),
            ("lead-format", "hubspot:123456:0a1b-2c3d"),
            ("consent-text", "Yes, contact me."),
            ("privacy-url", "https://example.com/privacy"),
        ]);
        assert_eq!(warnings, vec![]);
        assert_eq!(config.lead_endpoint, "https://collector.example/api/leads");
        assert_eq!(
            config.lead_format,
            LeadFormat::HubSpot {
                portal_id: "123456".into(),
                form_id: "0a1b-2c3d".into()
            }
        );
        assert_eq!(config.consent_text.as_deref(), Some("Yes, contact me."));
        assert_eq!(
            config.privacy_url.as_deref(),
            Some("https://example.com/privacy")
        );
        let (config, _) = WidgetConfig::from_attributes([
            ("lead-endpoint", "/leads"),
            ("lead-format", "WEBHOOK"),
        ]);
        assert_eq!(
            (config.lead_endpoint.as_str(), config.lead_format),
            ("/leads", LeadFormat::Webhook)
        );
    }

    #[test]
    fn funnel_reports_go_next_to_the_collector_unless_turned_off() {
        let (config, _) = WidgetConfig::from_attributes([(
            "lead-endpoint",
            "https://collector.example/api/leads",
        )]);
        assert_eq!(
            config.funnel_endpoint().as_deref(),
            Some("https://collector.example/api/events")
        );
        assert_eq!(
            WidgetConfig::default().funnel_endpoint().as_deref(),
            Some("/api/events")
        );
        let (off, warnings) = WidgetConfig::from_attributes([("analytics", "OFF")]);
        assert_eq!((off.funnel_endpoint(), warnings), (None, vec![]));
        let (webhook, _) = WidgetConfig::from_attributes([("lead-format", "webhook")]);
        assert_eq!(webhook.funnel_endpoint(), None, "only a collector counts");
        let (odd, warnings) = WidgetConfig::from_attributes([("analytics", "maybe")]);
        assert!(odd.analytics);
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn reads_embedding_settings() {
        let (config, warnings) = WidgetConfig::from_attributes([
            ("theme", "dark"),
            ("accent", "#8ab4f8"),
            ("font", "Georgia, serif"),
            ("radius", "4px"),
            ("mode", "popup"),
            ("launcher-text", "Check your role"),
            ("share-url", "https://example.com/quiz"),
            ("capture", "utm_source, gclid"),
        ]);
        assert_eq!(warnings, vec![]);
        assert_eq!(config.theme, ThemeMode::Dark);
        assert_eq!(config.accent, Some(Rgb(0x8a, 0xb4, 0xf8)));
        assert_eq!(config.font.as_deref(), Some("Georgia, serif"));
        assert_eq!(config.radius, Some(4));
        assert_eq!(config.mode, Mode::Popup);
        assert_eq!(config.launcher_text.as_deref(), Some("Check your role"));
        assert_eq!(
            config.share_url.as_deref(),
            Some("https://example.com/quiz")
        );
        assert_eq!(config.capture, ["utm_source", "gclid"]);
    }

    #[test]
    fn unreadable_or_unsafe_embedding_settings_fall_back() {
        let (config, warnings) = WidgetConfig::from_attributes([
            ("accent", "#ffee00"),
            ("font", "x;}body{display:none"),
            ("radius", "99"),
            ("mode", "sidebar"),
            ("theme", "neon"),
            ("capture", "utm source"),
        ]);
        assert_eq!(config, WidgetConfig::default());
        let named: Vec<&str> = warnings.iter().map(|w| w.attribute.as_str()).collect();
        assert_eq!(
            named,
            ["font", "radius", "mode", "theme", "capture", "accent"]
        );
        assert!(warnings[5].problem.contains("contrast"));
        let (dark, w) = WidgetConfig::from_attributes([("accent", "#1b4f8a"), ("theme", "dark")]);
        assert_eq!(
            (dark.accent, w.len()),
            (None, 1),
            "a dark accent on the dark theme is refused"
        );
        let (dark, w) = WidgetConfig::from_attributes([("accent", "#8ab4f8"), ("theme", "dark")]);
        assert_eq!((dark.accent, w.len()), (Some(Rgb(0x8a, 0xb4, 0xf8)), 0));
    }

    #[test]
    fn malformed_lead_settings_fall_back() {
        let (config, warnings) = WidgetConfig::from_attributes([
            ("lead-endpoint", "//evil.example/x"),
            ("lead-format", "hubspot:12 34:form"),
            ("consent-text", ""),
            ("privacy-url", "javascript:void(0)"),
        ]);
        assert_eq!(config, WidgetConfig::default());
        assert_eq!(warnings.len(), 4);
        let (_, w) = WidgetConfig::from_attributes([("lead-format", "salesforce")]);
        assert_eq!(w[0].attribute, "lead-format");
    }

    #[test]
    fn malformed_values_warn_by_name_and_fall_back() {
        let (config, warnings) = WidgetConfig::from_attributes([
            ("booking-url", "javascript:alert(1)"),
            ("contact-phone", "call us"),
            ("contact-email", "not-an-address"),
            ("locale", "xx"),
            ("colour", "red"),
        ]);
        assert_eq!(config, WidgetConfig::default());
        let named: Vec<&str> = warnings.iter().map(|w| w.attribute.as_str()).collect();
        assert_eq!(
            named,
            [
                "booking-url",
                "contact-phone",
                "contact-email",
                "locale",
                "colour"
            ]
        );
        assert!(warnings[0]
            .to_string()
            .starts_with("role-quiz: attribute `booking-url` ignored:"));
    }
}
