//! Flat records: an event's detail and a funnel report as a list of named
//! values, which the widget turns into a plain JavaScript object with one
//! `Reflect.set` per field.
//!
//! The same types derive `Serialize` for the collector and the tests, and a
//! test here checks each record against `serde_json`'s output of the same
//! value, so the two cannot drift. The widget does not serialise them with
//! `serde-wasm-bindgen`: with it, the start module was 0.34 KiB (brotli)
//! larger, and the embed snippet's start was over its 80 KiB budget.

use crate::events::WidgetEvent;
use crate::funnel::{FunnelReport, UTM_KEYS};

/// One value of a record.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Text(&'a str),
    Number(f64),
    Record(Record<'a>),
}

/// Named values, in the order `serde` writes them.
pub type Record<'a> = Vec<(&'static str, Value<'a>)>;

impl WidgetEvent {
    /// The event's detail: the fields of its variant.
    pub fn detail(&self) -> Record<'_> {
        use Value::{Number, Text};
        match self {
            WidgetEvent::View {}
            | WidgetEvent::Start {}
            | WidgetEvent::CompareInvite {}
            | WidgetEvent::InvitationOpened {}
            | WidgetEvent::ComparisonComplete {} => Vec::new(),
            WidgetEvent::Answer { item, step } => {
                vec![("item", Text(item)), ("step", Number(*step as f64))]
            }
            WidgetEvent::Complete {
                band,
                position,
                perspective,
            } => vec![
                ("band", Text(band)),
                ("position", Number(*position)),
                ("perspective", Text(perspective)),
            ],
            WidgetEvent::LeadSubmitted { lead_id } | WidgetEvent::LeadQueued { lead_id } => {
                vec![("lead_id", Text(lead_id))]
            }
            WidgetEvent::CtaClick { target } => vec![("target", Text(target))],
            WidgetEvent::Error { reason } => vec![("reason", Text(reason))],
        }
    }
}

impl FunnelReport {
    /// The report's fields; the UTM parameters the page had, and no others.
    pub fn record(&self) -> Record<'_> {
        use Value::{Number, Text};
        let utm = UTM_KEYS
            .iter()
            .filter_map(|&key| Some((key, Text(self.utm.get(key)?))))
            .collect();
        vec![
            ("step", Text(&self.step)),
            ("detail", Text(&self.detail)),
            ("perspective", Text(&self.perspective)),
            ("page", Text(&self.page)),
            ("utm", Value::Record(utm)),
            ("instance", Text(&self.instance)),
            ("bank_version", Number(f64::from(self.bank_version))),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funnel::Utm;
    use serde_json::{json, Map};

    /// A record as JSON, the way the widget's object would stringify.
    fn to_json(record: &Record<'_>) -> serde_json::Value {
        let mut map = Map::new();
        for (key, value) in record {
            let value = match value {
                Value::Text(text) => json!(text),
                Value::Number(number) => json!(number),
                Value::Record(inner) => to_json(inner),
            };
            map.insert(key.to_string(), value);
        }
        serde_json::Value::Object(map)
    }

    /// JSON numbers compare by kind (`3` is not `3.0`), and JavaScript has
    /// one kind: compare them as numbers.
    fn numbers_as_f64(value: serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::Number(n) => json!(n.as_f64().unwrap()),
            serde_json::Value::Object(map) => serde_json::Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, numbers_as_f64(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    #[test]
    fn every_event_detail_is_what_serde_writes() {
        let s = |text: &str| text.to_string();
        let every = [
            WidgetEvent::View {},
            WidgetEvent::Start {},
            WidgetEvent::Answer {
                item: s("w5"),
                step: 3,
            },
            WidgetEvent::Complete {
                band: s("hybrid"),
                position: 47.5,
                perspective: s("manager"),
            },
            WidgetEvent::LeadSubmitted { lead_id: s("a-1") },
            WidgetEvent::LeadQueued { lead_id: s("b-2") },
            WidgetEvent::CtaClick { target: s("phone") },
            WidgetEvent::CompareInvite {},
            WidgetEvent::InvitationOpened {},
            WidgetEvent::ComparisonComplete {},
            WidgetEvent::Error { reason: s("load") },
        ];
        // Every variant, so a new one cannot be left out of `detail`.
        assert_eq!(every.len(), WidgetEvent::NAMES.len());
        for event in every {
            assert_eq!(
                numbers_as_f64(to_json(&event.detail())),
                numbers_as_f64(serde_json::to_value(&event).unwrap()),
                "{}",
                event.name()
            );
        }
    }

    #[test]
    fn a_report_is_what_serde_writes_with_and_without_utm() {
        let mut report = FunnelReport {
            step: "question".into(),
            detail: "w3".into(),
            perspective: String::new(),
            page: "https://example.com/landing".into(),
            utm: Utm::default(),
            instance: "default".into(),
            bank_version: 4,
        };
        let utms = [
            Utm::default(),
            Utm::from_fn(|key| Some(format!("{key}-value"))),
            Utm::from_fn(|key| (key == "utm_medium").then(|| "email".to_string())),
        ];
        for utm in utms {
            report.utm = utm;
            assert_eq!(
                numbers_as_f64(to_json(&report.record())),
                numbers_as_f64(serde_json::to_value(&report).unwrap())
            );
        }
    }
}
