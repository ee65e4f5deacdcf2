//! Funnel reports: the anonymous steps the widget reports to its collector
//! (a view, a start, each question reached, a completion and so on), so the
//! consultancy sees where visitors drop off without tracking anyone.
//!
//! A report carries the step, a detail (the question or the band), the
//! page's origin and path, its UTM parameters, the widget instance and the
//! bank version, and nothing that identifies a person: no identifier, no
//! answer, no address. The collector keeps per-day counts, not reports.

use serde::{Deserialize, Serialize};

use crate::contact::is_web_url;
use crate::content::BANK;
use crate::events::WidgetEvent;

/// The steps, in funnel order.
pub const STEPS: [&str; 9] = [
    "view",
    "start",
    "question",
    "complete",
    "lead",
    "cta",
    "invite",
    "invitation_opened",
    "comparison_completed",
];

/// The UTM parameters a report may carry.
pub const UTM_KEYS: [&str; 3] = ["utm_source", "utm_medium", "utm_campaign"];

/// Reports larger than this are refused.
pub const MAX_REPORT_BYTES: usize = 2048;

/// One report, as the widget sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunnelReport {
    pub step: String,
    /// The question's id for `question`, the band's id for `complete`, else empty.
    #[serde(default)]
    pub detail: String,
    /// Who answered (`holder`, `manager`, `hiring`), for `complete` only.
    #[serde(default)]
    pub perspective: String,
    /// The page's origin and path, without query or fragment.
    pub page: String,
    #[serde(default)]
    pub utm: Utm,
    /// The widget element's id (`default` without one).
    pub instance: String,
    pub bank_version: u32,
}

/// The campaign a report's page was reached from: the UTM parameters of
/// [`UTM_KEYS`], each left out of the JSON when the page had none. A typed
/// record rather than a map, so an unknown key never parses; and building a
/// `BTreeMap` (a sort and a clone) cost the widget's start module 3 KiB.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Utm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_medium: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_campaign: Option<String>,
}

impl Utm {
    /// The parameters, from `value_of` each of [`UTM_KEYS`].
    pub fn from_fn(mut value_of: impl FnMut(&str) -> Option<String>) -> Utm {
        Utm {
            utm_source: value_of(UTM_KEYS[0]),
            utm_medium: value_of(UTM_KEYS[1]),
            utm_campaign: value_of(UTM_KEYS[2]),
        }
    }

    /// The value of one of [`UTM_KEYS`], if the page had it.
    pub fn get(&self, key: &str) -> Option<&str> {
        match key {
            "utm_source" => self.utm_source.as_deref(),
            "utm_medium" => self.utm_medium.as_deref(),
            "utm_campaign" => self.utm_campaign.as_deref(),
            _ => None,
        }
    }
}

/// What an event reports, if it is a funnel step: the step, its detail,
/// and for a completion who answered.
pub fn step_of(event: &WidgetEvent) -> Option<(&'static str, String, String)> {
    let (step, detail) = match event {
        WidgetEvent::View {} => ("view", String::new()),
        WidgetEvent::Start {} => ("start", String::new()),
        WidgetEvent::Answer { item, .. } => ("question", item.clone()),
        WidgetEvent::Complete {
            band, perspective, ..
        } => return Some(("complete", band.clone(), perspective.clone())),
        // A queued lead was submitted too; it arrives later from the outbox.
        WidgetEvent::LeadSubmitted { .. } | WidgetEvent::LeadQueued { .. } => {
            ("lead", String::new())
        }
        WidgetEvent::CtaClick { .. } => ("cta", String::new()),
        WidgetEvent::CompareInvite {} => ("invite", String::new()),
        WidgetEvent::InvitationOpened {} => ("invitation_opened", String::new()),
        WidgetEvent::ComparisonComplete {} => ("comparison_completed", String::new()),
        WidgetEvent::Error { .. } => return None,
    };
    Some((step, detail, String::new()))
}

/// The page's origin and path from a full URL: no query, no fragment.
pub fn page_of(url: &str) -> String {
    url.split(['?', '#']).next().unwrap_or("").to_string()
}

/// Why a report is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportProblem(pub &'static str);

/// Checks a report against the domain of each field.
pub fn validate_report(r: &FunnelReport) -> Result<(), ReportProblem> {
    let short_text = |s: &str, max: usize| {
        s.chars().count() <= max && !s.chars().any(crate::lead::is_disallowed_control)
    };
    if !STEPS.contains(&r.step.as_str()) {
        return Err(ReportProblem("step"));
    }
    let detail_fits = match r.step.as_str() {
        "question" => BANK.items.iter().any(|i| i.id == r.detail),
        "complete" => BANK.bands.iter().any(|b| b.id == r.detail),
        _ => r.detail.is_empty(),
    };
    if !detail_fits {
        return Err(ReportProblem("detail"));
    }
    let perspective_fits = match r.step.as_str() {
        "complete" => ["holder", "manager", "hiring"].contains(&r.perspective.as_str()),
        _ => r.perspective.is_empty(),
    };
    if !perspective_fits {
        return Err(ReportProblem("perspective"));
    }
    if r.page.len() > 512 || !is_web_url(&r.page) || r.page.contains(['?', '#']) {
        return Err(ReportProblem("page"));
    }
    if UTM_KEYS
        .iter()
        .filter_map(|k| r.utm.get(k))
        // An address has no place in a campaign name, and would make a count
        // row personal data.
        .any(|v| !short_text(v, 100) || v.contains('@'))
    {
        return Err(ReportProblem("utm"));
    }
    if r.instance.is_empty()
        || r.instance.len() > 64
        || !r
            .instance
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
    {
        return Err(ReportProblem("instance"));
    }
    if r.bank_version == 0 || r.bank_version > BANK.version {
        return Err(ReportProblem("bank_version"));
    }
    Ok(())
}

/// Whether a user agent declares itself a crawler, by the documented list
/// of words (`bot`, `crawl`, `spider`, `slurp`, `preview`,
/// `facebookexternalhit`, `lighthouse`, `pingdom`, `monitor`).
pub fn is_crawler(user_agent: &str) -> bool {
    let ua = user_agent.to_ascii_lowercase();
    [
        "bot",
        "crawl",
        "spider",
        "slurp",
        "preview",
        "facebookexternalhit",
        "lighthouse",
        "pingdom",
        "monitor",
    ]
    .iter()
    .any(|w| ua.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(step: &str, detail: &str) -> FunnelReport {
        FunnelReport {
            step: step.into(),
            detail: detail.into(),
            perspective: if step == "complete" {
                "holder".into()
            } else {
                String::new()
            },
            page: "https://landing.example/quiz".into(),
            utm: Utm {
                utm_source: Some("news".into()),
                ..Utm::default()
            },
            instance: "default".into(),
            bank_version: BANK.version,
        }
    }

    #[test]
    fn reports_are_checked_field_by_field() {
        assert_eq!(validate_report(&report("view", "")), Ok(()));
        assert_eq!(
            validate_report(&report("question", BANK.items[0].id)),
            Ok(())
        );
        assert_eq!(validate_report(&report("complete", "hybrid")), Ok(()));
        assert_eq!(
            validate_report(&report("visit", "")),
            Err(ReportProblem("step"))
        );
        assert_eq!(
            validate_report(&report("question", "x9")),
            Err(ReportProblem("detail"))
        );
        assert_eq!(
            validate_report(&report("view", "w5")),
            Err(ReportProblem("detail"))
        );
        let mut r = report("view", "");
        r.page = "https://landing.example/?email=ada@example.com".into();
        assert_eq!(
            validate_report(&r),
            Err(ReportProblem("page")),
            "no query strings"
        );
        let mut r = report("view", "");
        r.utm.utm_campaign = Some("ada@example.com".into());
        assert_eq!(
            validate_report(&r),
            Err(ReportProblem("utm")),
            "no addresses in campaign names"
        );
        let mut r = report("view", "");
        r.utm.utm_medium = Some("x".repeat(101));
        assert_eq!(validate_report(&r), Err(ReportProblem("utm")), "short");
        let mut r = report("view", "");
        r.instance = "a b".into();
        assert_eq!(validate_report(&r), Err(ReportProblem("instance")));
        let mut r = report("view", "");
        r.bank_version = 99;
        assert_eq!(validate_report(&r), Err(ReportProblem("bank_version")));
    }

    #[test]
    fn utm_parameters_are_an_object_of_known_keys_only() {
        let json = serde_json::to_string(&report("view", "")).unwrap();
        assert!(json.contains(r#""utm":{"utm_source":"news"}"#), "{json}");
        let parsed: FunnelReport = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed, report("view", ""));
        let email = json.replace(r#""utm_source":"news""#, r#""email":"ada@example.com""#);
        assert!(serde_json::from_str::<FunnelReport>(&email).is_err());
        let utm = Utm::from_fn(|k| (k != "utm_medium").then(|| k.to_uppercase()));
        assert_eq!(utm.get("utm_source"), Some("UTM_SOURCE"));
        assert_eq!(utm.get("utm_medium"), None);
        assert_eq!(utm.get("utm_campaign"), Some("UTM_CAMPAIGN"));
    }

    #[test]
    fn every_funnel_event_maps_to_a_step_and_errors_do_not() {
        let events = [
            WidgetEvent::View {},
            WidgetEvent::Start {},
            WidgetEvent::Answer {
                item: "w5".into(),
                step: 1,
            },
            WidgetEvent::Complete {
                band: "hybrid".into(),
                position: 50.0,
                perspective: "hiring".into(),
            },
            WidgetEvent::LeadSubmitted {
                lead_id: "x".into(),
            },
            WidgetEvent::CtaClick {
                target: "booking".into(),
            },
            WidgetEvent::CompareInvite {},
            WidgetEvent::InvitationOpened {},
            WidgetEvent::ComparisonComplete {},
        ];
        let steps: Vec<&str> = events
            .iter()
            .filter_map(|e| step_of(e).map(|(s, _, _)| s))
            .collect();
        assert_eq!(steps, STEPS);
        assert_eq!(step_of(&WidgetEvent::Error { reason: "x".into() }), None);
        assert_eq!(
            step_of(&events[3]),
            Some(("complete", "hybrid".into(), "hiring".into()))
        );
        assert_eq!(
            page_of("https://a.example/p?utm_source=x#rq=abc"),
            "https://a.example/p"
        );
    }

    #[test]
    fn crawlers_are_known_by_what_they_say_they_are() {
        assert!(is_crawler(
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
        ));
        assert!(is_crawler("facebookexternalhit/1.1"));
        assert!(!is_crawler(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36"
        ));
    }
}
