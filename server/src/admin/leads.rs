//! The admin page's leads: a searchable, filterable list (newest first, a
//! page at a time), the CSV of what the filter shows, each lead's page with
//! its result drawn as the visitor saw it, "retry now" for its forwarding,
//! and erasure of a person's data.

use std::sync::Arc;

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use role_quiz_core::content::{texts_for, BANK};
use role_quiz_core::drawing::{demand_point, Spectrum, DEMAND_LEFT, DEMAND_SIZE};
use role_quiz_core::template::points;
use serde_json::Value;

use super::{csrf_checked, html_response, page, signed_in};
use crate::clock::now_ms;
use crate::db::{self, Filter, ListedLead};
use crate::error::internal;
use crate::AppState;

/// Leads per page of the list.
const PAGE: i64 = 50;

/// The list's query string.
#[derive(Debug, Default, Clone, serde::Deserialize, serde::Serialize)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub band: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub forwarding: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub after: i64,
}

const FORWARDING: [(&str, &str); 4] = [
    ("delivered", "Delivered"),
    ("waiting", "Waiting"),
    ("given_up", "Given up"),
    ("off", "Not forwarded"),
];

impl ListQuery {
    /// The database filter: unknown values are ignored, never passed on.
    fn filter(&self) -> Filter {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let day = |s: &str| super::is_day(s).then(|| s.to_string());
        Filter {
            search: some(&self.q).map(|s| s.chars().take(100).collect()),
            band: BANK
                .bands
                .iter()
                .find(|b| b.id == self.band)
                .map(|b| b.id.to_string()),
            source: some(&self.source).map(|s| s.chars().take(100).collect()),
            forwarding: FORWARDING
                .iter()
                .find(|(id, _)| *id == self.forwarding)
                .map(|(id, _)| id.to_string()),
            since: day(&self.from).map(|d| format!("{d}T00:00:00Z")),
            until: day(&self.to).map(|d| format!("{d}T23:59:60Z")),
            newest_first: true,
        }
    }

    /// This query as a URL query string, with `after` replaced.
    fn with_after(&self, after: i64) -> String {
        let q = ListQuery {
            after,
            ..self.clone()
        };
        serde_urlencoded_string(&q)
    }
}

fn serde_urlencoded_string(q: &ListQuery) -> String {
    let pairs = [
        ("q", q.q.as_str()),
        ("band", q.band.as_str()),
        ("source", q.source.as_str()),
        ("forwarding", q.forwarding.as_str()),
        ("from", q.from.as_str()),
        ("to", q.to.as_str()),
    ];
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        out.append_pair(k, v);
    }
    if q.after > 0 {
        out.append_pair("after", &q.after.to_string());
    }
    out.finish()
}

fn band_name(id: &str) -> String {
    texts_for("en")
        .band(id)
        .map_or(id.to_string(), |b| b.name.to_string())
}

fn forwarding_name(lead: &ListedLead) -> &'static str {
    match lead.forwarding.as_ref().map(|f| f.state()) {
        Some("delivered") => "Delivered",
        Some("given_up") => "Given up",
        Some(_) => "Waiting",
        None => "Not forwarded",
    }
}

/// `GET /admin/leads`.
pub async fn list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    let Some(csrf) = signed_in(&state, &headers) else {
        return Redirect::to("/admin").into_response();
    };
    let filter = query.filter();
    let after = query.after.max(0);
    let rows = state
        .db
        .run(move |c| {
            db::leads_page(
                c,
                &db::Page {
                    filter,
                    ..db::Page::new(after, PAGE + 1)
                },
            )
        })
        .await;
    let mut rows = match rows {
        Ok(rows) => rows,
        Err(e) => return internal(e).into_response(),
    };
    let more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let next = more.then(|| rows.last().map(|r| r.row)).flatten();
    let body = html! {
        h1 { "Leads" }
        form method="get" action="/admin/leads" class="filters" aria-label="Filter the leads" {
            div { label for="q" { "Name, e-mail or company" } input id="q" name="q" type="search" value=(query.q); }
            div {
                label for="band" { "Band" }
                select id="band" name="band" {
                    option value="" { "Any" }
                    @for b in BANK.bands.iter() {
                        option value=(b.id) selected[query.band == b.id] { (band_name(b.id)) }
                    }
                }
            }
            div { label for="source" { "Source (utm_source)" } input id="source" name="source" value=(query.source); }
            div {
                label for="forwarding" { "Forwarding" }
                select id="forwarding" name="forwarding" {
                    option value="" { "Any" }
                    @for (id, name) in FORWARDING {
                        option value=(id) selected[query.forwarding == id] { (name) }
                    }
                }
            }
            div { label for="from" { "From" } input id="from" name="from" type="date" value=(query.from); }
            div { label for="to" { "To" } input id="to" name="to" type="date" value=(query.to); }
            div class="actions" { button type="submit" { "Apply" } }
        }
        p {
            a href={ "/admin/leads.csv?" (query.with_after(0)) } { "Download these leads as CSV" }
        }
        (super::charts::scrolling("Leads, newest first", html! {
        table {
            caption { "Leads, newest first" }
            thead { tr { th scope="col" { "Received" } th scope="col" { "Name" } th scope="col" { "Company" } th scope="col" { "Band" } th scope="col" { "Forwarding" } } }
            tbody {
                @for r in &rows {
                    tr {
                        td class="date" { (r.received_at.replace('T', " ").trim_end_matches('Z')) }
                        th scope="row" { a href={ "/admin/leads/" (r.lead_id) } { (r.columns.name) } }
                        td { (r.columns.company) }
                        td { (band_name(&r.columns.band)) }
                        td { (forwarding_name(r)) }
                    }
                }
                @if rows.is_empty() { tr { td colspan="5" { "No lead matches." } } }
            }
        }
        }))
        @if let Some(next) = next {
            p { a href={ "/admin/leads?" (query.with_after(next)) } { "Older leads" } }
        }
    };
    html_response(StatusCode::OK, page("Leads", Some(&csrf), body))
}

/// `GET /admin/leads.csv`: the CSV of what the filter shows.
pub async fn csv(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    if signed_in(&state, &headers).is_none() {
        return Redirect::to("/admin").into_response();
    }
    let db = state.db.clone();
    let _ = db
        .run(|c| crate::privacy::audit(c, "csv export", "from the leads list"))
        .await;
    match crate::api::csv_download(state, query.filter()) {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

fn spectrum(position: f64, low: f64, high: f64) -> Markup {
    let g = Spectrum::new(&BANK, position, low, high);
    let colours = ["#1d4f91", "#5b84c4", "#8a8f98", "#d08a3e", "#b45309"];
    html! {
        svg class="picture" viewBox="0 0 320 50" role="img"
            aria-label={ "Position " (points(position)) " from 0 (marketing) to 100 (sales), between " (points(low)) " and " (points(high)) } {
            @for (n, b) in g.bands.iter().enumerate() {
                rect x=(b.x) y="18" width=(b.width) height="14" fill=(colours[n % colours.len()]) opacity="0.35" {}
            }
            rect x=(g.interval.x) y="12" width=(g.interval.width) height="26" rx="3" fill="#1d4f91" opacity="0.25" {}
            line x1=(g.marker) x2=(g.marker) y1="6" y2="44" stroke="#1b2430" stroke-width="2" {}
            circle cx=(g.marker) cy="25" r="6" fill="#fff" stroke="#1b2430" stroke-width="2" {}
        }
    }
}

fn demand_map(marketing: f64, sales: f64) -> Markup {
    let (x, y) = demand_point(marketing, sales);
    let half = DEMAND_SIZE / 2.0;
    html! {
        svg class="picture small" viewBox="0 0 120 120" role="img"
            aria-label={ "Marketing demand " (points(marketing)) ", sales demand " (points(sales)) } {
            rect x=(DEMAND_LEFT) y=(DEMAND_LEFT) width=(DEMAND_SIZE) height=(DEMAND_SIZE) fill="#f4f6f9" stroke="#8a8f98" stroke-width="0.5" {}
            line x1=(DEMAND_LEFT + half) x2=(DEMAND_LEFT + half) y1=(DEMAND_LEFT) y2=(DEMAND_LEFT + DEMAND_SIZE) stroke="#8a8f98" stroke-width="0.5" {}
            line x1=(DEMAND_LEFT) x2=(DEMAND_LEFT + DEMAND_SIZE) y1=(DEMAND_LEFT + half) y2=(DEMAND_LEFT + half) stroke="#8a8f98" stroke-width="0.5" {}
            circle cx=(x) cy=(y) r="5" fill="#fff" stroke="#1b2430" stroke-width="2" {}
        }
    }
}

fn perspective_name(id: &str) -> String {
    let p = texts_for("en").perspectives;
    match id {
        "holder" => p.holder,
        "manager" => p.manager,
        "hiring" => p.hiring,
        other => other,
    }
    .to_string()
}

/// The comparison as the two people saw it: both positions on one
/// spectrum, and the findings in a table.
fn comparison(cmp: &Value) -> Markup {
    let num = |v: &Value| v.as_f64().unwrap_or(0.0);
    let (first, second) = (num(&cmp["first_position"]), num(&cmp["second_position"]));
    let (a, b) = (
        Spectrum::new(&BANK, first, first, first),
        Spectrum::new(&BANK, second, second, second),
    );
    let who = |key: &str| perspective_name(&text(&cmp[key]));
    let texts = texts_for("en");
    // A list of ids by their names, "None" when empty, and "Not recorded"
    // when the lead's version had no such list.
    let named = |key: &str, name: &dyn Fn(&str) -> Option<String>| -> String {
        cmp[key]
            .as_array()
            .map(|ids| {
                ids.iter()
                    .map(|id| {
                        let id = text(id);
                        name(&id).unwrap_or(id)
                    })
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .map_or_else(not_recorded, none_if_empty)
    };
    let statements = |key: &str| named(key, &|id| texts.item(id).map(str::to_string));
    let facets = |key: &str| named(key, &|id| texts.facet(id).map(|f| f.name.to_string()));
    // Whether a difference is beyond what the answers' noise explains: the
    // comparison's own judgement, shown beside the number it judges.
    let beyond_noise = |key: &str| match cmp[key].as_bool() {
        Some(true) => " (beyond noise)",
        Some(false) => " (within noise)",
        None => "",
    };
    let rows = vec![
        vec![
            "Alignment".to_string(),
            format!(
                "{} ({})",
                points(num(&cmp["alignment"])),
                text(&cmp["band"])
            ),
        ],
        vec![who("first_perspective"), points(first)],
        vec![who("second_perspective"), points(second)],
        vec![
            "Positions differ".to_string(),
            yes_no(
                &cmp["position_gap_real"],
                "Yes, beyond noise",
                "No, within noise",
                NOT_RECORDED,
            ),
        ],
        vec![
            "Level difference (steps)".to_string(),
            match cmp["level_difference"].as_f64() {
                Some(steps) => format!("{steps}{}", beyond_noise("level_difference_real")),
                None => not_recorded(),
            },
        ],
        vec![
            "Agree on how success is measured".to_string(),
            yes_no(&cmp["agree_on_measurement"], "Yes", "No", NOT_RECORDED),
        ],
        vec![
            "Agree those are the right measures".to_string(),
            yes_no(
                &cmp["agree_on_right_measures"],
                "Yes",
                "No",
                "Not known: one of them did not answer, or is unsure",
            ),
        ],
        vec![
            "Worth talking through".to_string(),
            statements(if cmp.get("talk_through").is_some() {
                "talk_through"
            } else {
                "disputed"
            }),
        ],
        vec!["Facets that differ".to_string(), facets("facet_gaps")],
    ];
    html! {
        section aria-labelledby="comparison" {
            h2 id="comparison" { "Comparison" }
            svg class="picture" viewBox="0 0 320 50" role="img"
                aria-label={ (who("first_perspective")) " at " (points(first)) ", " (who("second_perspective")) " at " (points(second)) ", from 0 (marketing) to 100 (sales)" } {
                @for b in &a.bands {
                    rect x=(b.x) y="20" width=(b.width) height="10" fill="#8a8f98" opacity="0.25" {}
                }
                circle cx=(a.marker) cy="25" r="6" fill="#1d4f91" {}
                rect x=(b.marker - 5.0) y="20" width="10" height="10" fill="#b45309" transform={ "rotate(45 " (b.marker) " 25)" } {}
            }
            (super::charts::table("The comparison", &["Finding", "Value"], &rows))
        }
    }
}

/// A yes-or-no finding in words, and what a lead without it means.
fn yes_no(v: &Value, yes: &str, no: &str, missing: &str) -> String {
    match v.as_bool() {
        Some(true) => yes,
        Some(false) => no,
        None => missing,
    }
    .to_string()
}

/// A contact detail, or that the visitor left it out (an empty field reads
/// as a fault on the page).
fn given(v: &Value) -> String {
    let value = text(v);
    if value.trim().is_empty() {
        "Not given".to_string()
    } else {
        value
    }
}

/// What a version 1 lead did not record.
const NOT_RECORDED: &str = "Not recorded";

fn not_recorded() -> String {
    NOT_RECORDED.to_string()
}

fn none_if_empty(list: String) -> String {
    if list.is_empty() {
        "None".to_string()
    } else {
        list
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `GET /admin/leads/{id}`.
pub async fn show(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Some(csrf) = signed_in(&state, &headers) else {
        // Signing in comes back here (the link in a lead's e-mail).
        let next: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("next", &format!("/admin/leads/{}", id.to_ascii_lowercase()))
            .finish();
        return Redirect::to(&format!("/admin?{next}")).into_response();
    };
    let wanted = id.to_ascii_lowercase();
    let found = state
        .db
        .run(move |c| {
            let row: Option<i64> = c
                .query_row(
                    "SELECT rowid FROM leads WHERE lead_id = ?1",
                    [&wanted],
                    |r| r.get(0),
                )
                .ok();
            match row {
                None => Ok(None),
                Some(row) => Ok(db::leads_page(c, &db::Page::new(row - 1, 1))?
                    .into_iter()
                    .next()),
            }
        })
        .await;
    let lead = match found {
        Ok(Some(lead)) => lead,
        Ok(None) => {
            return html_response(
                StatusCode::NOT_FOUND,
                page(
                    "Not found",
                    Some(&csrf),
                    html! { h1 { "No such lead" } p { a href="/admin/leads" { "Back to the leads" } } },
                ),
            )
        }
        Err(e) => return internal(e).into_response(),
    };
    let entry = crate::api::listing_entry(&lead);
    let l = &entry["lead"];
    let c = &l["contact"];
    let r = &l["result"];
    let num = |v: &Value| v.as_f64().unwrap_or(0.0);
    let texts = texts_for("en");
    let body = html! {
        p { a href="/admin/leads" { "← All leads" } }
        h1 { (text(&c["name"])) }
        section aria-labelledby="contact" {
            h2 id="contact" { "Contact" }
            dl {
                dt { "E-mail" } dd { (text(&c["email"])) }
                dt { "Company" } dd { (given(&c["company"])) }
                dt { "Role title" } dd { (given(&c["role_title"])) }
                dt { "Phone" } dd { (given(&c["phone"])) }
                dt { "Prefers" } dd { (given(&c["preferred_channel"])) }
                dt { "Message" } dd class="message" { (given(&c["message"])) }
                dt { "Received" } dd { (lead.received_at) }
                dt { "Page" } dd { (text(&l["context"]["page_url"])) }
            }
        }
        section aria-labelledby="result" {
            h2 id="result" { "Result: " (band_name(&text(&r["band"]))) }
            (spectrum(num(&r["position"]), num(&r["low"]).min(num(&r["position"])), num(&r["high"]).max(num(&r["position"]))))
            p { "Position " (points(num(&r["position"]))) " (" (points(num(&r["low"]))) " to " (points(num(&r["high"]))) "), from 0 (marketing) to 100 (sales)." }
            (demand_map(num(&r["marketing_demand"]), num(&r["sales_demand"])))
            p { "Marketing demand " (points(num(&r["marketing_demand"]))) ", sales demand " (points(num(&r["sales_demand"]))) "." }
            (super::charts::scrolling("Facets", html! {
            table {
                caption { "Facets" }
                thead { tr { th scope="col" { "Facet" } th scope="col" { "Position" } th scope="col" { "Interval" } } }
                tbody {
                    @for f in r["facets"].as_array().cloned().unwrap_or_default() {
                        tr {
                            th scope="row" { (texts.facet(&text(&f["id"])).map_or(text(&f["id"]), |t| t.name.to_string())) }
                            td { (points(num(&f["position"]))) }
                            td { (points(num(&f["low"]))) "–" (points(num(&f["high"]))) }
                        }
                    }
                }
            }
            }))
        }
        @if let Some(cmp) = l.get("comparison") {
            (comparison(cmp))
        }
        section aria-labelledby="forwarding" {
            h2 id="forwarding" { "Forwarding and e-mail" }
            @match &lead.forwarding {
                None => p { "Not forwarded (no webhook configured when it arrived)." },
                Some(f) => {
                    p { (forwarding_name(&lead)) ", " (f.attempts) " attempts" @if let Some(e) = &f.last_error { ", last: " (e) } "." }
                    @if f.delivered_at.is_none() {
                        form method="post" action={ "/admin/leads/" (lead.lead_id) "/retry" } {
                            input type="hidden" name="csrf" value=(csrf);
                            button type="submit" { "Retry now" }
                        }
                    }
                }
            }
            @for m in &lead.mail {
                p { "E-mail to the " (m.kind) ": " (m.state()) @if let Some(e) = &m.last_error { " (" (e) ")" } }
            }
        }
        section aria-labelledby="erase" {
            h2 id="erase" { "Erase this person's data" }
            form method="post" action="/admin/erasure" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="email" value=(text(&c["email"]));
                div class="check" {
                    input id="confirm" type="checkbox" name="confirm" value="yes" required;
                    label for="confirm" { "Delete every lead of " (text(&c["email"])) " and everything queued for them" }
                }
                button type="submit" { "Erase" }
            }
        }
    };
    html_response(StatusCode::OK, page("Lead", Some(&csrf), body))
}

#[derive(serde::Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /admin/leads/{id}/retry`: forwarding due now, given up or not.
pub async fn retry(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Err(refused) = csrf_checked(&state, &headers, &form.csrf) {
        return refused.into_response();
    }
    let lead_id = id.to_ascii_lowercase();
    let back = format!("/admin/leads/{lead_id}");
    let done = state
        .db
        .run(move |c| {
            let retried = db::retry_forward(c, &lead_id, now_ms())?;
            if retried {
                crate::privacy::audit(c, "retry", "a lead's forwarding made due now")?;
            }
            Ok(retried)
        })
        .await;
    match done {
        Ok(_) => {
            state.forward_wake.notify_one();
            Redirect::to(&back).into_response()
        }
        Err(e) => internal(e).into_response(),
    }
}

#[derive(serde::Deserialize)]
pub struct ErasureForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /admin/erasure`: a person's data, after the box is ticked.
pub async fn erase(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<ErasureForm>,
) -> Response {
    let csrf = match csrf_checked(&state, &headers, &form.csrf) {
        Ok(csrf) => csrf,
        Err(refused) => return refused.into_response(),
    };
    if form.confirm != "yes" || !role_quiz_core::contact::is_valid_email(form.email.trim()) {
        return (
            StatusCode::BAD_REQUEST,
            "tick the box to confirm the erasure",
        )
            .into_response();
    }
    let email = form.email.trim().to_string();
    match state
        .db
        .run(move |c| crate::privacy::erase(c, &email))
        .await
    {
        Ok(removed) => html_response(
            StatusCode::OK,
            page(
                "Erased",
                Some(&csrf),
                html! {
                    h1 { "Erased" }
                    p role="status" { (removed.leads) " leads, " (removed.forwards) " queued forwards, " (removed.mails) " e-mails and " (removed.counters) " counters were removed." }
                    p { a href="/admin/leads" { "Back to the leads" } }
                },
            ),
        ),
        Err(e) => internal(e).into_response(),
    }
}
