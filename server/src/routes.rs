//! The router: the widget's static files, the lead API, the health check
//! and the demo pages, with the layers every answer passes through.

use std::path::Path;
use std::sync::Arc;

use std::time::Duration;

use axum::extract::Request;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use serde_json::json;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::caching;
use crate::pages::{self, PagePolicy};
use crate::{api, db, demo, funnel, privacy, AppState};

/// The whole application for one set of shared state.
pub fn router(state: Arc<AppState>, static_dir: &Path) -> Router {
    // The widget's files are public and load from other origins (the
    // landing pages that embed it).
    let page_policy = Arc::new(PagePolicy::new(&state.allowed_origins));
    let files = ServiceBuilder::new()
        .layer(middleware::from_fn_with_state(
            page_policy,
            pages::with_policy,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ))
        .layer(middleware::from_fn(caching::with_cache_control))
        // The build writes each module, script and stylesheet also
        // compressed at brotli's best (scripts/write-embed.mjs); the
        // compression layer below leaves an answer that is already encoded
        // as it is.
        .service(
            ServeDir::new(static_dir)
                .append_index_html_on_directories(true)
                .precompressed_br()
                .precompressed_gzip(),
        );
    let hostile_page = static_dir.join("hostile.html");
    // Pages of the allowed origins may post leads from the browser; the
    // listings are for the consultancy's own tools and get no CORS headers.
    let cors = {
        let state = state.clone();
        CorsLayer::new()
            .allow_origin(AllowOrigin::predicate(move |origin, _| {
                origin
                    .to_str()
                    .is_ok_and(|o| state.origin_allowed(o.trim_end_matches('/')))
            }))
            .allow_methods([Method::POST, Method::OPTIONS])
            .allow_headers([
                header::CONTENT_TYPE,
                HeaderName::from_static("idempotency-key"),
            ])
            .max_age(Duration::from_secs(600))
    };
    let api = Router::new()
        .route(
            "/api/leads",
            get(api::list_leads).merge(
                post(api::post_lead)
                    .options(|| async { StatusCode::NO_CONTENT })
                    .layer(cors),
            ),
        )
        .route("/api/leads.csv", get(api::leads_csv))
        .route("/api/events", post(funnel::report))
        .route("/api/funnel", get(funnel::funnel))
        .route("/api/erasure", post(privacy::erasure))
        .route("/api/export", post(privacy::export))
        .route("/api/audit", get(privacy::audit_log))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .with_state(state.clone());
    Router::new()
        .route("/healthz", get(health).with_state(state.clone()))
        .route(
            "/hostile.html",
            get(move |headers: HeaderMap| demo::hostile(hostile_page.clone(), headers)),
        )
        .merge(api)
        .merge(crate::admin::router(state.clone()))
        .fallback_service(files)
        .layer(
            // One span per request, with the path (never the query string,
            // which may carry campaign parameters) and, once the body is
            // read, the lead id; contact details never reach the logs.
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = %request.uri().path(),
                    lead_id = tracing::field::Empty,
                )
            }),
        )
        // A backstop for any request: its answer must start within this.
        // (Lead bodies have their own, shorter deadline, and the header
        // timeout is set on the connection; see `serve.rs`.)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.request_timeout,
        ))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// The health check: the database answers, and with forwarding or e-mail
/// on, how their queues stand (for monitoring: a growing `waiting`, an old
/// `oldest_waiting_secs`, any `given_up` or failed e-mail needs a look).
async fn health(State(state): State<Arc<AppState>>) -> Response {
    let queue = state
        .db
        .run(|c| Ok((db::queue_health(c)?, db::mail_health(c)?)))
        .await;
    match queue {
        Ok((q, m)) => {
            let mut body = json!({ "status": "ok" });
            if state.forwarding {
                let oldest = q.oldest_waiting.as_deref().and_then(|t| {
                    let at = humantime::parse_rfc3339_weak(t).ok()?;
                    Some(
                        std::time::SystemTime::now()
                            .duration_since(at)
                            .unwrap_or_default()
                            .as_secs(),
                    )
                });
                body["forwarding"] = json!({
                    "waiting": q.waiting,
                    "given_up": q.given_up,
                    "oldest_waiting_secs": oldest,
                });
            }
            if state.mail.is_some() {
                // Failed excludes result e-mails refused by their limits.
                body["mail"] = json!({ "waiting": m.waiting, "failed": m.failed });
            }
            Json(body).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "database_unavailable" })),
            )
                .into_response()
        }
    }
}
