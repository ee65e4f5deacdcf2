//! The collector's HTTP API: `POST /api/leads`, the admin listings
//! `GET /api/leads` and `GET /api/leads.csv`, and their error answers.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use role_quiz_core::lead::{validate_payload, LeadPayload};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::clock::{now_ms, rfc3339};
use crate::db::{self, NewLead, Stored};
use crate::rate_limit::client_ip;
use crate::AppState;

/// An error answer: a status and a JSON body that says what is wrong.
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    problems: Vec<Value>,
    headers: Vec<(header::HeaderName, HeaderValue)>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            problems: Vec::new(),
            headers: Vec::new(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.code, "message": self.message });
        if !self.problems.is_empty() {
            body["problems"] = Value::Array(self.problems);
        }
        let mut response = (self.status, axum::Json(body)).into_response();
        for (k, v) in self.headers {
            response.headers_mut().insert(k, v);
        }
        response
    }
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    tracing::error!(error = %e, "database error");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the lead could not be stored; please retry",
    )
}

/// Checks the request's Origin: same-origin and listed origins pass. Returns
/// the origin to name in CORS headers, if the request is cross-origin.
fn check_origin(state: &AppState, headers: &HeaderMap) -> Result<Option<HeaderValue>, ApiError> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(None); // not a browser request
    };
    let origin_text = origin.to_str().unwrap_or("").trim_end_matches('/');
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !host.is_empty()
        && (origin_text == format!("http://{host}") || origin_text == format!("https://{host}"))
    {
        return Ok(None);
    }
    if state
        .allowed_origins
        .iter()
        .any(|o| o == "*" || o.trim_end_matches('/') == origin_text)
    {
        return Ok(Some(origin.clone()));
    }
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        "origin_not_allowed",
        "this page's origin may not send leads here; add it to ROLE_QUIZ_ALLOWED_ORIGINS",
    ))
}

fn with_cors(mut response: Response, origin: Option<HeaderValue>) -> Response {
    let h = response.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("POST, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type, idempotency-key"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
    response
}

/// `OPTIONS /api/leads`: the CORS preflight for cross-origin widgets.
pub async fn preflight(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    match check_origin(&state, &headers) {
        Ok(origin) => with_cors(StatusCode::NO_CONTENT.into_response(), origin),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/leads`.
pub async fn post_lead(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    debug_assert_eq!(method, Method::POST);
    let origin = match check_origin(&state, &headers) {
        Ok(origin) => origin,
        Err(e) => return e.into_response(),
    };
    let response = match receive(&state, peer, &headers, body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    };
    with_cors(response, origin)
}

async fn receive(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let client = client_ip(peer.ip(), headers, &state.trusted_proxies);
    if let Err(wait) = state.limiter.check(client, Instant::now()) {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many submissions; please wait a moment",
        );
        let secs = wait.as_secs().max(1).to_string();
        e.headers.push((
            header::RETRY_AFTER,
            HeaderValue::from_str(&secs).expect("digits are a valid header"),
        ));
        return Err(e);
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim();
    if !mime.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the lead as application/json",
        ));
    }
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the lead is larger than {} bytes", state.max_body_bytes),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > state.max_body_bytes) {
        return Err(too_large());
    }
    let bytes = to_bytes(body, state.max_body_bytes)
        .await
        .map_err(|_| too_large())?;
    let lead: LeadPayload = serde_json::from_slice(&bytes).map_err(|e| {
        let (status, code) = match e.classify() {
            serde_json::error::Category::Data => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_lead"),
            _ => (StatusCode::BAD_REQUEST, "malformed_json"),
        };
        ApiError::new(status, code, format!("the body is not a lead: {e}"))
    })?;
    if let Err(problems) = validate_payload(&lead) {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_lead",
            "some fields are not valid",
        );
        e.problems = problems
            .iter()
            .map(|p| json!({ "field": p.field(), "code": p.code() }))
            .collect();
        return Err(e);
    }
    if let Some(key) = headers.get("idempotency-key") {
        let key = key.to_str().unwrap_or("").trim().trim_matches('"');
        if key != lead.lead_id {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "idempotency_key_mismatch",
                "the Idempotency-Key header must equal lead_id",
            ));
        }
    }
    if !lead.form.honeypot.is_empty() || lead.form.elapsed_ms < state.min_fill_ms {
        tracing::info!(lead_id = %lead.lead_id, "submission refused as automated");
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "looks_automated",
            "the form was filled in too fast or by a robot",
        ));
    }

    let body_text = String::from_utf8(bytes.to_vec()).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            "the body is not UTF-8",
        )
    })?;
    let body_sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let response_body = json!({ "lead_id": lead.lead_id, "status": "received" }).to_string();
    let forward_at = state.forwarding.then(now_ms);
    let stored = {
        let (response_body, body_sha256) = (response_body.clone(), body_sha256.clone());
        state
            .db
            .run(move |c| {
                let new = NewLead {
                    lead_id: &lead.lead_id,
                    received_at: &rfc3339(now_ms()),
                    body: &body_text,
                    body_sha256: &body_sha256,
                    response: &response_body,
                    lead: &lead,
                };
                db::store_lead(c, &new, forward_at).map(|s| (s, lead.lead_id.clone()))
            })
            .await
            .map_err(internal)?
    };
    let json_response = |status: StatusCode, body: String| {
        let mut r = (status, body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    };
    match stored {
        (Stored::New, lead_id) => {
            tracing::info!(lead_id = %lead_id, "lead stored");
            if state.forwarding {
                state.forward_wake.notify_one();
            }
            Ok(json_response(StatusCode::CREATED, response_body))
        }
        (
            Stored::Existing {
                body_sha256: first,
                response,
            },
            _,
        ) if first == body_sha256 => Ok(json_response(StatusCode::OK, response)),
        (Stored::Existing { .. }, lead_id) => {
            tracing::info!(lead_id = %lead_id, "lead id reused with a different body");
            Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "lead_id_reused",
                "a different lead was already received under this lead_id",
            ))
        }
    }
}

/// Checks the admin bearer token in constant time.
fn authorise(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.admin_token else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "disabled",
            "the lead listing is disabled; set ROLE_QUIZ_ADMIN_TOKEN to enable it",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let same = given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        let mut e = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorised",
            "a valid bearer token is required",
        );
        e.headers
            .push((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        Err(e)
    }
}

async fn stored_leads(state: &AppState) -> Result<Vec<(String, String, Value)>, ApiError> {
    let rows = state.db.run(db::all_leads).await.map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let lead = serde_json::from_str(&r.body).unwrap_or(Value::Null);
            (r.lead_id, r.received_at, lead)
        })
        .collect())
}

/// `GET /api/leads`: every lead as JSON.
pub async fn list_leads(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorise(&state, &headers)?;
    let leads: Vec<Value> = stored_leads(&state)
        .await?
        .into_iter()
        .map(|(id, at, lead)| json!({ "lead_id": id, "received_at": at, "lead": lead }))
        .collect();
    Ok(axum::Json(json!({ "leads": leads })).into_response())
}

/// The CSV columns: a name and where to find the value in a stored lead.
/// Columns that only version 2 leads carry (`band_likelihood` to
/// `response_style`) are empty for version 1 leads; `schema` tells them apart.
const CSV_COLUMNS: &[(&str, &str)] = &[
    ("received_at", ""),
    ("lead_id", "/lead_id"),
    ("name", "/contact/name"),
    ("email", "/contact/email"),
    ("company", "/contact/company"),
    ("role_title", "/contact/role_title"),
    ("phone", "/contact/phone"),
    ("preferred_channel", "/contact/preferred_channel"),
    ("message", "/contact/message"),
    ("consent_at", "/consent/at"),
    ("perspective", "/result/perspective"),
    ("band", "/result/band"),
    ("position", "/result/position"),
    ("low", "/result/low"),
    ("high", "/result/high"),
    ("marketing_demand", "/result/marketing_demand"),
    ("sales_demand", "/result/sales_demand"),
    ("flags", "/result/flags"),
    ("page_url", "/context/page_url"),
    ("referrer", "/context/referrer"),
    ("utm_source", "/context/params/utm_source"),
    ("utm_medium", "/context/params/utm_medium"),
    ("utm_campaign", "/context/params/utm_campaign"),
    ("utm_term", "/context/params/utm_term"),
    ("utm_content", "/context/params/utm_content"),
    // Added with version 2 leads; new columns go at the end so that existing
    // spreadsheets keep their layout.
    ("schema", "/schema"),
    ("band_likelihood", "/result/band_likelihood"),
    ("neighbour_band", "/result/neighbour_band"),
    ("neighbour_likelihood", "/result/neighbour_likelihood"),
    ("response_style", "/result/response_style"),
    ("alignment", "/comparison/alignment"),
    ("alignment_band", "/comparison/band"),
];

/// `GET /api/leads.csv`: every lead as a spreadsheet-safe CSV file.
pub async fn leads_csv(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorise(&state, &headers)?;
    let leads = stored_leads(&state).await?;
    let header_row = CSV_COLUMNS
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    let rows = leads.into_iter().map(|(_, at, lead)| {
        CSV_COLUMNS
            .iter()
            .map(|(_, pointer)| match lead.pointer(pointer) {
                _ if pointer.is_empty() => at.clone(),
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
                Some(other) => other.to_string(),
            })
            .collect()
    });
    let csv = crate::csv::write(std::iter::once(header_row).chain(rows));
    let mut response = csv.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"leads.csv\""),
    );
    Ok(response)
}
