//! The collector's HTTP API: `POST /api/leads` and the admin listings
//! `GET /api/leads` and `GET /api/leads.csv`. What each needs from the
//! request is checked by the extractors in `extract.rs`.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use role_quiz_core::lead::LeadPayload;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::clock::{now_ms, rfc3339};
use crate::db::{self, NewLead, Stored};
use crate::error::{internal, ApiError};
use crate::extract::{Admin, AllowedOrigin, RateLimitedClient, ValidLead};
use crate::AppState;

/// `POST /api/leads`: stores a new lead once. The same lead again (by its
/// content, whatever its whitespace, key order or unknown fields) answers as
/// the first time did; another lead under the same id is refused.
///
/// What is stored, listed and forwarded is the validated lead serialised
/// again from its typed form: unknown fields are dropped, so a listing or a
/// receiver never meets a value the typed parser skipped over.
pub async fn post_lead(
    State(state): State<Arc<AppState>>,
    _origin: AllowedOrigin,
    RateLimitedClient(client): RateLimitedClient,
    ValidLead { lead }: ValidLead,
) -> Result<Response, ApiError> {
    let mail = mail_plan(&state, &lead, client);
    let canonical = serde_json::to_string(&lead).map_err(internal)?;
    let body_sha256: String = Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let response_body = json!({ "lead_id": lead.lead_id, "status": "received" }).to_string();
    let forward_at = state.forwarding.then(now_ms);
    let stored = {
        let (response_body, canonical) = (response_body.clone(), canonical.clone());
        state
            .db
            .run(move |c| {
                let new = NewLead {
                    lead_id: &lead.lead_id,
                    received_at: &rfc3339(now_ms()),
                    body: &canonical,
                    body_sha256: &body_sha256,
                    response: &response_body,
                    lead: &lead,
                };
                db::store_lead(c, &new, forward_at, &mail)
            })
            .await
            .map_err(|e| if db::is_busy(&e) { busy() } else { internal(e) })?
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
            if let Some(m) = &state.mail {
                m.wake.notify_one();
            }
            Ok(json_response(StatusCode::CREATED, response_body))
        }
        Stored::Existing { body, response } if same_lead(&body, &canonical) => {
            Ok(json_response(StatusCode::OK, response))
        }
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

/// The e-mails a new lead queues: the consultancy's notification, and the
/// visitor's result when asked for, within the per-client limit here and the
/// per-address limit in the database (`db::store_lead`).
fn mail_plan(state: &AppState, lead: &LeadPayload, client: std::net::IpAddr) -> db::MailPlan {
    let Some(mail) = &state.mail else {
        return db::MailPlan::default();
    };
    let visitor = lead.email_result.then(|| {
        // Only asking counts against the client's allowance.
        if mail
            .per_client
            .check(crate::rate_limit::rate_key(client))
            .is_err()
        {
            tracing::info!("result e-mail refused: the client's hourly limit");
            return db::VisitorMail::Refused(
                "limit: this client asked for too many result e-mails",
            );
        }
        db::VisitorMail::Queue {
            address_sha256: crate::privacy::address_hash(&lead.contact.email),
            day: rfc3339(now_ms())[..10].to_string(),
            per_day: i64::from(mail.per_address),
        }
    });
    db::MailPlan {
        consultancy: mail.notify,
        visitor,
        at_ms: now_ms(),
    }
}

/// Whether a stored body holds the lead whose canonical form is `canonical`.
/// Rows from before canonical storage hold the body as it came, so those
/// are parsed and serialised again to compare.
fn same_lead(stored: &str, canonical: &str) -> bool {
    stored == canonical
        || serde_json::from_str::<LeadPayload>(stored)
            .ok()
            .and_then(|l| serde_json::to_string(&l).ok())
            .is_some_and(|again| again == canonical)
}

/// The answer when another connection held the database's write lock for
/// longer than the busy timeout; the widget's outbox retries it.
fn busy() -> ApiError {
    tracing::warn!("database busy: another connection held the write lock past the busy timeout");
    let mut e = ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "database_busy",
        "the lead could not be stored just now; please retry in a moment",
    );
    e.headers
        .push((header::RETRY_AFTER, HeaderValue::from_static("2")));
    e
}

/// The lead a listing shows for a stored row: its body, or when the body
/// cannot be read (rows kept word for word by earlier versions), the values
/// kept in columns beside it, so that no lead is ever listed blank.
fn listed_lead(row: &db::ListedLead) -> (Value, bool) {
    match serde_json::from_str::<Value>(&row.body) {
        Ok(lead @ Value::Object(_)) => (lead, false),
        _ => {
            tracing::warn!(lead_id = %row.lead_id, "stored body unreadable; listed from its columns");
            let c = &row.columns;
            let lead = json!({
                "lead_id": row.lead_id,
                "contact": {
                    "name": c.name, "email": c.email, "company": c.company,
                    "role_title": c.role_title, "phone": c.phone,
                    "preferred_channel": c.channel, "message": c.message,
                },
                "consent": { "given": true, "at": c.consent_at },
                "result": { "band": c.band, "position": c.position, "perspective": c.perspective },
                "context": { "page_url": c.page_url },
            });
            (lead, true)
        }
    }
}

fn forwarding_json(f: &db::ForwardState) -> Value {
    json!({
        "state": f.state(),
        "attempts": f.attempts,
        "last_error": f.last_error,
        "delivered_at": f.delivered_at,
        "given_up_at": f.given_up_at,
    })
}

/// One lead as the JSON listing (and a person's export) shows it: the lead,
/// and where its forwarding and e-mails stand.
pub fn listing_entry(row: &db::ListedLead) -> Value {
    let (lead, unreadable) = listed_lead(row);
    let mut entry = json!({ "lead_id": row.lead_id, "received_at": row.received_at, "lead": lead });
    if let Some(f) = &row.forwarding {
        entry["forwarding"] = forwarding_json(f);
    }
    if !row.mail.is_empty() {
        entry["mail"] = row
            .mail
            .iter()
            .map(|m| {
                json!({
                    "kind": m.kind, "state": m.state(), "attempts": m.attempts,
                    "last_error": m.last_error, "sent_at": m.sent_at, "failed_at": m.failed_at,
                })
            })
            .collect();
    }
    if unreadable {
        entry["body_unreadable"] = Value::Bool(true);
    }
    entry
}

/// The JSON listing's query: a page size, a cursor and a time filter.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    /// Leads per page, 1 to 1,000 (100 when not given).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub after: Option<String>,
    /// Only leads received at or after this RFC 3339 time, for tools that poll.
    pub since: Option<String>,
}

/// Leads per page of the JSON listing, unless the query asks otherwise.
pub const DEFAULT_PAGE: i64 = 100;
/// The largest page of the JSON listing.
pub const MAX_PAGE: i64 = 1000;

fn bad_query(code: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message.to_string())
}

/// `since` as the collector writes times (`received_at`), so that the
/// database compares like with like.
fn parse_since(since: Option<&str>) -> Result<Option<String>, ApiError> {
    since
        .map(|s| {
            humantime::parse_rfc3339_weak(s.trim())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| rfc3339(d.as_millis() as i64))
                .ok_or_else(|| {
                    bad_query(
                        "invalid_since",
                        "since must be an RFC 3339 time such as 2026-11-28T09:00:00Z",
                    )
                })
        })
        .transpose()
}

/// `GET /api/leads`: leads as JSON, oldest first, a page at a time. Follow
/// `next_cursor` with `?after=` until it is null.
pub async fn list_leads(
    State(state): State<Arc<AppState>>,
    _admin: Admin,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(bad_query("invalid_limit", "limit must be from 1 to 1000"));
    }
    let after = match query.after.as_deref() {
        None => 0,
        Some(a) => a.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            bad_query(
                "invalid_cursor",
                "after must be a next_cursor from an earlier page",
            )
        })?,
    };
    let since = parse_since(query.since.as_deref())?;
    let mut rows = state
        .db
        .run(move |c| {
            db::leads_page(
                c,
                &db::Page {
                    since: since.as_deref(),
                    ..db::Page::new(after, limit + 1)
                },
            )
        })
        .await
        .map_err(internal)?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|r| r.row.to_string()))
        .flatten();
    let leads: Vec<Value> = rows.iter().map(listing_entry).collect();
    Ok(no_store(
        axum::Json(json!({ "leads": leads, "next_cursor": next_cursor })).into_response(),
    ))
}

/// Listings hold contact details: no cache may keep them.
pub fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
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
    // Where forwarding to the webhook stands: delivered, waiting or given_up
    // (empty when forwarding is off).
    ("forwarding", ""),
    // Where each e-mail stands: sent, waiting or failed (empty when none).
    ("mail_consultancy", ""),
    ("mail_visitor", ""),
];

/// Rows read from the database per step of the CSV export: the export
/// holds at most this many leads in memory, and new leads wait for the
/// database only between steps.
const CSV_STEP: i64 = 500;

/// One CSV row for a listed lead.
fn csv_row(row: &db::ListedLead) -> Vec<String> {
    let (lead, _) = listed_lead(row);
    CSV_COLUMNS
        .iter()
        .map(|(name, pointer)| match (*name, lead.pointer(pointer)) {
            ("received_at", _) => row.received_at.clone(),
            ("forwarding", _) => row
                .forwarding
                .as_ref()
                .map_or("", |f| f.state())
                .to_string(),
            ("mail_consultancy" | "mail_visitor", _) => row
                .mail
                .iter()
                .find(|m| name.ends_with(m.kind.as_str()))
                .map_or("", |m| m.state())
                .to_string(),
            (_, Some(Value::String(s))) => s.clone(),
            (_, Some(Value::Null) | None) => String::new(),
            (_, Some(Value::Array(items))) => items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" "),
            (_, Some(other)) => other.to_string(),
        })
        .collect()
}

/// `GET /api/leads.csv`: every lead as a spreadsheet-safe CSV file,
/// streamed a few hundred rows at a time so memory stays flat however many
/// leads there are.
pub async fn leads_csv(
    State(state): State<Arc<AppState>>,
    _admin: Admin,
) -> Result<Response, ApiError> {
    csv_download(state, db::Filter::default())
}

/// The leads `filter` lets through, oldest first, as a streamed CSV file.
pub fn csv_download(state: Arc<AppState>, filter: db::Filter) -> Result<Response, ApiError> {
    let filter = db::Filter {
        newest_first: false,
        ..filter
    };
    let header_row: Vec<String> = CSV_COLUMNS
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    let head = crate::csv::write(std::iter::once(header_row)).map_err(internal)?;
    // Each step reads the rows after the last one sent; a failure ends the
    // stream with an error, which cuts the download short visibly rather
    // than ending it as if complete.
    let steps = futures_util::stream::unfold(Some(0i64), move |after| {
        let (state, filter) = (state.clone(), filter.clone());
        async move {
            let after = after?;
            let rows = state
                .db
                .run(move |c| {
                    db::leads_page(
                        c,
                        &db::Page {
                            filter,
                            ..db::Page::new(after, CSV_STEP)
                        },
                    )
                })
                .await;
            match rows {
                Ok(rows) if rows.is_empty() => None,
                Ok(rows) => {
                    let next = (rows.len() as i64 == CSV_STEP)
                        .then(|| rows.last().map(|r| r.row))
                        .flatten();
                    let chunk = crate::csv::write_rows(rows.iter().map(csv_row));
                    Some((chunk.map(Bytes::from).map_err(std::io::Error::other), next))
                }
                Err(e) => {
                    tracing::error!(error = %e, "CSV export cut short");
                    Some((Err(std::io::Error::other(e.to_string())), None))
                }
            }
        }
    });
    let body =
        futures_util::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(head)) })
            .chain(steps)
            // Fused: the compression layer polls once more after the end.
            .fuse();
    let mut response = Body::from_stream(body).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"leads.csv\""),
    );
    Ok(no_store(response))
}
