//! The analytics funnel's events: their names and what each carries. The
//! widget sends them as `rolequiz:<name>` DOM events and `dataLayer` entries;
//! `embed.js` sends `error` itself. Details never hold personal data.

use serde::Serialize;

/// One funnel event, with its detail as the fields of its variant.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum WidgetEvent {
    /// The widget is shown.
    View {},
    /// The visitor starts the questionnaire.
    Start {},
    /// A statement is answered: its id and its question number.
    Answer { item: String, step: usize },
    /// The result is shown: the band, the rounded position, and who
    /// answered (`holder`, `manager` or `hiring`).
    Complete {
        band: String,
        position: f64,
        perspective: String,
    },
    /// A lead arrived at its destination.
    LeadSubmitted { lead_id: String },
    /// A lead waits in the outbox to be sent.
    LeadQueued { lead_id: String },
    /// The booking link, the phone number or the e-mail address was followed.
    CtaClick { target: String },
    /// The visitor opened the invitation to compare with the other side.
    CompareInvite {},
    /// The widget opened from an invitation link.
    InvitationOpened {},
    /// An invited visitor finished and sees the comparison.
    ComparisonComplete {},
    /// The widget failed to load or broke.
    Error { reason: String },
}

impl WidgetEvent {
    /// Every event name, in funnel order, for the documentation and for
    /// what `embed.js` is generated with.
    pub const NAMES: [&'static str; 11] = [
        "view",
        "start",
        "answer",
        "complete",
        "lead-submitted",
        "lead-queued",
        "cta-click",
        "compare-invite",
        "invitation-opened",
        "comparison-complete",
        "error",
    ];

    /// The event's name, without the `rolequiz:` prefix.
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::View {} => "view",
            WidgetEvent::Start {} => "start",
            WidgetEvent::Answer { .. } => "answer",
            WidgetEvent::Complete { .. } => "complete",
            WidgetEvent::LeadSubmitted { .. } => "lead-submitted",
            WidgetEvent::LeadQueued { .. } => "lead-queued",
            WidgetEvent::CtaClick { .. } => "cta-click",
            WidgetEvent::CompareInvite {} => "compare-invite",
            WidgetEvent::InvitationOpened {} => "invitation-opened",
            WidgetEvent::ComparisonComplete {} => "comparison-complete",
            WidgetEvent::Error { .. } => "error",
        }
    }

    /// The name as the DOM event and the `dataLayer` entry carry it.
    pub fn full_name(&self) -> String {
        format!("{PREFIX}{}", self.name())
    }
}

/// What every event name starts with.
pub const PREFIX: &str = "rolequiz:";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn details_are_the_variants_fields_and_names_are_listed() {
        let events = [
            (WidgetEvent::View {}, json!({})),
            (
                WidgetEvent::Answer {
                    item: "w5".into(),
                    step: 3,
                },
                json!({ "item": "w5", "step": 3 }),
            ),
            (
                WidgetEvent::Complete {
                    band: "hybrid".into(),
                    position: 50.0,
                    perspective: "manager".into(),
                },
                json!({ "band": "hybrid", "position": 50.0, "perspective": "manager" }),
            ),
            (
                WidgetEvent::CtaClick {
                    target: "phone".into(),
                },
                json!({ "target": "phone" }),
            ),
        ];
        for (event, detail) in events {
            assert_eq!(serde_json::to_value(&event).unwrap(), detail);
            assert!(WidgetEvent::NAMES.contains(&event.name()));
        }
        assert_eq!(WidgetEvent::Start {}.full_name(), "rolequiz:start");
    }

    /// `NAMES` is what the loaders and the documentation are given: it must
    /// list every variant's name, once each, in funnel order.
    #[test]
    fn names_list_every_variant_in_order() {
        let s = String::new;
        let every = [
            WidgetEvent::View {},
            WidgetEvent::Start {},
            WidgetEvent::Answer { item: s(), step: 0 },
            WidgetEvent::Complete {
                band: s(),
                position: 0.0,
                perspective: s(),
            },
            WidgetEvent::LeadSubmitted { lead_id: s() },
            WidgetEvent::LeadQueued { lead_id: s() },
            WidgetEvent::CtaClick { target: s() },
            WidgetEvent::CompareInvite {},
            WidgetEvent::InvitationOpened {},
            WidgetEvent::ComparisonComplete {},
            WidgetEvent::Error { reason: s() },
        ];
        assert_eq!(
            every.iter().map(WidgetEvent::name).collect::<Vec<_>>(),
            WidgetEvent::NAMES
        );
    }
}
