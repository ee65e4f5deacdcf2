//! The funnel: `POST /api/events` takes the widget's anonymous reports
//! ([`role_quiz_core::funnel`]) and adds one to a per-day count;
//! `GET /api/funnel` sums the counts for a period, for the consultancy.
//!
//! No report is kept, and nothing identifying: no address (the rate limit
//! keeps it in memory only), no cookie, no answer. Reports from browsers that
//! send Global Privacy Control (`Sec-GPC: 1`), from user agents that
//! declare themselves crawlers, or from pages of origins that may not send
//! leads are answered and not counted.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::to_bytes;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use role_quiz_core::content::BANK;
use role_quiz_core::funnel::{is_crawler, validate_report, FunnelReport, MAX_REPORT_BYTES, STEPS};
use rusqlite::{params, Connection};
use serde_json::{json, Value};

use crate::api::no_store;
use crate::clock::{now_ms, rfc3339};
use crate::error::{internal, ApiError};
use crate::extract::{Admin, AllowedOrigin};
use crate::rate_limit::{client_ip, rate_key};
use crate::AppState;

/// Adds one to the count of a report's step for today.
pub fn count(conn: &Connection, report: &FunnelReport, day: &str) -> rusqlite::Result<()> {
    let (origin, path) = split_page(&report.page);
    let utm = |k: &str| report.utm.get(k).unwrap_or_default().to_string();
    conn.execute(
        "INSERT INTO funnel_counts (day, step, detail, origin, path, utm_source, utm_medium, utm_campaign,
            instance, bank_version, perspective, count)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1)
         ON CONFLICT DO UPDATE SET count = count + 1",
        params![
            day,
            report.step,
            report.detail,
            origin,
            path,
            utm("utm_source"),
            utm("utm_medium"),
            utm("utm_campaign"),
            report.instance,
            report.bank_version,
            report.perspective,
        ],
    )?;
    Ok(())
}

/// `https://a.example/landing` → (`https://a.example`, `/landing`).
fn split_page(page: &str) -> (String, String) {
    let after_scheme = page.find("://").map_or(0, |n| n + 3);
    match page[after_scheme..].find('/') {
        Some(n) => (
            page[..after_scheme + n].to_ascii_lowercase(),
            page[after_scheme + n..].to_string(),
        ),
        None => (page.to_ascii_lowercase(), "/".into()),
    }
}

/// Why a report is not counted although it is answered with success.
fn not_counted(headers: &HeaderMap) -> Option<&'static str> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if header("sec-gpc").is_some_and(|v| v.trim() == "1") {
        return Some("global privacy control");
    }
    if header(header::USER_AGENT.as_str()).is_none_or(is_crawler) {
        return Some("crawler");
    }
    None
}

/// `POST /api/events`: one funnel report. Answers 204 whether or not it is
/// counted; a report that is too large or malformed gets a JSON error like a
/// lead would.
pub async fn report(
    State(state): State<Arc<AppState>>,
    origin: Result<AllowedOrigin, ApiError>,
    request: Request,
) -> Result<Response, ApiError> {
    // Pages of other origins are answered but not counted: a refusal would
    // only print errors in the console of a page that cannot change it.
    let from_allowed_origin = origin.is_ok();
    let (parts, body) = request.into_parts();
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    if let Some(peer) = peer {
        let client = client_ip(peer, &parts.headers, &state.trusted_proxies);
        if state.report_limiter.check(rate_key(client)).is_err() {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many reports",
            ));
        }
    }
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("a report is at most {MAX_REPORT_BYTES} bytes"),
        )
    };
    let bytes = tokio::time::timeout(state.body_timeout, to_bytes(body, MAX_REPORT_BYTES))
        .await
        .map_err(|_| ApiError::new(StatusCode::REQUEST_TIMEOUT, "body_timeout", "too slow"))?
        .map_err(|_| too_large())?;
    let report: FunnelReport = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_report",
            format!("the body is not a funnel report: {e}"),
        )
    })?;
    validate_report(&report).map_err(|p| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_report",
            format!("{} is not valid", p.0),
        )
    })?;
    if !from_allowed_origin {
        tracing::debug!("funnel report from an origin that is not allowed; not counted");
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    if let Some(why) = not_counted(&parts.headers) {
        tracing::debug!(why, "funnel report not counted");
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let day = rfc3339(now_ms())[..10].to_string();
    state
        .db
        .run(move |c| count(c, &report, &day))
        .await
        .map_err(internal)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The period of `GET /api/funnel`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Period {
    /// First day (`YYYY-MM-DD`), 29 days before `to` when not given.
    pub from: Option<String>,
    /// Last day, today (UTC) when not given.
    pub to: Option<String>,
}

fn is_day(s: &str) -> bool {
    role_quiz_core::lead::is_timestamp(&format!("{s}T00:00:00Z")) && s.len() == 10
}

/// The sums for a period, as `GET /api/funnel` answers them.
pub fn summary(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Value> {
    let mut steps: BTreeMap<String, i64> = STEPS.iter().map(|s| (s.to_string(), 0)).collect();
    let mut questions: BTreeMap<String, i64> = BTreeMap::new();
    let mut bands: BTreeMap<String, i64> = BTreeMap::new();
    let mut perspectives: BTreeMap<String, i64> = BTreeMap::new();
    let mut daily: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut sources: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut pages: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT day, step, detail, origin || path, utm_source, SUM(count), perspective FROM funnel_counts
         WHERE day BETWEEN ?1 AND ?2 GROUP BY day, step, detail, perspective, origin, path, utm_source",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let (day, step, detail, page, source, n): (String, String, String, String, String, i64) = (
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        );
        *steps.entry(step.clone()).or_default() += n;
        match step.as_str() {
            "question" => *questions.entry(detail).or_default() += n,
            "complete" => {
                *bands.entry(detail).or_default() += n;
                *perspectives.entry(r.get::<_, String>(6)?).or_default() += n;
            }
            _ => {}
        }
        for (table, key) in [
            (&mut daily, day),
            (&mut sources, source),
            (&mut pages, page),
        ] {
            *table
                .entry(key)
                .or_default()
                .entry(step.clone())
                .or_default() += n;
        }
    }
    let rows_of = |table: BTreeMap<String, BTreeMap<String, i64>>, key: &str| -> Vec<Value> {
        table
            .into_iter()
            .map(|(k, counts)| {
                let mut row = json!({ key: k });
                for s in STEPS {
                    row[s] = json!(counts.get(s).copied().unwrap_or(0));
                }
                row
            })
            .collect()
    };
    let by_perspective: Vec<Value> = ["holder", "manager", "hiring"]
        .iter()
        .map(|p| json!({ "id": p, "count": perspectives.get(*p).copied().unwrap_or(0) }))
        .collect();
    Ok(json!({
        "from": from,
        "to": to,
        "steps": steps,
        // In questionnaire order, so drop-off reads top to bottom.
        "questions": BANK.items.iter().map(|i| json!({ "id": i.id, "reached": questions.get(i.id).copied().unwrap_or(0) })).collect::<Vec<_>>(),
        "bands": BANK.bands.iter().map(|b| json!({ "id": b.id, "count": bands.get(b.id).copied().unwrap_or(0) })).collect::<Vec<_>>(),
        "perspectives": by_perspective,
        "daily": rows_of(daily, "day"),
        "sources": rows_of(sources, "utm_source"),
        "pages": rows_of(pages, "page"),
    }))
}

/// `GET /api/funnel?from=&to=`: the funnel's sums for a period (30 days
/// to today by default).
pub async fn funnel(
    State(state): State<Arc<AppState>>,
    _admin: Admin,
    Query(period): Query<Period>,
) -> Result<Response, ApiError> {
    let today = rfc3339(now_ms())[..10].to_string();
    let to = period.to.unwrap_or(today);
    let from = match period.from {
        Some(f) => f,
        None => {
            let to_ms = humantime::parse_rfc3339_weak(&format!("{to}T00:00:00Z"))
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(now_ms(), |d| d.as_millis() as i64);
            rfc3339(to_ms - 29 * 24 * 3600 * 1000)[..10].to_string()
        }
    };
    if !is_day(&from) || !is_day(&to) || from > to {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_period",
            "from and to are days (YYYY-MM-DD), from not after to",
        ));
    }
    let body = state
        .db
        .run(move |c| summary(c, &from, &to))
        .await
        .map_err(internal)?;
    Ok(no_store(axum::Json(body).into_response()))
}
