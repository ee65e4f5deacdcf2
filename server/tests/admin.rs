//! The admin page: signing in and out, sessions, CSRF, and the overview.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use role_quiz_server::Collector;

async fn get_page(c: &Collector, path: &str, cookie: Option<&str>) -> Answer {
    let mut r = Request::get(path).header(header::HOST, "collector.test");
    if let Some(cookie) = cookie {
        r = r.header(header::COOKIE, cookie);
    }
    send(&c.router, r.body(Body::empty()).unwrap()).await
}

async fn post_form(c: &Collector, path: &str, form: &str, extra: &[(&str, &str)]) -> Answer {
    let mut r = Request::post(path)
        .header(header::HOST, "collector.test")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (k, v) in extra {
        r = r.header(*k, *v);
    }
    send(&c.router, r.body(Body::from(form.to_string())).unwrap()).await
}

/// Signs in; returns the session cookie (`name=value`).
async fn sign_in(c: &Collector) -> String {
    let answer = post_form(c, "/admin/sign-in", &format!("secret={TOKEN}"), &[]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let set = answer.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    set.split(';').next().unwrap().to_string()
}

fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSRF field")
        .to_string()
}

#[tokio::test]
async fn signing_in_takes_the_secret_and_gives_a_strict_session_cookie() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let form = get_page(&c, "/admin", None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("type=\"password\""), "{}", form.body);
    let policy = form.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        policy.contains("default-src 'none'") && !policy.contains("unsafe-inline"),
        "{policy}"
    );
    assert_eq!(form.headers[header::CACHE_CONTROL], "no-store");

    let wrong = post_form(&c, "/admin/sign-in", "secret=guess", &[]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("That is not the admin secret."));
    assert!(!wrong.headers.contains_key(header::SET_COOKIE));

    let answer = post_form(&c, "/admin/sign-in", &format!("secret={TOKEN}"), &[]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.headers[header::LOCATION], "/admin");
    let set = answer.headers[header::SET_COOKIE].to_str().unwrap();
    for part in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/admin",
        "Max-Age=28800",
    ] {
        assert!(set.contains(part), "{set}");
    }
    assert!(!set.contains("Secure"), "plain HTTP on loopback");
    let cookie = set.split(';').next().unwrap();
    let overview = get_page(&c, "/admin", Some(cookie)).await;
    assert!(
        overview.body.contains("<h1>Overview</h1>"),
        "{}",
        overview.body
    );

    let foreign = post_form(
        &c,
        "/admin/sign-in",
        &format!("secret={TOKEN}"),
        &[("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(
        foreign.status,
        StatusCode::FORBIDDEN,
        "no sign-in from another site's form"
    );

    let audit = admin(&c.router, "/api/audit", Some(TOKEN)).await.json();
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["sign-in", "sign-in refused"]);

    let https = collector(&TempSite::new(), &["--public-url", "https://quiz.example"]);
    let answer = post_form(
        &https,
        "/admin/sign-in",
        &format!("secret={TOKEN}"),
        &[("origin", "https://quiz.example")],
    )
    .await;
    assert!(answer.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .ends_with("; Secure"));
}

#[tokio::test]
async fn sign_in_attempts_are_limited() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(
            post_form(&c, "/admin/sign-in", "secret=guess", &[])
                .await
                .status
                .as_u16(),
        );
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429]);
    let right = post_form(&c, "/admin/sign-in", &format!("secret={TOKEN}"), &[]).await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right secret waits"
    );
}

#[tokio::test]
async fn signing_out_needs_the_csrf_token_and_ends_the_session() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let cookie = sign_in(&c).await;
    let overview = get_page(&c, "/admin", Some(&cookie)).await;
    let csrf = csrf_of(&overview.body);
    let forged = post_form(&c, "/admin/sign-out", "", &[("cookie", &cookie)]).await;
    assert_eq!(
        forged.status,
        StatusCode::FORBIDDEN,
        "no action without the token"
    );
    let wrong = post_form(&c, "/admin/sign-out", "csrf=abc", &[("cookie", &cookie)]).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let out = post_form(
        &c,
        "/admin/sign-out",
        &format!("csrf={csrf}"),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let after = get_page(&c, "/admin", Some(&cookie)).await;
    assert!(
        after.body.contains("Sign in"),
        "the old cookie no longer works"
    );
    assert!(!after.body.contains("Overview"));
}

#[tokio::test]
async fn a_session_expires() {
    let site = TempSite::new();
    let c = collector(&site, &["--admin-session", "1s"]);
    let cookie = sign_in(&c).await;
    assert!(get_page(&c, "/admin", Some(&cookie))
        .await
        .body
        .contains("Overview"));
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let later = get_page(&c, "/admin", Some(&cookie)).await;
    assert!(later.body.contains("Admin secret") && !later.body.contains("Overview"));
}

#[tokio::test]
async fn the_overview_shows_the_period_and_without_a_token_the_page_is_off() {
    let site = TempSite::new();
    let c = collector(&site, &["--min-fill-ms", "0"]);
    let mut l = lead_v2(ID);
    l["contact"]["name"] = serde_json::json!("<script>alert(1)</script>");
    assert_eq!(post_json(&c.router, &l).await.status, StatusCode::CREATED);
    let cookie = sign_in(&c).await;
    for path in [
        "/admin?days=7",
        "/admin?days=90",
        "/admin?from=2026-01-01&to=2026-12-31",
        "/admin?from=bad&to=x",
    ] {
        let page = get_page(&c, path, Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for heading in [
            "Funnel",
            "Day by day",
            "Drop-off by question",
            "Results",
            "Who answered",
            "Where leads came from",
            "Comparisons",
        ] {
            assert!(page.body.contains(heading), "{path}: {heading}");
        }
        assert!(
            !page.body.contains("style="),
            "no style attributes under the policy"
        );
        assert!(!page.body.contains("<script"), "no script at all");
    }
    let page = get_page(&c, "/admin?days=7", Some(&cookie)).await;
    assert!(
        page.body.contains("aria-current=\"page\">Last 7 days"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("I manage this role"),
        "the lead's perspective is counted"
    );

    let off_site = TempSite::new();
    let off = collector_configured(&off_site, &[], |s| s.admin_token = None);
    let answer = get_page(&off, "/admin", None).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(answer.body.contains("ROLE_QUIZ_ADMIN_TOKEN"));
}

async fn overview_csrf(c: &Collector, cookie: &str) -> String {
    csrf_of(&get_page(c, "/admin", Some(cookie)).await.body)
}

fn person(n: u32, name: &str, email: &str) -> serde_json::Value {
    let mut l = lead_v2(&format!("0b8e7a4c-1f2d-4e5a-9b6c-{n:012}"));
    l["contact"]["name"] = serde_json::json!(name);
    l["contact"]["email"] = serde_json::json!(email);
    l
}

#[tokio::test]
async fn the_leads_list_searches_filters_pages_and_exports_what_it_shows() {
    let site = TempSite::new();
    let c = collector(&site, &["--min-fill-ms", "0"]);
    for (n, name, email) in [
        (1, "Ada Lovelace", "ada@example.com"),
        (2, "Grace Hopper", "grace@example.com"),
        (3, "Alan Turing", "alan@example.com"),
    ] {
        assert_eq!(
            post_json(&c.router, &person(n, name, email)).await.status,
            StatusCode::CREATED
        );
    }
    let mut old = lead(&format!("0b8e7a4c-1f2d-4e5a-9b6c-{:012}", 4));
    old["contact"]["name"] = serde_json::json!("Vera Version-One");
    old["result"]["band"] = serde_json::json!("strongly_sales");
    assert_eq!(post_json(&c.router, &old).await.status, StatusCode::CREATED);
    let cookie = sign_in(&c).await;

    let all = get_page(&c, "/admin/leads", Some(&cookie)).await;
    assert_eq!(all.status, StatusCode::OK);
    let order: Vec<usize> = [
        "Vera Version-One",
        "Alan Turing",
        "Grace Hopper",
        "Ada Lovelace",
    ]
    .iter()
    .map(|n| all.body.find(n).unwrap_or_else(|| panic!("{n} listed")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first");

    let grace = get_page(&c, "/admin/leads?q=grace", Some(&cookie))
        .await
        .body;
    assert!(grace.contains("Grace Hopper") && !grace.contains("Ada Lovelace"));
    let by_band = get_page(&c, "/admin/leads?band=strongly_sales", Some(&cookie))
        .await
        .body;
    assert!(
        by_band.contains("Vera Version-One") && !by_band.contains("Grace Hopper"),
        "{by_band}"
    );
    for hostile in ["%25", "_", "%27%20OR%201%3D1%20--", "%5C"] {
        let page = get_page(&c, &format!("/admin/leads?q={hostile}"), Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{hostile}");
        assert!(
            page.body.contains("No lead matches."),
            "{hostile} is taken literally"
        );
    }
    let off = get_page(&c, "/admin/leads?forwarding=off", Some(&cookie))
        .await
        .body;
    assert!(off.contains("Ada Lovelace"), "nothing is forwarded here");
    assert!(
        get_page(&c, "/admin/leads?forwarding=waiting", Some(&cookie))
            .await
            .body
            .contains("No lead matches.")
    );

    let csv = get_page(
        &c,
        "/admin/leads.csv?q=a&band=strongly_sales",
        Some(&cookie),
    )
    .await;
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let rows: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        rows.len(),
        2,
        "the header and the one lead the filter shows: {rows:?}"
    );
    assert!(rows[1].contains("Vera Version-One"));
    assert_eq!(
        get_page(&c, "/admin/leads.csv", None).await.status,
        StatusCode::SEE_OTHER,
        "signed in only"
    );
}

#[tokio::test]
async fn a_leads_page_draws_its_result_and_retries_its_forwarding() {
    let site = TempSite::new();
    let c = collector(
        &site,
        &[
            "--min-fill-ms",
            "0",
            "--forward-url",
            "http://127.0.0.1:9/hook",
        ],
    );
    let l = person(1, "Ada <b>Lovelace</b>", "ada@example.com");
    let id = l["lead_id"].as_str().unwrap().to_string();
    assert_eq!(post_json(&c.router, &l).await.status, StatusCode::CREATED);
    let db = rusqlite::Connection::open(site.path().join("data/leads.sqlite3")).unwrap();
    db.execute(
        "UPDATE forward_queue SET given_up_at = '2026-11-28T00:00:00Z', attempts = 20, next_attempt_ms = 0",
        [],
    )
    .unwrap();
    let cookie = sign_in(&c).await;
    let page = get_page(
        &c,
        &format!("/admin/leads/{}", id.to_uppercase()),
        Some(&cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Ada &lt;b&gt;Lovelace&lt;/b&gt;"),
        "escaped"
    );
    let r = &l["result"];
    let g = role_quiz_core::drawing::Spectrum::new(
        &role_quiz_core::content::BANK,
        r["position"].as_f64().unwrap(),
        r["low"].as_f64().unwrap(),
        r["high"].as_f64().unwrap(),
    );
    assert!(
        page.body
            .contains(&format!("circle cx=\"{}\" cy=\"25\"", g.marker)),
        "the marker where the widget draws it"
    );
    assert!(page.body.contains("Given up, 20 attempts"), "{}", page.body);
    assert!(page.body.contains("Retry now"));
    assert_eq!(
        get_page(
            &c,
            "/admin/leads/0b8e7a4c-0000-4e5a-9b6c-000000000000",
            Some(&cookie)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    let path = format!("/admin/leads/{id}/retry");
    let forged = post_form(&c, &path, "", &[("cookie", &cookie)]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let csrf = overview_csrf(&c, &cookie).await;
    let retried = post_form(&c, &path, &format!("csrf={csrf}"), &[("cookie", &cookie)]).await;
    assert_eq!(retried.status, StatusCode::SEE_OTHER);
    let (given_up, due): (Option<String>, i64) = db
        .query_row(
            "SELECT given_up_at, next_attempt_ms FROM forward_queue",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(given_up, None, "back in the queue");
    assert!(due > 0);
    let audit = admin(&c.router, "/api/audit", Some(TOKEN)).await.json();
    assert_eq!(audit["entries"][0]["action"], "retry");
    let page = get_page(&c, "/admin/audit", Some(&cookie)).await.body;
    let (retry, sign_in) = (
        page.find(">retry<").unwrap(),
        page.find(">sign-in<").unwrap(),
    );
    assert!(
        retry < sign_in,
        "the audit log on the admin page, newest first"
    );
    assert!(!page.contains("ada@example.com"));
}

/// The value beside `finding` in a lead page's comparison table.
fn comparison_cell(body: &str, finding: &str) -> String {
    let table = &body[body.find("The comparison").expect("a comparison")..];
    let at = table
        .find(&format!(">{finding}</th>"))
        .unwrap_or_else(|| panic!("{finding} in {table}"));
    let cell = &table[at..];
    let start = cell.find("<td").unwrap();
    let start = start + cell[start..].find('>').unwrap() + 1;
    cell[start..start + cell[start..].find("</td>").unwrap()].to_string()
}

/// A comparison's findings read as words on the lead's page, each difference
/// with the comparison's judgement of it, and a version 1 lead says what it
/// did not record.
#[tokio::test]
async fn a_leads_page_states_the_comparison_in_words() {
    use role_quiz_core::alignment::compare;
    use role_quiz_core::content::BANK;
    use role_quiz_core::lead::ComparisonSummary;
    use role_quiz_core::session::{MeasuresView, Perspective, Respondent};

    let site = TempSite::new();
    let c = collector(&site, &["--min-fill-ms", "0"]);
    // The holder reads the role as sales through and through, the manager
    // as marketing: far apart, and neither says the measures are right.
    let leaning = |sales: u8, marketing: u8| -> Vec<Option<u8>> {
        BANK.items
            .iter()
            .map(|i| {
                Some(if i.key() == role_quiz_core::Pole::Sales {
                    sales
                } else {
                    marketing
                })
            })
            .collect()
    };
    let (holder, manager) = (
        Respondent {
            perspective: Perspective::Holder,
            measures: Some(MeasuresView::Wrong),
            answers: leaning(5, 1),
        },
        Respondent {
            perspective: Perspective::Manager,
            measures: Some(MeasuresView::Unsure),
            answers: leaning(1, 5),
        },
    );
    let comparison = compare(&BANK, &holder, &manager).unwrap();
    let summary = ComparisonSummary::new(&BANK, &comparison, &holder, &manager);
    let mut l = person(7, "Grace Hopper", "grace@example.com");
    l["comparison"] = serde_json::to_value(&summary).unwrap();
    let id = l["lead_id"].as_str().unwrap().to_string();
    assert_eq!(post_json(&c.router, &l).await.status, StatusCode::CREATED);
    let mut old = lead("0b8e7a4c-1f2d-4e5a-9b6c-000000000099");
    old["comparison"] = serde_json::json!({
        "alignment": 68.8, "band": "misaligned", "first_perspective": "holder",
        "second_perspective": "manager", "first_position": 81.3, "second_position": 40.6,
        "disputed": [BANK.items[0].id], "agree_on_measurement": false, "agree_on_right_measures": true
    });
    assert_eq!(post_json(&c.router, &old).await.status, StatusCode::CREATED);
    let cookie = sign_in(&c).await;

    let page = get_page(&c, &format!("/admin/leads/{id}"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let row = |finding: &str| comparison_cell(&page.body, finding);
    assert_eq!(row("Positions differ"), "Yes, beyond noise");
    // Both use the whole scale alike, so their levels do not differ.
    assert!(!comparison.level.is_real());
    assert_eq!(
        row("Level difference (steps)"),
        format!("{} (within noise)", summary.level_difference.unwrap())
    );
    assert_eq!(row("Agree on how success is measured"), "No");
    assert_eq!(
        row("Agree those are the right measures"),
        "Not known: one of them did not answer, or is unsure"
    );
    let facets = row("Facets that differ");
    let texts = role_quiz_core::content::texts_for("en");
    assert!(!facets.is_empty() && facets != "None");
    for id in summary.facet_gaps.as_ref().unwrap() {
        assert!(
            facets.contains(texts.facet(id).unwrap().name),
            "{id} by name in {facets}"
        );
    }
    assert!(!page.body.contains(">false<") && !page.body.contains(">true<"));
    assert!(
        page.body.contains("<dt>Phone</dt><dd>Not given</dd>"),
        "a detail left out says so: {}",
        page.body
    );

    let page = get_page(
        &c,
        "/admin/leads/0b8e7a4c-1f2d-4e5a-9b6c-000000000099",
        Some(&cookie),
    )
    .await;
    let row = |finding: &str| comparison_cell(&page.body, finding);
    assert_eq!(row("Positions differ"), "Not recorded");
    assert_eq!(row("Level difference (steps)"), "Not recorded");
    assert_eq!(row("Facets that differ"), "Not recorded");
    assert_eq!(row("Agree on how success is measured"), "No");
    assert_eq!(
        row("Worth talking through"),
        texts.item(BANK.items[0].id).unwrap()
    );
}

#[tokio::test]
async fn a_person_is_erased_from_the_page_only_when_confirmed() {
    let site = TempSite::new();
    let c = collector(&site, &["--min-fill-ms", "0"]);
    assert_eq!(
        post_json(&c.router, &person(1, "Ada", "ada@example.com"))
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(
        post_json(&c.router, &person(2, "Grace", "grace@example.com"))
            .await
            .status,
        StatusCode::CREATED
    );
    let cookie = sign_in(&c).await;
    let csrf = overview_csrf(&c, &cookie).await;
    let unconfirmed = post_form(
        &c,
        "/admin/erasure",
        &format!("csrf={csrf}&email=ada%40example.com"),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(unconfirmed.status, StatusCode::BAD_REQUEST);
    let forged = post_form(
        &c,
        "/admin/erasure",
        "email=ada%40example.com&confirm=yes",
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let done = post_form(
        &c,
        "/admin/erasure",
        &format!("csrf={csrf}&email=ada%40example.com&confirm=yes"),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.body.contains("1 leads"), "{}", done.body);
    let listed = admin(&c.router, "/api/leads", Some(TOKEN)).await.json();
    assert_eq!(listed["leads"].as_array().unwrap().len(), 1);
    assert_eq!(listed["leads"][0]["lead"]["contact"]["name"], "Grace");
}

#[tokio::test]
async fn the_link_in_a_leads_e_mail_comes_back_to_it_after_signing_in_and_nowhere_else() {
    let site = TempSite::new();
    let c = collector(&site, &["--min-fill-ms", "0"]);
    let path = format!("/admin/leads/{ID}");
    let signed_out = get_page(&c, &path, None).await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
    let to = signed_out.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(to, format!("/admin?next=%2Fadmin%2Fleads%2F{ID}"));
    let form = get_page(&c, &to, None).await;
    assert!(
        form.body
            .contains(&format!("name=\"next\" value=\"{path}\"")),
        "{}",
        form.body
    );
    let back = post_form(
        &c,
        "/admin/sign-in",
        &format!("secret={TOKEN}&next=%2Fadmin%2Fleads%2F{ID}"),
        &[],
    )
    .await;
    assert_eq!(back.headers[header::LOCATION].to_str().unwrap(), path);
    for elsewhere in [
        "https%3A%2F%2Fevil.example%2F",
        "%2F%2Fevil.example",
        "%2Fadmin%5C%5Cevil.example",
        "%2Fnot-admin",
    ] {
        let answer = post_form(
            &c,
            "/admin/sign-in",
            &format!("secret={TOKEN}&next={elsewhere}"),
            &[],
        )
        .await;
        assert_eq!(answer.headers[header::LOCATION], "/admin", "{elsewhere}");
    }
}
