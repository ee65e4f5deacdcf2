//! Extractors: what the lead and listing handlers need from a request,
//! each checked once, in the order the handlers name them. A failed check
//! answers with its own JSON error.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::body::to_bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use role_quiz_core::lead::{validate_payload, LeadPayload};
use serde_json::json;
use subtle::ConstantTimeEq;

use crate::error::ApiError;
use crate::rate_limit::{client_ip, rate_key};
use crate::AppState;

/// The request comes from an origin that may send leads: the server's own,
/// a listed one, or no browser at all (no `Origin` header). The server's
/// own origin is `ROLE_QUIZ_PUBLIC_URL` when set; only without it is the
/// `Host` header taken as its name (fine on loopback, not behind a proxy
/// that passes any Host through). The CORS headers themselves are added by
/// tower-http's layer (see `routes.rs`).
pub struct AllowedOrigin;

impl FromRequestParts<Arc<AppState>> for AllowedOrigin {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let Some(origin) = parts.headers.get(header::ORIGIN) else {
            return Ok(AllowedOrigin);
        };
        let origin = origin.to_str().unwrap_or("").trim_end_matches('/');
        let same_origin = match &state.public_origin {
            Some(own) => origin.eq_ignore_ascii_case(own),
            None => {
                let host = parts
                    .headers
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("");
                !host.is_empty()
                    && (origin == format!("http://{host}") || origin == format!("https://{host}"))
            }
        };
        if same_origin || state.origin_allowed(origin) {
            return Ok(AllowedOrigin);
        }
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            "this page's origin may not send leads here; add it to ROLE_QUIZ_ALLOWED_ORIGINS",
        ))
    }
}

/// The submitting client's address (through trusted proxies), which has a
/// submission left under the rate limit.
pub struct RateLimitedClient(pub IpAddr);

impl FromRequestParts<Arc<AppState>> for RateLimitedClient {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip())
            .ok_or_else(|| {
                crate::error::internal("the server was started without connection info")
            })?;
        let client = client_ip(peer, &parts.headers, &state.trusted_proxies);
        if let Err(wait) = state.limiter.check(rate_key(client)) {
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
        Ok(RateLimitedClient(client))
    }
}

/// The admin bearer token, compared in constant time; the scheme's name is
/// matched without regard to case (RFC 7235). Without a configured token the
/// listings do not exist.
pub struct Admin;

impl FromRequestParts<Arc<AppState>> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let Some(token) = &state.admin_token else {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "disabled",
                "the lead listing is disabled; set ROLE_QUIZ_ADMIN_TOKEN to enable it",
            ));
        };
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map_or("", |(_, token)| token.trim());
        if bool::from(given.as_bytes().ct_eq(token.as_bytes())) {
            Ok(Admin)
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
}

/// A lead body: JSON, sent in full within the body timeout and the size
/// limit, of the payload's type, valid by the core's rules for its schema
/// version, matching its `Idempotency-Key`, and not filled in by a robot.
/// Its `lead_id` is lower-cased, so that a UUID names one lead however it
/// is written.
pub struct ValidLead {
    pub lead: LeadPayload,
}

impl FromRequest<Arc<AppState>> for ValidLead {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &Arc<AppState>) -> Result<Self, ApiError> {
        let (parts, body) = request.into_parts();
        let headers = &parts.headers;
        let mime = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !mime
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .eq_ignore_ascii_case("application/json")
        {
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
        if declared_length(headers).is_some_and(|n| n > state.max_body_bytes) {
            return Err(too_large());
        }
        // A whole-body deadline: tower-http's body timeout restarts with
        // every chunk, so a client sending a byte a second would never meet it.
        let bytes =
            match tokio::time::timeout(state.body_timeout, to_bytes(body, state.max_body_bytes))
                .await
            {
                Ok(Ok(bytes)) => bytes,
                Ok(Err(_)) => return Err(too_large()),
                Err(_) => {
                    tracing::info!("lead body too slow; cut off");
                    return Err(ApiError::new(
                        StatusCode::REQUEST_TIMEOUT,
                        "body_timeout",
                        "the lead did not arrive in time; please retry",
                    ));
                }
            };
        let mut lead: LeadPayload = serde_json::from_slice(&bytes).map_err(|e| {
            let (status, code) = match e.classify() {
                serde_json::error::Category::Data => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "invalid_lead")
                }
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
        lead.lead_id.make_ascii_lowercase();
        if let Some(key) = headers.get("idempotency-key") {
            if !key
                .to_str()
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                .eq_ignore_ascii_case(&lead.lead_id)
            {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "idempotency_key_mismatch",
                    "the Idempotency-Key header must equal lead_id",
                ));
            }
        }
        tracing::Span::current().record("lead_id", lead.lead_id.as_str());
        if !lead.form.honeypot.is_empty() || lead.form.elapsed_ms < state.min_fill_ms {
            tracing::info!("submission refused as automated");
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "looks_automated",
                "the form was filled in too fast or by a robot",
            ));
        }
        Ok(ValidLead { lead })
    }
}

fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}
