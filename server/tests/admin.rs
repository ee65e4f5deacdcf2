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
            "Who answered (leads)",
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
