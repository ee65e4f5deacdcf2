//! The e-mails' words: `content/<locale>/mail.toml`, compiled in.

use serde::Deserialize;

/// The texts of the e-mail to the consultancy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsultancyTexts {
    pub subject: String,
    pub intro: String,
    pub contact_heading: String,
    pub name: String,
    pub email: String,
    pub company: String,
    pub role_title: String,
    pub phone: String,
    pub channel: String,
    pub channel_email: String,
    pub channel_phone: String,
    pub message: String,
    pub no_message: String,
    pub result_heading: String,
    pub perspective: String,
    pub band: String,
    pub neighbour: String,
    pub position: String,
    pub demands: String,
    pub facet: String,
    pub flags: String,
    pub no_flags: String,
    pub comparison_heading: String,
    pub comparison: String,
    pub source_heading: String,
    pub page: String,
    pub referrer: String,
    pub param: String,
    pub lead_link: String,
    pub lead_id: String,
    pub reply_note: String,
}

/// The texts of the result e-mail to the visitor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitorTexts {
    pub subject: String,
    pub greeting: String,
    pub intro: String,
    pub intro_untitled: String,
    pub band: String,
    pub position: String,
    pub meaning_heading: String,
    pub link_intro: String,
    pub book_intro: String,
    pub call: String,
    pub call_only: String,
    pub signature: String,
    pub why: String,
}

/// All e-mail texts of one locale.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailTexts {
    pub consultancy: ConsultancyTexts,
    pub visitor: VisitorTexts,
}

/// The locales with e-mail texts, and their files.
const LOCALES: &[(&str, &str)] = &[("en", include_str!("../../../content/en/mail.toml"))];

/// The e-mail texts for `locale`, or English when it has none.
pub fn mail_texts(locale: &str) -> MailTexts {
    let source = LOCALES
        .iter()
        .find(|(l, _)| *l == locale)
        .unwrap_or(&LOCALES[0])
        .1;
    toml::from_str(source).expect("content/<locale>/mail.toml is checked by the tests")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_every_text_and_a_locale_of_the_widget() {
        for (locale, source) in LOCALES {
            let texts: Result<MailTexts, _> = toml::from_str(source);
            assert!(texts.is_ok(), "{locale}: {:?}", texts.err());
            assert!(role_quiz_core::content::has_locale(locale), "{locale}");
        }
        assert_eq!(
            mail_texts("xx").visitor.subject,
            mail_texts("en").visitor.subject
        );
    }
}
