//! How a lead travels: the request for each destination format, and what an
//! answer means for the outbox (delivered, retry later, or refused).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::lead::LeadPayload;

/// Where and in which format leads are delivered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeadFormat {
    /// role-quiz's own collector (the lead payload as JSON, idempotent on its id).
    Collector,
    /// Any endpoint that takes the lead payload as JSON.
    Webhook,
    /// HubSpot's Forms API v3 submission format.
    HubSpot { portal_id: String, form_id: String },
}

/// One HTTP request that delivers a lead, kept in the outbox as it is so a
/// retry sends exactly the same bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRequest {
    pub url: String,
    pub body: String,
    /// Sent as the `Idempotency-Key` header where the destination honours it.
    pub idempotency_key: Option<String>,
}

/// What an answer means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The destination confirmed the lead; it may leave the outbox.
    Delivered,
    /// Offline, timed out, overloaded or down: keep it and try again.
    Retry,
    /// The destination refused it for good (a 4xx other than 408 and 429).
    Refused,
}

/// Reads an HTTP status, or `None` when no answer came at all.
pub fn classify(status: Option<u16>) -> Outcome {
    match status {
        None => Outcome::Retry,
        Some(s) if (200..300).contains(&s) => Outcome::Delivered,
        Some(408 | 425 | 429) => Outcome::Retry,
        Some(s) if s >= 500 => Outcome::Retry,
        // 3xx is not a confirmation either; treat a redirect as a refusal to
        // avoid sending contact details somewhere unexpected.
        Some(_) => Outcome::Refused,
    }
}

/// The HubSpot Forms API v3 endpoint for a portal and form.
pub fn hubspot_url(portal_id: &str, form_id: &str) -> String {
    format!("https://api.hsforms.com/submissions/v3/integration/submit/{portal_id}/{form_id}")
}

/// The HubSpot submission for a lead. Field mapping (contact object `0-1`):
/// `firstname` and `lastname` (the name split at its first space), `email`,
/// `company`, `jobtitle`, `phone`, `message`, and three properties the form
/// must define: `role_quiz_band`, `role_quiz_position` and `role_quiz_result`
/// (the whole result as JSON).
pub fn hubspot_body(lead: &LeadPayload, submitted_at_ms: i64) -> Value {
    let c = &lead.contact;
    let name = c.name.trim();
    let (first, last) = name.split_once(' ').unwrap_or((name, ""));
    let field =
        |name: &str, value: &str| json!({ "objectTypeId": "0-1", "name": name, "value": value });
    let mut fields = vec![
        field("firstname", first),
        field("lastname", last.trim()),
        field("email", c.email.trim()),
        field("company", c.company.trim()),
        field("jobtitle", c.role_title.trim()),
    ];
    if !c.phone.trim().is_empty() {
        fields.push(field("phone", c.phone.trim()));
    }
    if !c.message.trim().is_empty() {
        fields.push(field("message", c.message.trim()));
    }
    fields.push(field("role_quiz_band", &lead.result.band));
    fields.push(field(
        "role_quiz_position",
        &format!("{}", lead.result.position),
    ));
    fields.push(field(
        "role_quiz_result",
        &serde_json::to_string(&lead.result).unwrap_or_default(),
    ));
    let mut context = json!({ "pageUri": lead.context.page_url });
    if lead.context.page_url.is_empty() {
        context = json!({});
    }
    json!({
        "submittedAt": submitted_at_ms.to_string(),
        "fields": fields,
        "context": context,
        "legalConsentOptions": {
            "consent": { "consentToProcess": lead.consent.given, "text": lead.consent.text }
        }
    })
}

/// The request that delivers `lead` to the configured destination.
pub fn request_for(
    format: &LeadFormat,
    endpoint: &str,
    lead: &LeadPayload,
    now_ms: i64,
) -> DeliveryRequest {
    let payload = || serde_json::to_string(lead).unwrap_or_default();
    match format {
        LeadFormat::Collector | LeadFormat::Webhook => DeliveryRequest {
            url: endpoint.to_string(),
            body: payload(),
            idempotency_key: Some(lead.lead_id.clone()),
        },
        LeadFormat::HubSpot { portal_id, form_id } => DeliveryRequest {
            url: hubspot_url(portal_id, form_id),
            body: hubspot_body(lead, now_ms).to_string(),
            // HubSpot's endpoint has no idempotency key, and a custom header
            // would only cost a CORS preflight.
            idempotency_key: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of one field of a HubSpot submission.
    fn hubspot_field(body: &Value, name: &str) -> Option<Value> {
        body["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .map(|f| f["value"].clone())
    }

    #[test]
    fn answers_are_read_the_way_the_outbox_needs() {
        assert_eq!(classify(Some(201)), Outcome::Delivered);
        assert_eq!(classify(Some(200)), Outcome::Delivered);
        assert_eq!(classify(None), Outcome::Retry);
        for s in [408, 429, 500, 502, 503, 504] {
            assert_eq!(classify(Some(s)), Outcome::Retry, "{s}");
        }
        for s in [301, 400, 403, 404, 413, 415, 422] {
            assert_eq!(classify(Some(s)), Outcome::Refused, "{s}");
        }
    }

    #[test]
    fn collector_requests_carry_the_payload_and_its_id() {
        let lead = crate::lead::tests::payload();
        let r = request_for(&LeadFormat::Collector, "/api/leads", &lead, 0);
        assert_eq!(r.url, "/api/leads");
        assert_eq!(r.idempotency_key.as_deref(), Some(lead.lead_id.as_str()));
        let back: LeadPayload = serde_json::from_str(&r.body).unwrap();
        assert_eq!(back, lead);
    }

    #[test]
    fn hubspot_submissions_follow_the_forms_api() {
        let lead = crate::lead::tests::payload();
        let format = LeadFormat::HubSpot {
            portal_id: "123".into(),
            form_id: "abc-def".into(),
        };
        let r = request_for(&format, "/ignored", &lead, 1_700_000_000_000);
        assert_eq!(
            r.url,
            "https://api.hsforms.com/submissions/v3/integration/submit/123/abc-def"
        );
        assert_eq!(r.idempotency_key, None);
        let body: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["submittedAt"], "1700000000000");
        let field = |name: &str| hubspot_field(&body, name);
        assert_eq!(field("firstname"), Some(json!("Ada")));
        assert_eq!(field("lastname"), Some(json!("Lovelace")));
        assert_eq!(field("email"), Some(json!("ada@example.com")));
        assert_eq!(field("jobtitle"), Some(json!("Marketing Manager")));
        assert_eq!(field("phone"), None, "an empty phone is left out");
        assert_eq!(field("role_quiz_band"), Some(json!(lead.result.band)));
        assert!(body["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["objectTypeId"] == "0-1"));
        assert_eq!(
            body["legalConsentOptions"]["consent"]["consentToProcess"],
            true
        );
        assert_eq!(body["context"]["pageUri"], lead.context.page_url);
    }

    /// Leads of both payload versions map onto the same HubSpot fields; the
    /// whole result, with whatever its version carries, goes in
    /// `role_quiz_result`.
    #[test]
    fn hubspot_submissions_map_both_payload_versions() {
        let format = LeadFormat::HubSpot {
            portal_id: "1".into(),
            form_id: "f".into(),
        };
        for lead in [
            crate::lead::tests::version_1(),
            crate::lead::tests::payload(),
        ] {
            let body: Value =
                serde_json::from_str(&request_for(&format, "/", &lead, 0).body).unwrap();
            let field = |name: &str| hubspot_field(&body, name);
            assert_eq!(
                field("role_quiz_band"),
                Some(json!(lead.result.band)),
                "{}",
                lead.schema
            );
            let result: Value =
                serde_json::from_str(field("role_quiz_result").unwrap().as_str().unwrap()).unwrap();
            assert_eq!(
                result["band_likelihood"].is_number(),
                lead.schema == crate::lead::LEAD_SCHEMA
            );
            assert_eq!(field("email"), Some(json!(lead.contact.email)));
        }
    }
}
