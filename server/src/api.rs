//! The collector's HTTP API: `POST /api/leads` and the admin listings
//! `GET /api/leads` and `GET /api/leads.csv`. What each needs from the
//! request is checked by the extractors in `extract.rs`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::clock::{now_ms, rfc3339};
use crate::db::{self, NewLead, Stored};
use crate::error::{internal, ApiError};
use crate::extract::{Admin, AllowedOrigin, RateLimitedClient, ValidLead};
use crate::AppState;

/// `POST /api/leads`: stores a new lead once. The same lead again answers
/// as the first time did; another body under the same id is refused.
pub async fn post_lead(
    State(state): State<Arc<AppState>>,
    _origin: AllowedOrigin,
    _client: RateLimitedClient,
    ValidLead { lead, bytes }: ValidLead,
) -> Result<Response, ApiError> {
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
                db::store_lead(c, &new, forward_at)
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
        Stored::New => {
            tracing::info!("lead stored");
            if state.forwarding {
                state.forward_wake.notify_one();
            }
            Ok(json_response(StatusCode::CREATED, response_body))
        }
        Stored::Existing {
            body_sha256: first,
            response,
        } if first == body_sha256 => Ok(json_response(StatusCode::OK, response)),
        Stored::Existing { .. } => {
            tracing::info!("lead id reused with a different body");
            Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "lead_id_reused",
                "a different lead was already received under this lead_id",
            ))
        }
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
    _admin: Admin,
) -> Result<Response, ApiError> {
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
    _admin: Admin,
) -> Result<Response, ApiError> {
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
    let csv = crate::csv::write(std::iter::once(header_row).chain(rows)).map_err(internal)?;
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
