//! The admin page at `/admin`: sign in with the admin secret through a form,
//! then the funnel for a period: steps and conversions, the daily trend,
//! drop-off by question, bands, perspectives, sources, pages and the
//! comparison funnel. HTML is written on the server (maud escapes every
//! value); charts are SVG with their numbers in tables; pages work under a
//! strict Content-Security-Policy with no script and no inline style.

pub mod charts;
pub mod leads;
pub mod session;

use std::sync::Arc;

use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::{html, Markup, DOCTYPE};
use role_quiz_core::content::texts_for;
use serde_json::Value;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::clock::{now_ms, rfc3339};
use crate::error::internal;
use crate::rate_limit::{client_ip, rate_key};
use crate::AppState;
use charts::{bars, columns, table, Bar};
use session::{cookie, same_token, session_id};

const STYLESHEET: &str = include_str!("../../assets/admin.css");

/// The admin pages' policy: their own stylesheet, no script at all.
const POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                      frame-ancestors 'none'; base-uri 'none'";

/// The admin routes, with the headers every admin answer carries.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/admin", get(home))
        .route("/admin/sign-in", post(sign_in))
        .route("/admin/sign-out", post(sign_out))
        .route("/admin/leads", get(leads::list))
        .route("/admin/leads.csv", get(leads::csv))
        .route("/admin/leads/{id}", get(leads::show))
        .route("/admin/leads/{id}/retry", post(leads::retry))
        .route("/admin/erasure", post(leads::erase))
        .route("/admin/audit", get(audit_page))
        .route("/admin/admin.css", get(stylesheet))
        .route("/admin/icon.svg", get(icon))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(POLICY),
        ))
        // `same-origin`, not `no-referrer`: under `no-referrer` browsers
        // send `Origin: null` with the page's own forms, and sign-in checks
        // that origin.
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state)
}

async fn icon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#1d4f91\"/></svg>",
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// The CSRF token of the request's live session: signed in.
fn signed_in(state: &AppState, headers: &HeaderMap) -> Option<String> {
    session_id(headers).and_then(|id| state.sessions.csrf(&id))
}

/// Why an admin action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    /// The form's CSRF token is missing or not this session's.
    StaleForm,
    /// No live session.
    SignedOut,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::StaleForm => (
                StatusCode::FORBIDDEN,
                "the form is out of date; reload the page",
            )
                .into_response(),
            Refused::SignedOut => Redirect::to("/admin").into_response(),
        }
    }
}

/// A signed-in session whose CSRF token the form sent back.
fn csrf_checked(state: &AppState, headers: &HeaderMap, sent: &str) -> Result<String, Refused> {
    match signed_in(state, headers) {
        Some(csrf) if same_token(sent, &csrf) => Ok(csrf),
        Some(_) => Err(Refused::StaleForm),
        None => Err(Refused::SignedOut),
    }
}

/// A whole page.
fn page(title: &str, signed_in: Option<&str>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · role-quiz admin" }
                link rel="stylesheet" href="/admin/admin.css";
                link rel="icon" href="/admin/icon.svg" type="image/svg+xml";
            }
            body {
                header class="bar" {
                    p class="brand" { "role-quiz admin" }
                    @if signed_in.is_some() {
                        nav aria-label="Admin" {
                            a href="/admin" { "Overview" }
                            a href="/admin/leads" { "Leads" }
                            a href="/admin/audit" { "Audit log" }
                        }
                    }
                    @if let Some(csrf) = signed_in {
                        form method="post" action="/admin/sign-out" {
                            input type="hidden" name="csrf" value=(csrf);
                            button type="submit" { "Sign out" }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

fn html_response(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

/// Where signing in may return to: a page of the admin itself, never
/// another site (`//host`, a scheme, or a backslash a browser would read as
/// a slash).
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with("/admin")
        && !next.starts_with("//")
        && !next.contains(['\\', '\r', '\n'])
        && !next.contains("://")
        && next.len() <= 200;
    ok.then_some(next)
}

fn sign_in_page(status: StatusCode, problem: Option<&str>, next: Option<&str>) -> Response {
    let body = html! {
        h1 { "Sign in" }
        form class="sign-in" method="post" action="/admin/sign-in" {
            @if let Some(p) = problem {
                p class="problem" role="alert" id="problem" { (p) }
            }
            @if let Some(next) = next.and_then(safe_next) {
                input type="hidden" name="next" value=(next);
            }
            label for="secret" { "Admin secret" }
            input id="secret" name="secret" type="password" autocomplete="current-password" required
                aria-describedby=[problem.map(|_| "problem")];
            button type="submit" { "Sign in" }
        }
    };
    html_response(status, page("Sign in", None, body))
}

/// The own origin for the same-origin check of sign-in.
fn from_own_origin(headers: &HeaderMap, state: &AppState) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    match &state.public_origin {
        Some(own) => origin.eq_ignore_ascii_case(own),
        None => headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|host| {
                origin == format!("http://{host}") || origin == format!("https://{host}")
            }),
    }
}

fn secure_cookies(state: &AppState) -> bool {
    state
        .public_origin
        .as_deref()
        .is_some_and(|o| o.starts_with("https://"))
}

#[derive(serde::Deserialize)]
pub struct SignIn {
    secret: String,
    /// The admin page to return to.
    #[serde(default)]
    next: String,
}

/// `POST /admin/sign-in`: the secret, limited per client, from this origin.
async fn sign_in(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Response {
    let Some(token) = &state.admin_token else {
        return disabled();
    };
    if !from_own_origin(&headers, &state) {
        return sign_in_page(
            StatusCode::FORBIDDEN,
            Some("Sign in from this site's own page."),
            Some(&form.next),
        );
    }
    let client = rate_key(client_ip(peer.ip(), &headers, &state.trusted_proxies));
    if state.sign_in_limiter.check(client).is_err() {
        tracing::warn!("admin sign-in: too many attempts");
        return sign_in_page(
            StatusCode::TOO_MANY_REQUESTS,
            Some("Too many attempts. Wait a minute and try again."),
            Some(&form.next),
        );
    }
    let audit = |action: &'static str| {
        let db = state.db.clone();
        async move {
            let _ = db.run(move |c| crate::privacy::audit(c, action, "")).await;
        }
    };
    if !same_token(form.secret.trim(), token) {
        audit("sign-in refused").await;
        return sign_in_page(
            StatusCode::UNAUTHORIZED,
            Some("That is not the admin secret."),
            Some(&form.next),
        );
    }
    audit("sign-in").await;
    let id = state.sessions.start();
    let mut response = Redirect::to(safe_next(&form.next).unwrap_or("/admin")).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie(&id, state.sessions.ttl, secure_cookies(&state))) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

#[derive(serde::Deserialize)]
pub struct Csrf {
    #[serde(default)]
    csrf: String,
}

/// `POST /admin/sign-out`: needs the session's CSRF token.
async fn sign_out(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<Csrf>,
) -> Response {
    if let Err(refused) = csrf_checked(&state, &headers, &form.csrf) {
        return refused.into_response();
    }
    if let Some(id) = session_id(&headers) {
        state.sessions.end(&id);
    }
    let mut response = Redirect::to("/admin").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie(
        "",
        std::time::Duration::ZERO,
        secure_cookies(&state),
    )) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// `GET /admin/audit`: what was done on the admin page and through the API,
/// newest first: times and actions, never whose data.
async fn audit_page(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let Some(csrf) = signed_in(&state, &headers) else {
        return Redirect::to("/admin").into_response();
    };
    let entries = state
        .db
        .run(|c| {
            let mut stmt =
                c.prepare("SELECT at, action, detail FROM audit_log ORDER BY id DESC LIMIT 500")?;
            let rows = stmt.query_map([], |r| Ok(vec![r.get(0)?, r.get(1)?, r.get(2)?]))?;
            rows.collect::<rusqlite::Result<Vec<Vec<String>>>>()
        })
        .await;
    match entries {
        Ok(rows) => html_response(
            StatusCode::OK,
            page(
                "Audit log",
                Some(&csrf),
                html! {
                    h1 { "Audit log" }
                    p { "Sign-ins, exports, erasures, retries and retention purges, newest first (the last 500)." }
                    (table("Admin actions", &["When (UTC)", "Action", "Detail"], &rows))
                },
            ),
        ),
        Err(e) => internal(e).into_response(),
    }
}

fn disabled() -> Response {
    html_response(
        StatusCode::NOT_FOUND,
        page(
            "Admin off",
            None,
            html! { h1 { "The admin page is off" } p { "Set ROLE_QUIZ_ADMIN_TOKEN (or ROLE_QUIZ_ADMIN_TOKEN_FILE) to turn it on." } },
        ),
    )
}

/// The overview's period.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Period {
    /// Where to go after signing in.
    next: Option<String>,
    days: Option<u32>,
    from: Option<String>,
    to: Option<String>,
}

fn day_of(ms: i64) -> String {
    rfc3339(ms)[..10].to_string()
}

fn is_day(s: &str) -> bool {
    s.len() == 10 && role_quiz_core::lead::is_timestamp(&format!("{s}T00:00:00Z"))
}

/// `GET /admin`: the overview when signed in, else the sign-in form.
async fn home(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(period): Query<Period>,
) -> Response {
    if state.admin_token.is_none() {
        return disabled();
    }
    let Some(csrf) = signed_in(&state, &headers) else {
        return sign_in_page(StatusCode::OK, None, period.next.as_deref());
    };
    let today = day_of(now_ms());
    let (from, to, days) = match (&period.from, &period.to) {
        (Some(f), Some(t)) if is_day(f) && is_day(t) && f <= t => (f.clone(), t.clone(), None),
        _ => {
            let days = period
                .days
                .filter(|d| [7, 30, 90].contains(d))
                .unwrap_or(30);
            (
                day_of(now_ms() - i64::from(days - 1) * 86_400_000),
                today.clone(),
                Some(days),
            )
        }
    };
    let (f, t) = (from.clone(), to.clone());
    let data = state
        .db
        .run(move |c| {
            let funnel = crate::funnel::summary(c, &f, &t)?;
            let until = format!("{t}T23:59:60Z");
            let group = |sql: &str| -> rusqlite::Result<Vec<(String, i64)>> {
                let mut stmt = c.prepare(sql)?;
                let rows = stmt.query_map(rusqlite::params![f, until], |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                        r.get(1)?,
                    ))
                })?;
                rows.collect()
            };
            let sources = group(
                "SELECT json_extract(body, '$.context.params.utm_source'), COUNT(*) FROM leads
                 WHERE received_at >= ?1 AND received_at <= ?2 AND json_valid(body)
                 GROUP BY 1 ORDER BY 2 DESC LIMIT 20",
            )?;
            Ok((funnel, sources))
        })
        .await;
    match data {
        Ok((funnel, sources)) => html_response(
            StatusCode::OK,
            page(
                "Overview",
                Some(&csrf),
                overview(&from, &to, days, &funnel, &sources),
            ),
        ),
        Err(e) => internal(e).into_response(),
    }
}

fn count(v: &Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or(0)
}

fn percent(part: i64, whole: i64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{}%", (part * 100 + whole / 2) / whole)
    }
}

fn overview(
    from: &str,
    to: &str,
    days: Option<u32>,
    funnel: &Value,
    sources: &[(String, i64)],
) -> Markup {
    let texts = texts_for("en");
    let steps = &funnel["steps"];
    let main_steps = [
        ("view", "Saw the widget"),
        ("start", "Started"),
        ("complete", "Finished"),
        ("lead", "Left details"),
    ];
    let views = count(steps, "view");
    let mut previous = views;
    let funnel_rows: Vec<Vec<String>> = main_steps
        .iter()
        .map(|(id, name)| {
            let n = count(steps, id);
            let row = vec![
                name.to_string(),
                n.to_string(),
                percent(n, previous),
                percent(n, views),
            ];
            previous = n;
            row
        })
        .collect();
    let funnel_bars: Vec<Bar> = main_steps
        .iter()
        .map(|(id, name)| Bar {
            label: name.to_string(),
            value: count(steps, id),
        })
        .collect();
    let daily = funnel["daily"].as_array().cloned().unwrap_or_default();
    let daily_bars: Vec<Bar> = daily
        .iter()
        .map(|d| Bar {
            label: d["day"].as_str().unwrap_or("").to_string(),
            value: count(d, "view"),
        })
        .collect();
    let daily_rows: Vec<Vec<String>> = daily
        .iter()
        .map(|d| {
            vec![
                d["day"].as_str().unwrap_or("").to_string(),
                count(d, "view").to_string(),
                count(d, "start").to_string(),
                count(d, "complete").to_string(),
                count(d, "lead").to_string(),
            ]
        })
        .collect();
    let questions = funnel["questions"].as_array().cloned().unwrap_or_default();
    let started = count(steps, "start");
    // Each statement by its number and text (the chart clips the text).
    let statement = |n: usize, q: &Value| {
        let id = q["id"].as_str().unwrap_or("");
        format!("{}. {}", n + 1, texts.item(id).unwrap_or(id))
    };
    let question_bars: Vec<Bar> = questions
        .iter()
        .enumerate()
        .map(|(n, q)| Bar {
            label: statement(n, q),
            value: count(q, "reached"),
        })
        .collect();
    let question_rows: Vec<Vec<String>> = questions
        .iter()
        .enumerate()
        .map(|(n, q)| {
            vec![
                statement(n, q),
                count(q, "reached").to_string(),
                percent(count(q, "reached"), started),
            ]
        })
        .collect();
    let band_name = |id: &str| {
        texts
            .band(id)
            .map_or(id.to_string(), |b| b.name.to_string())
    };
    let bands: Vec<(String, i64)> = funnel["bands"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|b| (band_name(b["id"].as_str().unwrap_or("")), count(b, "count")))
                .collect()
        })
        .unwrap_or_default();
    let perspective_name = |id: &str| match id {
        "holder" => texts.perspectives.holder.to_string(),
        "manager" => texts.perspectives.manager.to_string(),
        "hiring" => texts.perspectives.hiring.to_string(),
        _ => "Not given".to_string(),
    };
    let perspectives: Vec<(String, i64)> = funnel["perspectives"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        perspective_name(p["id"].as_str().unwrap_or("")),
                        count(p, "count"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let sources: Vec<(String, i64)> = sources
        .iter()
        .map(|(s, n)| {
            (
                if s.is_empty() {
                    "(none)".to_string()
                } else {
                    s.clone()
                },
                *n,
            )
        })
        .collect();
    let pages = funnel["pages"].as_array().cloned().unwrap_or_default();
    let page_rows: Vec<Vec<String>> = pages
        .iter()
        .map(|p| {
            vec![
                p["page"].as_str().unwrap_or("").to_string(),
                count(p, "view").to_string(),
                count(p, "lead").to_string(),
                percent(count(p, "lead"), count(p, "view")),
            ]
        })
        .collect();
    let compare_steps = [
        ("invite", "Opened the invitation to compare"),
        ("invitation_opened", "Invitations followed"),
        ("comparison_completed", "Comparisons finished"),
    ];
    let compare_rows: Vec<Vec<String>> = compare_steps
        .iter()
        .map(|(id, name)| vec![name.to_string(), count(steps, id).to_string()])
        .collect();
    let pairs = |list: &[(String, i64)]| -> (Vec<Bar>, Vec<Vec<String>>) {
        (
            list.iter()
                .map(|(l, n)| Bar {
                    label: l.clone(),
                    value: *n,
                })
                .collect(),
            list.iter()
                .map(|(l, n)| vec![l.clone(), n.to_string()])
                .collect(),
        )
    };
    let (band_bars, band_rows) = pairs(&bands);
    let (perspective_bars, perspective_rows) = pairs(&perspectives);
    let (source_bars, source_rows) = pairs(&sources);
    html! {
        h1 { "Overview" }
        nav class="periods" aria-label="Period" {
            @for d in [7u32, 30, 90] {
                a href={ "/admin?days=" (d) } aria-current=[(days == Some(d)).then_some("page")] { "Last " (d) " days" }
            }
            form method="get" action="/admin" class="custom" {
                label for="from" { "From" }
                input id="from" name="from" type="date" value=(from) required;
                label for="to" { "To" }
                input id="to" name="to" type="date" value=(to) required;
                button type="submit" { "Show" }
            }
        }
        p class="period" { "From " (from) " to " (to) " (UTC)." }
        section aria-labelledby="funnel" {
            h2 id="funnel" { "Funnel" }
            (bars(&funnel_bars))
            (table("Visitors at each step", &["Step", "Visitors", "Of the step before", "Of those who saw it"], &funnel_rows))
        }
        section aria-labelledby="trend" {
            h2 id="trend" { "Day by day" }
            (columns(&daily_bars))
            (table("Each day", &["Day", "Saw it", "Started", "Finished", "Left details"], &daily_rows))
        }
        section aria-labelledby="dropoff" {
            h2 id="dropoff" { "Drop-off by question" }
            (bars(&question_bars))
            (table("How many reached each statement", &["Statement", "Reached", "Of those who started"], &question_rows))
        }
        section aria-labelledby="bands" {
            h2 id="bands" { "Results" }
            (bars(&band_bars))
            (table("Results by band", &["Band", "Results"], &band_rows))
        }
        section aria-labelledby="perspectives" {
            h2 id="perspectives" { "Who answered" }
            (bars(&perspective_bars))
            (table("Results by perspective", &["Perspective", "Results"], &perspective_rows))
        }
        section aria-labelledby="sources" {
            h2 id="sources" { "Where leads came from" }
            (bars(&source_bars))
            (table("Leads by utm_source", &["Source", "Leads"], &source_rows))
            (table("Pages", &["Page", "Saw it", "Left details", "Conversion"], &page_rows))
        }
        section aria-labelledby="compare" {
            h2 id="compare" { "Comparisons" }
            (table("The comparison funnel", &["Step", "Count"], &compare_rows))
        }
    }
}
