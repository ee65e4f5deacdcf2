//! Writing the two e-mails from a stored lead: the notification to the
//! consultancy (plain text) and the visitor's result (plain text and HTML).
//!
//! Every value from the visitor goes in through `template::fill` as text and,
//! in the HTML part, escaped; headers are built by lettre, which encodes
//! names and subjects, and the collector refuses control characters in
//! names before a lead is stored.

use role_quiz_core::content::{texts_for, Texts, BANK};
use role_quiz_core::lead::{Channel, LeadPayload};
use role_quiz_core::link_code::{encode, LinkContent};
use role_quiz_core::session::{Perspective, Respondent};
use role_quiz_core::template::{fill, points};

use super::texts::MailTexts;

/// An e-mail's words: subject, text, and an HTML part when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Text for HTML: `&`, `<`, `>`, `"` and `'` escaped.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn percent(chance: Option<f64>) -> String {
    chance.map_or_else(
        || "?".into(),
        |c| role_quiz_core::scoring::stated_percent(c).to_string(),
    )
}

fn band_name<'a>(texts: &Texts<'a>, id: &'a str) -> &'a str {
    texts.band(id).map_or(id, |b| b.name)
}

fn perspective_name<'a>(texts: &Texts<'a>, p: Option<Perspective>) -> &'a str {
    match p.unwrap_or(Perspective::Holder) {
        Perspective::Holder => texts.perspectives.holder,
        Perspective::Manager => texts.perspectives.manager,
        Perspective::Hiring => texts.perspectives.hiring,
    }
}

fn flag_title<'a>(texts: &Texts<'a>, id: &str) -> &'a str {
    let f = &texts.flags;
    match id {
        "title_mismatch" => f.title_mismatch.title,
        "yardstick_mismatch" => f.yardstick_mismatch.title,
        "measures_doubted" => f.measures_doubted.title,
        "facets_split" => f.facets_split.title,
        _ => "",
    }
}

/// The notification to the consultancy: who, how to reach them, what they
/// got, and where they came from.
pub fn consultancy(lead: &LeadPayload, mail: &MailTexts, admin_link: Option<&str>) -> Composed {
    let t = &mail.consultancy;
    let texts = texts_for("en");
    let c = &lead.contact;
    let r = &lead.result;
    let band = band_name(texts, &r.band);
    let mut lines = vec![t.intro.clone(), String::new(), t.contact_heading.clone()];
    let line = |template: &str, value: &str| fill(template, &[("value", value)]);
    lines.push(line(&t.name, &c.name));
    lines.push(line(&t.email, &c.email));
    lines.push(line(&t.company, &c.company));
    if !c.role_title.is_empty() {
        lines.push(line(&t.role_title, &c.role_title));
    }
    if !c.phone.is_empty() {
        lines.push(line(&t.phone, &c.phone));
    }
    let channel = match c.preferred_channel {
        Channel::Email => &t.channel_email,
        Channel::Phone => &t.channel_phone,
    };
    lines.push(line(&t.channel, channel));
    lines.push(t.message.clone());
    lines.push(if c.message.is_empty() {
        t.no_message.clone()
    } else {
        c.message.clone()
    });
    lines.extend([String::new(), t.result_heading.clone()]);
    lines.push(line(&t.perspective, perspective_name(texts, r.perspective)));
    lines.push(fill(
        &t.band,
        &[("band", band), ("chance", &percent(r.band_likelihood))],
    ));
    if let Some(neighbour) = &r.neighbour_band {
        lines.push(fill(
            &t.neighbour,
            &[
                ("neighbour", band_name(texts, neighbour)),
                ("chance", &percent(r.neighbour_likelihood)),
            ],
        ));
    }
    lines.push(fill(
        &t.position,
        &[
            ("position", &points(r.position)),
            ("low", &points(r.low)),
            ("high", &points(r.high)),
        ],
    ));
    lines.push(fill(
        &t.demands,
        &[
            ("marketing", &points(r.marketing_demand)),
            ("sales", &points(r.sales_demand)),
        ],
    ));
    for f in &r.facets {
        let name = texts.facet(&f.id).map_or(f.id.as_str(), |t| t.name);
        lines.push(fill(
            &t.facet,
            &[
                ("facet", name),
                ("position", &points(f.position)),
                ("low", &points(f.low)),
                ("high", &points(f.high)),
            ],
        ));
    }
    if r.flags.is_empty() {
        lines.push(t.no_flags.clone());
    } else {
        lines.push(t.flags.clone());
        lines.extend(
            r.flags
                .iter()
                .map(|f| format!("- {}", flag_title(texts, f))),
        );
    }
    if let Some(cmp) = &lead.comparison {
        lines.extend([String::new(), t.comparison_heading.clone()]);
        lines.push(fill(
            &t.comparison,
            &[
                ("alignment", &points(cmp.alignment)),
                ("band", &cmp.band),
                (
                    "first",
                    perspective_name(texts, Some(cmp.first_perspective)),
                ),
                ("first_position", &points(cmp.first_position)),
                (
                    "second",
                    perspective_name(texts, Some(cmp.second_perspective)),
                ),
                ("second_position", &points(cmp.second_position)),
            ],
        ));
    }
    lines.extend([String::new(), t.source_heading.clone()]);
    if !lead.context.page_url.is_empty() {
        lines.push(line(&t.page, &lead.context.page_url));
    }
    if !lead.context.referrer.is_empty() {
        lines.push(line(&t.referrer, &lead.context.referrer));
    }
    for (key, value) in &lead.context.params {
        lines.push(fill(&t.param, &[("key", key), ("value", value)]));
    }
    if let Some(link) = admin_link {
        lines.push(line(&t.lead_link, link));
    }
    lines.push(line(&t.lead_id, &lead.lead_id));
    lines.extend([String::new(), t.reply_note.clone()]);
    Composed {
        subject: fill(
            &t.subject,
            &[("name", &c.name), ("company", &c.company), ("band", band)],
        ),
        text: lines.join("\n") + "\n",
        html: None,
    }
}

/// Where the result link may point, by configuration only.
#[derive(Debug, Clone, Default)]
pub struct LinkBase {
    /// `ROLE_QUIZ_SHARE_URL`: always this page when set.
    pub share_url: Option<String>,
    /// Origins a lead's own page may be on to be linked back to (the allowed
    /// origins, never `*`, and the public origin).
    pub trusted_origins: Vec<String>,
    /// `ROLE_QUIZ_PUBLIC_URL`: the collector's own demo page otherwise.
    pub public_url: Option<String>,
}

impl LinkBase {
    /// The page for a lead's link: never a page the request merely claims,
    /// so the collector cannot be made to mail links to any site.
    pub fn page_for(&self, lead: &LeadPayload) -> Option<String> {
        if let Some(share) = &self.share_url {
            return Some(share.clone());
        }
        let page = lead.context.page_url.split('#').next().unwrap_or("");
        let trusted = crate::origin_of(page).is_some_and(|origin| {
            self.trusted_origins
                .iter()
                .any(|t| t.trim_end_matches('/').eq_ignore_ascii_case(&origin))
        });
        if trusted {
            // The page without its query: campaign parameters stay out.
            return Some(page.split('?').next().unwrap_or(page).to_string());
        }
        self.public_url
            .as_ref()
            .map(|u| format!("{}/", u.trim_end_matches('/')))
    }
}

/// The link that opens the lead's result again in the widget (`#rq=` code,
/// in the fragment so it never reaches a server log), when the lead was
/// made with this version of the questions and a page is configured.
pub fn result_link(lead: &LeadPayload, base: &LinkBase) -> Option<String> {
    let r = &lead.result;
    if r.bank_version != BANK.version {
        return None;
    }
    let answers: Vec<Option<u8>> = BANK
        .items
        .iter()
        .map(|item| r.answers.get(item.id).copied())
        .collect();
    if answers.iter().any(Option::is_none) {
        return None;
    }
    let first = Respondent {
        perspective: r.perspective.unwrap_or(Perspective::Holder),
        measures: r.measures_view,
        answers,
    };
    let code = encode(
        &BANK,
        &LinkContent::Result {
            title: r.title.clone(),
            first,
        },
    );
    Some(format!("{}#rq={code}", base.page_for(lead)?))
}

/// The result e-mail to the visitor.
pub fn visitor(
    lead: &LeadPayload,
    mail: &MailTexts,
    link: Option<&str>,
    booking_url: Option<&str>,
    phone: &str,
) -> Composed {
    let t = &mail.visitor;
    let texts = texts_for("en");
    let r = &lead.result;
    let band_text = texts.band(&r.band);
    let band = band_name(texts, &r.band);
    // Paragraphs of (text, link) pairs, written once as text and once as HTML.
    let mut paragraphs: Vec<Vec<(String, Option<String>)>> = Vec::new();
    let text = |s: String| (s, None);
    paragraphs.push(vec![text(fill(
        &t.greeting,
        &[("name", &lead.contact.name)],
    ))]);
    paragraphs.push(vec![text(if r.title.trim().is_empty() {
        t.intro_untitled.clone()
    } else {
        fill(&t.intro, &[("title", r.title.trim())])
    })]);
    paragraphs.push(vec![text(fill(
        &t.band,
        &[("band", band), ("chance", &percent(r.band_likelihood))],
    ))]);
    if let Some(b) = band_text {
        paragraphs.push(vec![text(b.summary.to_string())]);
    }
    paragraphs.push(vec![text(fill(
        &t.position,
        &[
            ("position", &points(r.position)),
            ("low", &points(r.low)),
            ("high", &points(r.high)),
        ],
    ))]);
    let mut meaning = vec![text(t.meaning_heading.clone())];
    if let Some(b) = band_text {
        let ui = texts.ui;
        for (title, body) in [
            (ui.hiring_title, b.hiring),
            (ui.managing_title, b.managing),
            (ui.measuring_title, b.measuring),
        ] {
            meaning.push(text(format!("{title}: {body}")));
        }
    }
    paragraphs.push(meaning);
    if let Some(link) = link {
        paragraphs.push(vec![
            text(t.link_intro.clone()),
            (link.to_string(), Some(link.to_string())),
        ]);
    }
    match booking_url {
        Some(url) => paragraphs.push(vec![
            text(t.book_intro.clone()),
            (url.to_string(), Some(url.to_string())),
            text(fill(&t.call, &[("phone", phone)])),
        ]),
        None => paragraphs.push(vec![text(fill(&t.call_only, &[("phone", phone)]))]),
    }
    paragraphs.push(vec![text(t.signature.clone())]);
    paragraphs.push(vec![text(t.why.clone())]);

    let plain = paragraphs
        .iter()
        .map(|p| {
            p.iter()
                .map(|(s, _)| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let html_body: String = paragraphs
        .iter()
        .map(|p| {
            let inner = p
                .iter()
                .map(|(s, href)| match href {
                    Some(href) => {
                        format!("<a href=\"{}\">{}</a>", escape_html(href), escape_html(s))
                    }
                    None => escape_html(s),
                })
                .collect::<Vec<_>>()
                .join("<br>\n");
            format!("<p>{inner}</p>\n")
        })
        .collect();
    let subject = fill(&t.subject, &[("band", band)]);
    let html = format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family:sans-serif;line-height:1.5;max-width:40em\">\n{html_body}</body></html>\n",
        texts.locale,
        escape_html(&subject)
    );
    Composed {
        subject,
        text: plain + "\n",
        html: Some(html),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_covers_markup_and_attributes() {
        assert_eq!(
            escape_html("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }
}
