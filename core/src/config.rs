//! The widget's settings, parsed from the attributes of the element it is
//! mounted on into one typed [`WidgetConfig`].
//!
//! A malformed value never stops the widget: it is reported as a
//! [`ConfigWarning`] naming the attribute, and the default is used instead.

use std::fmt;

use crate::contact::{is_valid_email, is_web_url, parse_phone, Phone};
use crate::content::has_locale;

/// The consultancy's own number, from the article.
pub const DEFAULT_PHONE: &str = "+1-617-719-9530";

/// The locale used when none is set.
pub const DEFAULT_LOCALE: &str = "en";

/// The attributes the widget reads.
pub const ATTRIBUTES: [&str; 4] = ["booking-url", "contact-phone", "contact-email", "locale"];

/// Attributes that belong to the page, not the widget, and are left alone.
const PAGE_ATTRIBUTES: [&str; 13] = [
    "id", "class", "style", "hidden", "lang", "dir", "title", "tabindex", "slot", "part", "nonce", "role", "translate",
];

/// The typed settings of one widget instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Where "book a full alignment study" leads; without it the widget
    /// offers the phone number.
    pub booking_url: Option<String>,
    pub contact_phone: Phone,
    /// No address by default: the article gives none.
    pub contact_email: Option<String>,
    pub locale: String,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        WidgetConfig {
            booking_url: None,
            contact_phone: parse_phone(DEFAULT_PHONE).expect("the default phone number is valid"),
            contact_email: None,
            locale: DEFAULT_LOCALE.into(),
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
        write!(f, "role-quiz: attribute `{}` ignored: {}", self.attribute, self.problem)
    }
}

impl WidgetConfig {
    /// Parses attributes given as name/value pairs. Unknown names are
    /// reported, except the page's own (`id`, `class`, `data-*`, `aria-*` …).
    pub fn from_attributes<'a>(attributes: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Self, Vec<ConfigWarning>) {
        let mut config = WidgetConfig::default();
        let mut warnings = Vec::new();
        for (name, value) in attributes {
            let name = name.to_ascii_lowercase();
            let value = value.trim();
            let mut warn = |problem| warnings.push(ConfigWarning { attribute: name.clone(), problem });
            match name.as_str() {
                "booking-url" if is_web_url(value) => config.booking_url = Some(value.into()),
                "booking-url" => warn("it must be an absolute http:// or https:// link; the phone number is offered instead"),
                "contact-phone" => match parse_phone(value) {
                    Some(phone) => config.contact_phone = phone,
                    None => warn("it must be a phone number of 7 to 15 digits; the default number is used"),
                },
                "contact-email" if value.is_empty() => {}
                "contact-email" if is_valid_email(value) => config.contact_email = Some(value.into()),
                "contact-email" => warn("it is not a valid e-mail address; no address is shown"),
                "locale" if has_locale(value) => config.locale = value.to_ascii_lowercase(),
                "locale" => warn("there are no texts for this locale; English is used"),
                n if PAGE_ATTRIBUTES.contains(&n) || n.starts_with("data-") || n.starts_with("aria-") => {}
                _ => warn("role-quiz has no such setting"),
            }
        }
        (config, warnings)
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
        assert_eq!(config.booking_url.as_deref(), Some("https://example.com/book"));
        assert_eq!(config.contact_phone.tel, "tel:+442079460958");
        assert_eq!(config.contact_email.as_deref(), Some("hello@example.com"));
        assert_eq!(config.locale, "en-gb");
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
        assert_eq!(named, ["booking-url", "contact-phone", "contact-email", "locale", "colour"]);
        assert!(warnings[0].to_string().starts_with("role-quiz: attribute `booking-url` ignored:"));
    }
}
