//! Funnel counts: reports counted per day, summed for a period; reports
//! that must not count (privacy signal, crawlers) or must be refused.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use role_quiz_core::content::BANK;
use role_quiz_server::privacy::Retention;
use role_quiz_server::Collector;
use serde_json::{json, Value};

const BROWSER: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

fn report(step: &str, detail: &str) -> Value {
    json!({
        "step": step,
        "detail": detail,
        "perspective": if step == "complete" { "manager" } else { "" },
        "page": "https://landing.example/quiz",
        "utm": { "utm_source": "news" },
        "instance": "default",
        "bank_version": BANK.version,
    })
}

async fn send_report(c: &Collector, body: String, headers: &[(&str, &str)]) -> Answer {
    let mut r = Request::post("/api/events")
        .header(header::HOST, "collector.test")
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8");
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    send(&c.router, r.body(Body::from(body)).unwrap()).await
}

async fn from_browser(c: &Collector, value: &Value) -> StatusCode {
    send_report(c, value.to_string(), &[("user-agent", BROWSER)])
        .await
        .status
}

async fn summary(c: &Collector) -> Value {
    let answer = admin(&c.router, "/api/funnel", Some(TOKEN)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.json()
}

#[tokio::test]
async fn reports_are_counted_per_step_question_band_source_and_page() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let first = BANK.items[0].id;
    let second = BANK.items[1].id;
    for (step, detail, times) in [
        ("view", "", 3),
        ("start", "", 2),
        ("question", first, 2),
        ("question", second, 1),
        ("complete", "hybrid", 1),
        ("lead", "", 1),
    ] {
        for _ in 0..times {
            assert_eq!(
                from_browser(&c, &report(step, detail)).await,
                StatusCode::NO_CONTENT
            );
        }
    }
    let s = summary(&c).await;
    assert_eq!(s["steps"]["view"], 3);
    assert_eq!(s["steps"]["start"], 2);
    assert_eq!(s["steps"]["complete"], 1);
    assert_eq!(s["steps"]["lead"], 1);
    assert_eq!(s["steps"]["invite"], 0);
    assert_eq!(s["questions"][0], json!({ "id": first, "reached": 2 }));
    assert_eq!(s["questions"][1], json!({ "id": second, "reached": 1 }));
    assert_eq!(
        s["questions"][2]["reached"], 0,
        "drop-off after the second question"
    );
    assert_eq!(s["perspectives"][1], json!({ "id": "manager", "count": 1 }));
    let hybrid = s["bands"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "hybrid")
        .unwrap();
    assert_eq!(hybrid["count"], 1);
    assert_eq!(s["sources"][0]["utm_source"], "news");
    assert_eq!(s["sources"][0]["view"], 3);
    assert_eq!(s["pages"][0]["page"], "https://landing.example/quiz");
    assert_eq!(s["daily"].as_array().unwrap().len(), 1);
    assert_eq!(s["daily"][0]["start"], 2);

    // Counts only: no row holds more than the report's fields.
    let db = rusqlite::Connection::open(site.path().join("data/leads.sqlite3")).unwrap();
    let rows: i64 = db
        .query_row("SELECT COUNT(*) FROM funnel_counts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 6, "one row per step and detail, not per report");
}

#[tokio::test]
async fn privacy_signals_and_crawlers_are_answered_but_not_counted() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let body = report("view", "").to_string();
    let gpc = send_report(
        &c,
        body.clone(),
        &[("user-agent", BROWSER), ("sec-gpc", "1")],
    )
    .await;
    assert_eq!(gpc.status, StatusCode::NO_CONTENT);
    let bot = send_report(
        &c,
        body.clone(),
        &[("user-agent", "Mozilla/5.0 (compatible; Googlebot/2.1)")],
    )
    .await;
    assert_eq!(bot.status, StatusCode::NO_CONTENT);
    let anonymous = send_report(&c, body, &[]).await;
    assert_eq!(anonymous.status, StatusCode::NO_CONTENT);
    assert_eq!(summary(&c).await["steps"]["view"], 0);
}

#[tokio::test]
async fn oversized_malformed_or_out_of_domain_reports_are_refused() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let mut big = report("view", "");
    big["instance"] = json!("x".repeat(3000));
    let cases: Vec<(String, StatusCode, &str)> = vec![
        (
            big.to_string(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
        ),
        (
            "{\"step\":".into(),
            StatusCode::BAD_REQUEST,
            "malformed_report",
        ),
        (
            {
                let mut r = report("view", "");
                r["email"] = json!("ada@example.com");
                r.to_string()
            },
            StatusCode::BAD_REQUEST,
            "malformed_report",
        ),
        (
            {
                let mut r = report("view", "");
                r["page"] = json!("https://landing.example/?email=ada@example.com");
                r.to_string()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_report",
        ),
        (
            {
                let mut r = report("view", "");
                r["utm"]["utm_campaign"] = json!("ada@example.com");
                r.to_string()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_report",
        ),
        (
            report("question", "nope").to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_report",
        ),
    ];
    for (body, status, code) in cases {
        let answer = send_report(&c, body.clone(), &[("user-agent", BROWSER)]).await;
        assert_eq!(
            (answer.status, answer.json()["error"].as_str()),
            (status, Some(code)),
            "{body:.80}"
        );
    }
    let foreign = send_report(
        &c,
        report("view", "").to_string(),
        &[("user-agent", BROWSER), ("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(
        foreign.status,
        StatusCode::NO_CONTENT,
        "answered, not counted"
    );
    assert_eq!(summary(&c).await["steps"]["view"], 0);
    let bad_period = admin(
        &c.router,
        "/api/funnel?from=2026-12-01&to=2026-11-01",
        Some(TOKEN),
    )
    .await;
    assert_eq!(bad_period.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        admin(&c.router, "/api/funnel", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn old_counts_follow_the_retention_period() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    assert_eq!(
        from_browser(&c, &report("view", "")).await,
        StatusCode::NO_CONTENT
    );
    let retention = Retention {
        db: c.state.db.clone(),
        keep: Duration::from_secs(30 * 24 * 3600),
    };
    let now = role_quiz_server::clock::now_ms();
    retention.purge(now).await.unwrap();
    assert_eq!(summary(&c).await["steps"]["view"], 1, "recent counts stay");
    retention.purge(now + 31 * 24 * 3600 * 1000).await.unwrap();
    let db = rusqlite::Connection::open(site.path().join("data/leads.sqlite3")).unwrap();
    let rows: i64 = db
        .query_row("SELECT COUNT(*) FROM funnel_counts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn a_database_made_by_the_previous_version_gains_the_funnel_counts() {
    let site = TempSite::new();
    previous_version_db(&site.path().join("data/leads.sqlite3"), 4);
    let c = collector(&site, &[]);
    assert_eq!(
        from_browser(&c, &report("start", "")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(summary(&c).await["steps"]["start"], 1);
    let listed = admin(&c.router, "/api/leads", Some(TOKEN)).await.json();
    assert_eq!(listed["leads"][0]["lead_id"], ID, "and keeps its lead");
}
