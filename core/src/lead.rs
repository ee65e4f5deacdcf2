//! Leads: the contact details a visitor leaves, the rules they must follow,
//! and the versioned payload that carries them with the quiz result.
//!
//! The widget and the collector both call [`validate_contact`] and
//! [`validate_payload`], so a lead the widget accepts is a lead the collector
//! accepts. Problems are codes ([`FieldProblem::code`]); the words for them are
//! content data (`lead_error_*` in the strings).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::contact::{is_valid_email, is_web_url, parse_phone, MAX_EMAIL_LEN};
use crate::content::Bank;
use crate::flags::Flag;
use crate::scoring::Score;
use crate::session::{MeasuresView, Perspective, Respondent};

/// The payload format the widget writes; goes up when a field changes
/// meaning or goes away.
///
/// Version 2 adds the band's likelihood and its plausible neighbour, the
/// demand intervals and the response style, and in comparisons the level
/// difference, the gaps that pass the noise test and the statements worth
/// talking through (which replace version 1's `disputed`).
pub const LEAD_SCHEMA: &str = "role-quiz.lead/2";

/// The first payload format. Leads written in it may still wait in visitors'
/// outboxes, so the collector keeps accepting it, by its own rules.
pub const LEAD_SCHEMA_V1: &str = "role-quiz.lead/1";

pub const MAX_NAME: usize = 100;
pub const MAX_COMPANY: usize = 120;
pub const MAX_ROLE_TITLE: usize = 120;
pub const MAX_PHONE: usize = 32;
pub const MAX_MESSAGE: usize = 2000;
pub const MAX_URL: usize = 2048;
pub const MAX_CONSENT_TEXT: usize = 1000;
/// Captured URL parameters: at most this many, each this long.
pub const MAX_PARAMS: usize = 20;
pub const MAX_PARAM_LEN: usize = 200;

/// How the visitor prefers to be contacted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    #[default]
    Email,
    Phone,
}

/// What the visitor types into the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub company: String,
    pub role_title: String,
    /// Empty when not given.
    #[serde(default)]
    pub phone: String,
    pub preferred_channel: Channel,
    /// Empty when not given.
    #[serde(default)]
    pub message: String,
}

/// A form field, in the order the form shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Email,
    Company,
    RoleTitle,
    Phone,
    PreferredChannel,
    Message,
    Consent,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Name,
        Field::Email,
        Field::Company,
        Field::RoleTitle,
        Field::Phone,
        Field::PreferredChannel,
        Field::Message,
        Field::Consent,
    ];

    /// The field's name in the payload and in error answers.
    pub fn id(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Company => "company",
            Field::RoleTitle => "role_title",
            Field::Phone => "phone",
            Field::PreferredChannel => "preferred_channel",
            Field::Message => "message",
            Field::Consent => "consent",
        }
    }
}

/// What is wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Required,
    TooLong,
    InvalidEmail,
    InvalidPhone,
    /// Phone is the preferred channel but no number was given.
    PhoneRequired,
    ConsentRequired,
    /// Invisible control characters (NUL, bell, right-to-left override…),
    /// which no name or message needs and which can disguise what it says.
    ControlCharacters,
}

impl FieldProblem {
    pub fn code(self) -> &'static str {
        match self {
            FieldProblem::Required => "required",
            FieldProblem::TooLong => "too_long",
            FieldProblem::InvalidEmail => "invalid_email",
            FieldProblem::InvalidPhone => "invalid_phone",
            FieldProblem::PhoneRequired => "phone_required",
            FieldProblem::ConsentRequired => "consent_required",
            FieldProblem::ControlCharacters => "control_characters",
        }
    }
}

/// One problem with one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: FieldProblem,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field.id(), self.problem.code())
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Whether `c` is a control character no single-line field needs: the C0
/// and C1 controls and DEL, and the bidirectional embeddings, overrides and
/// isolates, which can make text display differently from what it holds
/// (zero-width joiners and direction marks stay: scripts and names use them).
pub fn is_disallowed_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether a single-line text holds a disallowed control character.
pub fn has_controls(s: &str) -> bool {
    s.chars().any(is_disallowed_control)
}

/// Whether a multi-line text (the message) does; line breaks and tabs are fine.
pub fn has_controls_in_text(s: &str) -> bool {
    s.chars()
        .any(|c| is_disallowed_control(c) && !matches!(c, '\n' | '\r' | '\t'))
}

/// Checks the contact details and the consent; returns the problems in the
/// form's field order, at most one per field.
pub fn validate_contact(contact: &Contact, consent_given: bool) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut check = |field, problem: Option<FieldProblem>| {
        if let Some(problem) = problem {
            out.push(FieldError { field, problem });
        }
    };
    let text = |value: &str, max: usize, required: bool| {
        let value = value.trim();
        if required && value.is_empty() {
            Some(FieldProblem::Required)
        } else if chars(value) > max {
            Some(FieldProblem::TooLong)
        } else if has_controls(value) {
            Some(FieldProblem::ControlCharacters)
        } else {
            None
        }
    };
    check(Field::Name, text(&contact.name, MAX_NAME, true));
    let email = contact.email.trim();
    check(
        Field::Email,
        if email.is_empty() {
            Some(FieldProblem::Required)
        } else if email.len() > MAX_EMAIL_LEN {
            Some(FieldProblem::TooLong)
        } else if !is_valid_email(email) {
            Some(FieldProblem::InvalidEmail)
        } else {
            None
        },
    );
    check(Field::Company, text(&contact.company, MAX_COMPANY, true));
    check(
        Field::RoleTitle,
        text(&contact.role_title, MAX_ROLE_TITLE, false),
    );
    let phone = contact.phone.trim();
    check(
        Field::Phone,
        if phone.is_empty() {
            (contact.preferred_channel == Channel::Phone).then_some(FieldProblem::PhoneRequired)
        } else if chars(phone) > MAX_PHONE {
            Some(FieldProblem::TooLong)
        } else if parse_phone(phone).is_none() {
            Some(FieldProblem::InvalidPhone)
        } else {
            None
        },
    );
    let message = contact.message.trim();
    check(
        Field::Message,
        if chars(message) > MAX_MESSAGE {
            Some(FieldProblem::TooLong)
        } else if has_controls_in_text(message) {
            Some(FieldProblem::ControlCharacters)
        } else {
            None
        },
    );
    check(
        Field::Consent,
        (!consent_given).then_some(FieldProblem::ConsentRequired),
    );
    out
}

/// The consent as given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    pub given: bool,
    /// The text the visitor agreed to, word for word.
    pub text: String,
    /// A short fingerprint of that text, so texts can be told apart later.
    pub text_version: String,
    /// When the box was ticked (RFC 3339, the visitor's clock).
    pub at: String,
}

/// A facet's position in the payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacetResult {
    pub id: String,
    pub position: f64,
    pub low: f64,
    pub high: f64,
}

/// The quiz result attached to a lead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultSummary {
    pub bank_version: u32,
    pub perspective: Option<Perspective>,
    pub title: String,
    pub position: f64,
    pub low: f64,
    pub high: f64,
    pub band: String,
    pub marketing_demand: f64,
    pub sales_demand: f64,
    pub facets: Vec<FacetResult>,
    pub flags: Vec<String>,
    pub measures_view: Option<MeasuresView>,
    /// Item id to answer, 1 to 5.
    pub answers: BTreeMap<String, u8>,
    /// Version 2: the chance, 0 to 1, that the true position lies in `band`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band_likelihood: Option<f64>,
    /// Version 2: the adjacent band, when it is plausible too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neighbour_band: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neighbour_likelihood: Option<f64>,
    /// Version 2: the 90% intervals of the demand scores, `[low, high]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_demand_interval: Option<[f64; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_demand_interval: Option<[f64; 2]>,
    /// Version 2: mean raw answer minus 3, in answer steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acquiescence: Option<f64>,
    /// Version 2: agreeing or disagreeing, when the acquiescence is worth a note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_style: Option<String>,
}

/// Rounds to one decimal place, as every number in the payload is.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Rounds a chance to three decimal places.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl ResultSummary {
    /// Summarises one respondent's answers about a role and their score.
    pub fn new(
        bank: &Bank<'_>,
        respondent: &Respondent,
        title: &str,
        score: &Score<'_>,
        flags: &[Flag],
    ) -> Self {
        let round = round1;
        ResultSummary {
            bank_version: bank.version,
            perspective: Some(respondent.perspective),
            title: title.trim().to_string(),
            position: round(score.overall.position),
            low: round(score.overall.low),
            high: round(score.overall.high),
            band: score.band.id.to_string(),
            marketing_demand: round(score.marketing_demand.level),
            sales_demand: round(score.sales_demand.level),
            facets: score
                .facets
                .iter()
                .map(|f| FacetResult {
                    id: f.facet.to_string(),
                    position: round(f.estimate.position),
                    low: round(f.estimate.low),
                    high: round(f.estimate.high),
                })
                .collect(),
            flags: flags.iter().map(|f| f.id().to_string()).collect(),
            measures_view: respondent.measures,
            answers: bank
                .items
                .iter()
                .zip(&respondent.answers)
                .filter_map(|(item, a)| a.map(|a| (item.id.to_string(), a)))
                .collect(),
            band_likelihood: Some(round3(score.band_chance)),
            neighbour_band: score.neighbour.map(|n| n.band.id.to_string()),
            neighbour_likelihood: score.neighbour.map(|n| round3(n.chance)),
            marketing_demand_interval: Some([
                round(score.marketing_demand.low),
                round(score.marketing_demand.high),
            ]),
            sales_demand_interval: Some([
                round(score.sales_demand.low),
                round(score.sales_demand.high),
            ]),
            acquiescence: Some((score.acquiescence * 100.0).round() / 100.0),
            response_style: score.response_style.map(|r| r.id().to_string()),
        }
    }
}

/// The holder-versus-manager comparison a lead may carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonSummary {
    /// Version 2: chance-corrected; version 1: the raw score.
    pub alignment: f64,
    /// aligned, some_gaps or misaligned.
    pub band: String,
    pub first_perspective: Perspective,
    pub second_perspective: Perspective,
    pub first_position: f64,
    pub second_position: f64,
    /// Version 1 only: item ids, most disputed first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disputed: Option<Vec<String>>,
    pub agree_on_measurement: bool,
    pub agree_on_right_measures: Option<bool>,
    /// Version 2: item ids worth talking through, largest difference first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub talk_through: Option<Vec<String>>,
    /// Version 2: first person's mean raw answer minus the second's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_difference: Option<f64>,
    /// Version 2: whether that difference is beyond noise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_difference_real: Option<bool>,
    /// Version 2: whether the positions differ beyond noise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position_gap_real: Option<bool>,
    /// Version 2: facet ids whose positions differ beyond noise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facet_gaps: Option<Vec<String>>,
}

impl ComparisonSummary {
    pub fn new(
        bank: &Bank<'_>,
        c: &crate::alignment::Comparison<'_>,
        first: &Respondent,
        second: &Respondent,
    ) -> Self {
        let round = round1;
        ComparisonSummary {
            alignment: round(c.alignment),
            band: c.band.id().into(),
            first_perspective: first.perspective,
            second_perspective: second.perspective,
            first_position: round(c.first.overall.position),
            second_position: round(c.second.overall.position),
            disputed: None,
            agree_on_measurement: c.agree_on_measurement,
            agree_on_right_measures: c.agree_on_right_measures,
            talk_through: Some(
                c.talk_through
                    .iter()
                    .map(|d| bank.items[d.item].id.to_string())
                    .collect(),
            ),
            level_difference: Some((c.level.steps * 100.0).round() / 100.0),
            level_difference_real: Some(c.level.is_real()),
            position_gap_real: Some(c.position_gap.is_real()),
            facet_gaps: Some(
                c.facets
                    .iter()
                    .filter(|f| f.gap.is_real())
                    .map(|f| f.facet.to_string())
                    .collect(),
            ),
        }
    }
}

/// Where the lead came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PageContext {
    pub page_url: String,
    #[serde(default)]
    pub referrer: String,
    /// Captured URL parameters (UTM by default).
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

/// What tells a person from a simple bot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FormSignals {
    /// The hidden field; people leave it empty.
    #[serde(default)]
    pub honeypot: String,
    /// Milliseconds from showing the form to submitting it.
    pub elapsed_ms: u64,
}

/// Everything sent for one lead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadPayload {
    pub schema: String,
    /// A UUID made when the lead is first submitted; the same on every retry.
    pub lead_id: String,
    /// RFC 3339, the visitor's clock.
    pub submitted_at: String,
    pub contact: Contact,
    pub consent: Consent,
    pub result: ResultSummary,
    pub context: PageContext,
    pub form: FormSignals,
    /// Present when the lead comes from a comparison of two people's answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<ComparisonSummary>,
    /// The visitor ticked "E-mail me my result" (version 2 only; absent
    /// when not ticked).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub email_result: bool,
}

/// What the lead form holds when the visitor sends it, with the facts of the
/// moment; [`LeadPayload::assemble`] turns it into the payload.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadDraft<'a> {
    pub lead_id: String,
    /// RFC 3339, the visitor's clock.
    pub now: String,
    pub contact: &'a Contact,
    /// The consent text the visitor ticked.
    pub consent_text: &'a str,
    pub result: &'a ResultSummary,
    pub comparison: Option<&'a ComparisonSummary>,
    pub context: PageContext,
    /// Milliseconds from showing the form to sending it.
    pub elapsed_ms: u64,
    /// Whether the visitor asked for their result by e-mail.
    pub email_result: bool,
}

impl LeadPayload {
    /// The payload for a validated draft: every contact field trimmed, the
    /// consent with its text, fingerprint and moment, the honeypot empty.
    pub fn assemble(draft: LeadDraft<'_>) -> LeadPayload {
        let c = draft.contact;
        LeadPayload {
            schema: LEAD_SCHEMA.into(),
            lead_id: draft.lead_id,
            submitted_at: draft.now.clone(),
            contact: Contact {
                name: c.name.trim().into(),
                email: c.email.trim().into(),
                company: c.company.trim().into(),
                role_title: c.role_title.trim().into(),
                phone: c.phone.trim().into(),
                preferred_channel: c.preferred_channel,
                message: c.message.trim().into(),
            },
            consent: Consent {
                given: true,
                text: draft.consent_text.into(),
                text_version: consent_version(draft.consent_text),
                at: draft.now,
            },
            result: draft.result.clone(),
            context: draft.context,
            form: FormSignals {
                honeypot: String::new(),
                elapsed_ms: draft.elapsed_ms,
            },
            comparison: draft.comparison.cloned(),
            email_result: draft.email_result,
        }
    }
}

/// What is wrong with a payload as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadProblem {
    UnknownSchema(String),
    BadLeadId,
    Field(FieldError),
    ConsentTextMissing,
    ConsentTextTooLong,
    /// A part of the payload that is present but impossible.
    Invalid(&'static str),
}

impl PayloadProblem {
    /// A machine-readable name for the problem.
    pub fn code(&self) -> String {
        match self {
            PayloadProblem::UnknownSchema(_) => "unknown_schema".into(),
            PayloadProblem::BadLeadId => "invalid_lead_id".into(),
            PayloadProblem::Field(e) => e.problem.code().into(),
            PayloadProblem::ConsentTextMissing => "consent_text_missing".into(),
            PayloadProblem::ConsentTextTooLong => "consent_text_too_long".into(),
            PayloadProblem::Invalid(_) => "invalid".into(),
        }
    }

    /// The part of the payload it concerns.
    pub fn field(&self) -> String {
        match self {
            PayloadProblem::UnknownSchema(_) => "schema".into(),
            PayloadProblem::BadLeadId => "lead_id".into(),
            PayloadProblem::Field(e) => format!("contact.{}", e.field.id()),
            PayloadProblem::ConsentTextMissing | PayloadProblem::ConsentTextTooLong => {
                "consent.text".into()
            }
            PayloadProblem::Invalid(part) => (*part).into(),
        }
    }
}

impl fmt::Display for PayloadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadProblem::UnknownSchema(s) => write!(
                f,
                "schema `{s}` is neither {LEAD_SCHEMA} nor {LEAD_SCHEMA_V1}"
            ),
            other => write!(f, "{}: {}", other.field(), other.code()),
        }
    }
}

/// Checks a whole payload as the collector receives it.
pub fn validate_payload(lead: &LeadPayload) -> Result<(), Vec<PayloadProblem>> {
    let mut problems = Vec::new();
    let version = match lead.schema.as_str() {
        LEAD_SCHEMA => Some(2),
        LEAD_SCHEMA_V1 => Some(1),
        _ => {
            problems.push(PayloadProblem::UnknownSchema(
                lead.schema.chars().take(60).collect(),
            ));
            None
        }
    };
    if !is_uuid(&lead.lead_id) {
        problems.push(PayloadProblem::BadLeadId);
    }
    problems.extend(
        validate_contact(&lead.contact, lead.consent.given)
            .into_iter()
            .map(PayloadProblem::Field),
    );
    if lead.consent.given && lead.consent.text.trim().is_empty() {
        problems.push(PayloadProblem::ConsentTextMissing);
    }
    if chars(&lead.consent.text) > MAX_CONSENT_TEXT {
        problems.push(PayloadProblem::ConsentTextTooLong);
    }
    let mut invalid = |bad: bool, part: &'static str| {
        if bad {
            problems.push(PayloadProblem::Invalid(part));
        }
    };
    invalid(!is_timestamp(&lead.submitted_at), "submitted_at");
    invalid(lead.email_result && version == Some(1), "email_result");
    invalid(!is_timestamp(&lead.consent.at), "consent.at");
    invalid(has_controls_in_text(&lead.consent.text), "consent.text");
    let v = &lead.consent.text_version;
    invalid(
        v.is_empty() || v.len() > 64 || !v.bytes().all(|b| b.is_ascii_hexdigit()),
        "consent.text_version",
    );
    invalid(
        lead.form.honeypot.len() > MAX_URL || lead.schema.len() > 64,
        "form",
    );
    let r = &lead.result;
    let in_range = |x: f64| (0.0..=100.0).contains(&x);
    if ![
        r.position,
        r.low,
        r.high,
        r.marketing_demand,
        r.sales_demand,
    ]
    .into_iter()
    .all(in_range)
        || r.facets
            .iter()
            .any(|f| ![f.position, f.low, f.high].into_iter().all(in_range))
    {
        problems.push(PayloadProblem::Invalid("result"));
    }
    // Band ids are the same in every bank version so far.
    let known_band = |id: &str| crate::content::BANK.bands.iter().any(|b| b.id == id);
    if !known_band(&r.band) || r.neighbour_band.as_deref().is_some_and(|b| !known_band(b)) {
        problems.push(PayloadProblem::Invalid("result.band"));
    }
    if r.answers.len() > 100
        || r.answers.values().any(|a| !(1..=5).contains(a))
        || r.answers.keys().any(|k| !is_short_id(k))
    {
        problems.push(PayloadProblem::Invalid("result.answers"));
    }
    if chars(&r.title) > MAX_ROLE_TITLE || has_controls(&r.title) {
        problems.push(PayloadProblem::Invalid("result.title"));
    }
    let bank = &crate::content::BANK;
    if r.bank_version == 0 || r.bank_version > bank.version {
        problems.push(PayloadProblem::Invalid("result.bank_version"));
    }
    // Facet ids are the same in every bank version so far.
    let facet_ids: Vec<&str> = r.facets.iter().map(|f| f.id.as_str()).collect();
    if facet_ids.len() > bank.facets.len()
        || facet_ids
            .iter()
            .enumerate()
            .any(|(n, id)| !bank.facets.iter().any(|f| f.id == *id) || facet_ids[..n].contains(id))
    {
        problems.push(PayloadProblem::Invalid("result.facets"));
    }
    if r.flags.len() > Flag::IDS.len()
        || r.flags
            .iter()
            .enumerate()
            .any(|(n, f)| !Flag::IDS.contains(&f.as_str()) || r.flags[..n].contains(f))
    {
        problems.push(PayloadProblem::Invalid("result.flags"));
    }
    match version {
        Some(1) if !version_1_result(r) => problems.push(PayloadProblem::Invalid("result")),
        Some(2) if !version_2_result(r) => problems.push(PayloadProblem::Invalid("result")),
        _ => {}
    }
    if let Some(c) = &lead.comparison {
        let fits = match version {
            Some(1) => {
                c.disputed.is_some() && c.talk_through.is_none() && c.level_difference.is_none()
            }
            Some(2) => version_2_comparison(c),
            _ => true,
        };
        let ids_fit = |ids: &Option<Vec<String>>, max: usize| {
            ids.as_ref()
                .is_none_or(|ids| ids.len() <= max && ids.iter().all(|i| is_short_id(i)))
        };
        let known_band = ["aligned", "some_gaps", "misaligned"].contains(&c.band.as_str());
        if !fits
            || !known_band
            || !(0.0..=100.0).contains(&c.alignment)
            || ![c.first_position, c.second_position]
                .into_iter()
                .all(|p| (0.0..=100.0).contains(&p))
            || !ids_fit(&c.disputed, 100)
            || !ids_fit(&c.talk_through, 100)
            || !ids_fit(&c.facet_gaps, 20)
        {
            problems.push(PayloadProblem::Invalid("comparison"));
        }
    }
    let c = &lead.context;
    let url_fits = |u: &str| u.is_empty() || (is_web_url(u) && !has_controls(u));
    if !url_fits(&c.page_url) || !url_fits(&c.referrer) {
        problems.push(PayloadProblem::Invalid("context"));
    }
    if c.params.len() > MAX_PARAMS
        || c.params.iter().any(|(k, v)| {
            k.is_empty()
                || k.len() > 64
                || !k
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                || chars(v) > MAX_PARAM_LEN
                || has_controls(v)
        })
    {
        problems.push(PayloadProblem::Invalid("context.params"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Version 1 results carry none of version 2's fields.
fn version_1_result(r: &ResultSummary) -> bool {
    r.band_likelihood.is_none()
        && r.neighbour_band.is_none()
        && r.neighbour_likelihood.is_none()
        && r.marketing_demand_interval.is_none()
        && r.sales_demand_interval.is_none()
        && r.acquiescence.is_none()
        && r.response_style.is_none()
}

/// Version 2 results carry the likelihood, the demand intervals and the
/// acquiescence, each in range, and a neighbour only with its likelihood.
fn version_2_result(r: &ResultSummary) -> bool {
    let chance = |x: f64| (0.0..=1.0).contains(&x);
    let interval = |i: Option<[f64; 2]>, level: f64| {
        i.is_some_and(|[low, high]| {
            (0.0..=100.0).contains(&low) && low <= level && level <= high && high <= 100.0
        })
    };
    r.band_likelihood.is_some_and(chance)
        && r.neighbour_band.is_some() == r.neighbour_likelihood.is_some()
        && r.neighbour_likelihood.is_none_or(chance)
        && r.neighbour_band
            .as_ref()
            .is_none_or(|b| b.len() <= 64 && *b != r.band)
        && interval(r.marketing_demand_interval, r.marketing_demand)
        && interval(r.sales_demand_interval, r.sales_demand)
        && r.acquiescence.is_some_and(|a| (-2.0..=2.0).contains(&a))
        && r.response_style
            .as_deref()
            .is_none_or(|s| ["agreeing", "disagreeing"].contains(&s))
}

/// Version 2 comparisons carry the level, the gaps and the statements worth
/// talking through, and not version 1's disputed statements.
fn version_2_comparison(c: &ComparisonSummary) -> bool {
    c.disputed.is_none()
        && c.talk_through.as_ref().is_some_and(|t| t.len() <= 100)
        && c.level_difference
            .is_some_and(|l| (-4.0..=4.0).contains(&l))
        && c.level_difference_real.is_some()
        && c.position_gap_real.is_some()
        && c.facet_gaps.as_ref().is_some_and(|f| f.len() <= 20)
}

/// Whether `s` is a statement, facet or flag id: 1 to 32 ASCII letters,
/// digits or underscores.
fn is_short_id(s: &str) -> bool {
    (1..=32).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether `s` is an RFC 3339 date and time, such as `2026-11-28T10:00:00Z`
/// or `2026-11-28T11:00:00.250+01:00`, with fields in their ranges.
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |from: usize, to: usize| {
        b.get(from..to)
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| d.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let at = |n: usize, c: u8| b.get(n).is_some_and(|x| x.eq_ignore_ascii_case(&c));
    let fields = (
        digits(0, 4),
        digits(5, 7),
        digits(8, 10),
        digits(11, 13),
        digits(14, 16),
        digits(17, 19),
    );
    let (Some(_), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = fields else {
        return false;
    };
    let in_range = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour <= 23
        && minute <= 59
        && second <= 60;
    let separated = at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':');
    if !in_range || !separated || s.len() > 40 {
        return false;
    }
    let mut n = 19;
    if at(n, b'.') {
        n += 1;
        let start = n;
        while b.get(n).is_some_and(u8::is_ascii_digit) {
            n += 1;
        }
        if n == start {
            return false;
        }
    }
    match b.get(n) {
        Some(b'Z' | b'z') => n + 1 == b.len(),
        Some(b'+' | b'-') => {
            n + 6 == b.len()
                && at(n + 3, b':')
                && digits(n + 1, n + 3).is_some_and(|h| h <= 23)
                && digits(n + 4, n + 6).is_some_and(|m| m <= 59)
        }
        _ => false,
    }
}

/// Whether `s` is a UUID in its usual hyphenated, lower- or upper-case form.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(n, c)| match n {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A random (version 4) UUID, hyphenated, from 16 random bytes. The bytes
/// come from the caller (the browser's `crypto.getRandomValues`), so the
/// `uuid` crate needs no random source of its own in the WebAssembly.
pub fn uuid_v4(bytes: [u8; 16]) -> String {
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// A short, stable fingerprint of a consent text (FNV-1a, 64 bits, hex).
pub fn consent_version(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::content::BANK;
    use crate::scoring::score;
    use crate::session::{Action, Session};

    pub(crate) fn contact() -> Contact {
        Contact {
            name: "Ada Lovelace".into(),
            email: "ada@example.com".into(),
            company: "Analytical Engines Ltd".into(),
            role_title: "Marketing Manager".into(),
            phone: String::new(),
            preferred_channel: Channel::Email,
            message: String::new(),
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&'static str, &'static str)> {
        errors
            .iter()
            .map(|e| (e.field.id(), e.problem.code()))
            .collect()
    }

    #[test]
    fn timestamps_follow_rfc_3339() {
        for good in [
            "2026-11-28T10:00:00Z",
            "2026-11-28t10:00:00z",
            "2026-11-28T10:00:00.250Z",
            "2026-11-28T11:00:00+01:00",
            "2026-06-30T23:59:60-05:30",
        ] {
            assert!(is_timestamp(good), "{good}");
        }
        for bad in [
            "",
            "yesterday",
            "2026-11-28",
            "2026-11-28 10:00:00Z",
            "2026-13-28T10:00:00Z",
            "2026-11-28T24:00:00Z",
            "2026-11-28T10:00:00",
            "2026-11-28T10:00:00.Z",
            "2026-11-28T10:00:00+1:00",
            "2026-11-28T10:00:00Zjunk",
        ] {
            assert!(!is_timestamp(bad), "{bad}");
        }
    }

    #[test]
    fn control_characters_are_refused_but_scripts_names_need_are_kept() {
        let mut c = contact();
        c.name = "Ada\u{0}Lovelace".into();
        c.company = "Engines \u{202e}dtL".into();
        c.message = "ring \u{7} now".into();
        let problems: Vec<_> = validate_contact(&c, true)
            .into_iter()
            .map(|e| (e.field.id(), e.problem.code()))
            .collect();
        assert_eq!(
            problems,
            [
                ("name", "control_characters"),
                ("company", "control_characters"),
                ("message", "control_characters")
            ]
        );
        let mut c = contact();
        c.name = "\u{645}\u{62d}\u{645}\u{62f} \u{200c}Zo\u{eb}".into();
        c.message = "Two lines,\nand a\ttab.".into();
        assert_eq!(validate_contact(&c, true), []);
    }

    #[test]
    fn a_complete_contact_with_consent_is_valid() {
        assert_eq!(validate_contact(&contact(), true), vec![]);
        let with_phone = Contact {
            phone: "+1 617 719 9530".into(),
            preferred_channel: Channel::Phone,
            ..contact()
        };
        assert_eq!(validate_contact(&with_phone, true), vec![]);
    }

    #[test]
    fn each_field_reports_its_problem() {
        let empty = Contact::default();
        assert_eq!(
            codes(&validate_contact(&empty, false)),
            [
                ("name", "required"),
                ("email", "required"),
                ("company", "required"),
                ("consent", "consent_required")
            ]
        );
        let bad = Contact {
            name: "x".repeat(MAX_NAME + 1),
            email: "ada@@example".into(),
            company: "  ".into(),
            role_title: "t".repeat(MAX_ROLE_TITLE + 1),
            phone: "call me maybe".into(),
            preferred_channel: Channel::Email,
            message: "m".repeat(MAX_MESSAGE + 1),
        };
        assert_eq!(
            codes(&validate_contact(&bad, true)),
            [
                ("name", "too_long"),
                ("email", "invalid_email"),
                ("company", "required"),
                ("role_title", "too_long"),
                ("phone", "invalid_phone"),
                ("message", "too_long"),
            ]
        );
        let phone_wanted = Contact {
            preferred_channel: Channel::Phone,
            ..contact()
        };
        assert_eq!(
            codes(&validate_contact(&phone_wanted, true)),
            [("phone", "phone_required")]
        );
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let c = Contact {
            name: "é".repeat(MAX_NAME),
            ..contact()
        };
        assert_eq!(validate_contact(&c, true), vec![]);
    }

    pub(crate) fn payload() -> LeadPayload {
        let mut s = Session::new(&BANK);
        for a in [
            Action::Begin,
            Action::ChoosePerspective(Perspective::Manager),
            Action::Next,
            Action::Next,
        ] {
            s.apply(&BANK, a);
        }
        for _ in BANK.items {
            s.apply(&BANK, Action::Answer(4));
            s.apply(&BANK, Action::Next);
        }
        s.apply(&BANK, Action::ChooseMeasures(MeasuresView::Partly));
        s.apply(&BANK, Action::Next);
        let sc = score(&BANK, &s.answers).unwrap();
        LeadPayload {
            schema: LEAD_SCHEMA.into(),
            lead_id: uuid_v4([7; 16]),
            submitted_at: "2026-11-28T10:00:00Z".into(),
            contact: contact(),
            consent: Consent {
                given: true,
                text: "I agree to be contacted.".into(),
                text_version: consent_version("I agree to be contacted."),
                at: "2026-11-28T10:00:00Z".into(),
            },
            result: ResultSummary::new(
                &BANK,
                &s.respondent(),
                s.title(),
                &sc,
                &[Flag::MeasuresDoubted],
            ),
            context: PageContext {
                page_url: "https://example.com/landing?utm_source=news".into(),
                referrer: String::new(),
                params: [("utm_source".to_string(), "news".to_string())].into(),
            },
            form: FormSignals {
                honeypot: String::new(),
                elapsed_ms: 42_000,
            },
            comparison: None,
            email_result: false,
        }
    }

    #[test]
    fn a_payload_round_trips_through_json_and_validates() {
        let p = payload();
        let json = serde_json::to_string(&p).unwrap();
        let back: LeadPayload = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        assert_eq!(validate_payload(&back), Ok(()));
        assert_eq!(back.result.answers.len(), BANK.items.len());
        assert_eq!(back.result.perspective, Some(Perspective::Manager));
        assert!(
            json.contains(r#""perspective":"manager""#),
            "the same words as before on the wire"
        );
        assert_eq!(back.result.flags, ["measures_doubted"]);
    }

    /// A version-1 lead as the first widget wrote it, with a comparison.
    pub(crate) fn version_1() -> LeadPayload {
        serde_json::from_str(include_str!("../../tests/fixtures/lead-v1.json")).unwrap()
    }

    #[test]
    fn version_1_leads_are_still_accepted_by_their_own_rules() {
        let v1 = version_1();
        assert_eq!(v1.schema, LEAD_SCHEMA_V1);
        assert_eq!(validate_payload(&v1), Ok(()));
        assert_eq!(
            v1.comparison
                .as_ref()
                .unwrap()
                .disputed
                .as_deref()
                .unwrap()
                .len(),
            3
        );
        // Version 2 fields in a version 1 lead, or version 1's disputed list
        // missing, break version 1's rules.
        let mut mixed = version_1();
        mixed.result.band_likelihood = Some(0.7);
        assert_eq!(validate_payload(&mixed).unwrap_err()[0].field(), "result");
        let mut no_disputed = version_1();
        no_disputed.comparison.as_mut().unwrap().disputed = None;
        assert_eq!(
            validate_payload(&no_disputed).unwrap_err()[0].field(),
            "comparison"
        );
    }

    #[test]
    fn version_2_leads_need_their_new_fields() {
        let p = payload();
        assert_eq!(p.schema, LEAD_SCHEMA);
        assert!(p
            .result
            .band_likelihood
            .is_some_and(|c| c > 0.0 && c <= 1.0));
        assert!(p.result.acquiescence.is_some());
        let mut missing = payload();
        missing.result.band_likelihood = None;
        assert_eq!(validate_payload(&missing).unwrap_err()[0].field(), "result");
        let mut lone_neighbour = payload();
        lone_neighbour.result.neighbour_band = Some("hybrid".into());
        lone_neighbour.result.neighbour_likelihood = None;
        assert!(validate_payload(&lone_neighbour).is_err());
        let mut bad_interval = payload();
        bad_interval.result.sales_demand_interval = Some([90.0, 95.0]);
        assert!(
            validate_payload(&bad_interval).is_err(),
            "the level must lie in its interval"
        );
        let mut old_style = payload();
        old_style.schema = LEAD_SCHEMA_V1.into();
        assert!(
            validate_payload(&old_style).is_err(),
            "a version 2 body under the version 1 name"
        );
    }

    #[test]
    fn payload_problems_are_named() {
        let mut p = payload();
        p.schema = "other/9".into();
        p.lead_id = "not-a-uuid".into();
        p.contact.email = "nope".into();
        p.consent.given = false;
        p.result.position = 140.0;
        p.context.page_url = "javascript:alert(1)".into();
        let problems = validate_payload(&p).unwrap_err();
        let named: Vec<(String, String)> = problems.iter().map(|p| (p.field(), p.code())).collect();
        assert_eq!(
            named,
            [
                ("schema".to_string(), "unknown_schema".to_string()),
                ("lead_id".into(), "invalid_lead_id".into()),
                ("contact.email".into(), "invalid_email".into()),
                ("contact.consent".into(), "consent_required".into()),
                ("result".into(), "invalid".into()),
                ("context".into(), "invalid".into()),
            ]
        );
    }

    #[test]
    fn a_draft_becomes_a_valid_payload_with_trimmed_fields() {
        let p = payload();
        let contact = Contact {
            name: "  Ada Lovelace ".into(),
            message: " hi \n".into(),
            ..contact()
        };
        let lead = LeadPayload::assemble(LeadDraft {
            lead_id: uuid_v4([3; 16]),
            now: "2026-11-28T11:00:00Z".into(),
            contact: &contact,
            consent_text: "I agree.",
            result: &p.result,
            comparison: None,
            context: PageContext::default(),
            elapsed_ms: 9000,
            email_result: true,
        });
        assert_eq!(lead.contact.name, "Ada Lovelace");
        assert_eq!(lead.contact.message, "hi");
        assert_eq!(lead.consent.text_version, consent_version("I agree."));
        assert_eq!(lead.consent.at, lead.submitted_at);
        assert_eq!(lead.schema, LEAD_SCHEMA);
        assert!(lead.email_result);
        assert_eq!(validate_payload(&lead), Ok(()));
        let mut old = lead.clone();
        old.schema = LEAD_SCHEMA_V1.into();
        assert!(
            validate_payload(&old)
                .unwrap_err()
                .iter()
                .any(|p| p.field() == "email_result"),
            "version 1 leads never asked for an e-mail"
        );
    }

    #[test]
    fn uuids_are_version_4_and_recognised() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(is_uuid(&id));
        assert!(!is_uuid("ffffffff-ffff-4fff-bfff-fffffffffff"));
        assert!(!is_uuid("ffffffff+ffff-4fff-bfff-ffffffffffff"));
        assert_ne!(uuid_v4([1; 16]), uuid_v4([2; 16]));
    }

    #[test]
    fn consent_versions_tell_texts_apart() {
        assert_eq!(consent_version("a"), consent_version("a"));
        assert_ne!(consent_version("a"), consent_version("b"));
        assert_eq!(consent_version("").len(), 16);
    }
}
