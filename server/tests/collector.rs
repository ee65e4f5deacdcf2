//! The collector end to end over its router, on a temporary database.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use clap::Parser;
use common::*;
use role_quiz_server::webhook::Secret;
use role_quiz_server::{build, Settings};
use serde_json::{json, Value};

const SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

#[tokio::test]
async fn version_1_and_version_2_leads_are_stored_listed_and_exported_side_by_side() {
    let site = TempSite::new();
    let c = collector(&site, &["--min-fill-ms", "0"]);
    let v1: Value =
        serde_json::from_str(include_str!("../../tests/fixtures/lead-v1.json")).unwrap();
    let v2 = lead_v2(ID);
    assert!(
        v2["result"]["neighbour_band"].is_string(),
        "the v2 sample names a neighbour: {}",
        v2["result"]
    );
    for body in [&v1, &v2] {
        let answer = post_json(&c.router, body).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    }
    let mut bad = lead_v2("1b8e7a4c-1f2d-4e5a-9b6c-7d8e9f0a1b2c");
    bad["result"]["band_likelihood"] = Value::Null;
    let refused = post_json(&c.router, &bad).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a version 2 lead without its likelihood"
    );
    assert_eq!(refused.json()["problems"][0]["field"], "result");

    let listed = admin(&c.router, "/api/leads", Some(TOKEN)).await.json();
    let schemas: Vec<&str> = listed["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["lead"]["schema"].as_str().unwrap())
        .collect();
    assert_eq!(schemas, ["role-quiz.lead/1", "role-quiz.lead/2"]);
    assert_eq!(
        listed["leads"][0]["lead"]["comparison"]["disputed"],
        json!(["w1", "m2", "s3"])
    );

    let csv = admin(&c.router, "/api/leads.csv", Some(TOKEN)).await.body;
    let rows: Vec<Vec<String>> = csv
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.split("\",\"")
                .map(|c| c.trim_matches('"').to_string())
                .collect()
        })
        .collect();
    let column = |name: &str| {
        rows[0]
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][column("schema")], "role-quiz.lead/1");
    assert_eq!(rows[1][column("email")], "vera@example.com");
    assert_eq!(rows[1][column("band")], "strongly_sales");
    assert_eq!(
        rows[1][column("band_likelihood")],
        "",
        "version 1 leads have no likelihood"
    );
    assert_eq!(rows[1][column("alignment_band")], "misaligned");
    assert_eq!(rows[2][column("schema")], "role-quiz.lead/2");
    let likelihood: f64 = rows[2][column("band_likelihood")].parse().unwrap();
    assert!(likelihood > 0.2 && likelihood <= 1.0, "{likelihood}");
    assert_eq!(
        rows[2][column("neighbour_band")],
        v2["result"]["neighbour_band"].as_str().unwrap()
    );
}

#[tokio::test]
async fn a_valid_lead_is_stored_with_its_result() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let answer = post_json(&c.router, &lead(ID)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_eq!(
        answer.json(),
        json!({ "lead_id": ID, "status": "received" })
    );

    let listed = admin(&c.router, "/api/leads", Some(TOKEN)).await;
    assert_eq!(listed.status, StatusCode::OK);
    let leads = listed.json()["leads"].clone();
    assert_eq!(leads.as_array().unwrap().len(), 1);
    assert_eq!(leads[0]["lead"]["result"]["band"], "leans_sales");
    assert_eq!(leads[0]["lead"]["contact"]["email"], "ada@example.com");
    assert!(
        site.path().join("data/leads.sqlite3").is_file(),
        "the database file and its folder were created"
    );
}

#[tokio::test]
async fn the_same_lead_again_answers_as_the_first_time_and_a_different_one_is_refused() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let first = post_json(&c.router, &lead(ID)).await;
    let again = post_json(&c.router, &lead(ID)).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body, first.body);
    let mut changed = lead(ID);
    changed["contact"]["name"] = json!("Someone Else");
    let conflict = post_json(&c.router, &changed).await;
    assert_eq!(conflict.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(conflict.json()["error"], "lead_id_reused");
    let listed = admin(&c.router, "/api/leads", Some(TOKEN)).await.json();
    assert_eq!(
        listed["leads"].as_array().unwrap().len(),
        1,
        "exactly one lead stored"
    );
    assert_eq!(
        listed["leads"][0]["lead"]["contact"]["name"],
        "Ada Lovelace"
    );
}

#[tokio::test]
async fn each_invalid_field_is_named() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let cases: Vec<(&str, Value, &str)> = vec![
        ("contact.name", json!(""), "required"),
        ("contact.email", json!("ada@"), "invalid_email"),
        ("contact.company", json!("   "), "required"),
        ("contact.role_title", json!("t".repeat(121)), "too_long"),
        ("contact.phone", json!("call me"), "invalid_phone"),
        ("contact.message", json!("m".repeat(2001)), "too_long"),
    ];
    for (n, (field, value, code)) in cases.into_iter().enumerate() {
        let mut l = lead(&format!("0b8e7a4c-1f2d-4e5a-9b6c-7d8e9f0a1b{n:02}"));
        let key = field.strip_prefix("contact.").unwrap();
        l["contact"][key] = value;
        let answer = post_json(&c.router, &l).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(
            answer.json()["problems"],
            json!([{ "field": field, "code": code }]),
            "{field}"
        );
    }
    let mut no_consent = lead(ID);
    no_consent["consent"]["given"] = json!(false);
    let answer = post_json(&c.router, &no_consent).await;
    assert_eq!(
        answer.json()["problems"],
        json!([{ "field": "contact.consent", "code": "consent_required" }])
    );
    let mut bad_id = lead("not-a-uuid");
    bad_id["lead_id"] = json!("42");
    assert_eq!(
        post_json(&c.router, &bad_id).await.json()["problems"][0]["field"],
        "lead_id"
    );
    let listed = admin(&c.router, "/api/leads", Some(TOKEN)).await.json();
    assert_eq!(listed["leads"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn bad_requests_get_clear_answers() {
    let site = TempSite::new();
    let c = collector(&site, &["--max-body-bytes", "4096"]);

    let malformed = send(&c.router, post().body(Body::from("{\"schema\": ")).unwrap()).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.json()["error"], "malformed_json");

    let wrong_shape = send(
        &c.router,
        post().body(Body::from("{\"schema\": 5}")).unwrap(),
    )
    .await;
    assert_eq!(wrong_shape.status, StatusCode::UNPROCESSABLE_ENTITY);

    let mut big = lead(ID);
    big["contact"]["message"] = json!("x".repeat(5000));
    let too_big = post_json(&c.router, &big).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_big.json()["error"], "body_too_large");

    let form = Request::post("/api/leads")
        .header(header::HOST, "collector.test")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("name=x"))
        .unwrap();
    let wrong_type = send(&c.router, form).await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(wrong_type.json()["error"], "unsupported_media_type");

    let mismatched = send(
        &c.router,
        post()
            .header(
                "idempotency-key",
                "\"11111111-1111-4111-8111-111111111111\"",
            )
            .body(Body::from(lead(ID).to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(mismatched.status, StatusCode::BAD_REQUEST);
    let matching = send(
        &c.router,
        post()
            .header("idempotency-key", format!("\"{ID}\""))
            .body(Body::from(lead(ID).to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(matching.status, StatusCode::CREATED);
}

#[tokio::test]
async fn robots_are_refused_by_the_honeypot_and_the_minimum_time() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let mut filled = lead(ID);
    filled["form"]["honeypot"] = json!("http://spam.example");
    assert_eq!(
        post_json(&c.router, &filled).await.json()["error"],
        "looks_automated"
    );
    let mut fast = lead(ID);
    fast["form"]["elapsed_ms"] = json!(200);
    let answer = post_json(&c.router, &fast).await;
    assert_eq!(
        (answer.status, answer.json()["error"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("looks_automated"))
    );
    assert_eq!(
        post_json(&c.router, &lead(ID)).await.status,
        StatusCode::CREATED,
        "a person's lead with the same id still gets in"
    );
}

#[tokio::test]
async fn origins_are_checked_and_allowed_ones_get_cors_headers() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let from = |origin: &str| {
        post()
            .header(header::ORIGIN, origin)
            .body(Body::from(lead(ID).to_string()))
            .unwrap()
    };

    let evil = send(&c.router, from("https://evil.example")).await;
    assert_eq!(evil.status, StatusCode::FORBIDDEN);
    assert_eq!(evil.json()["error"], "origin_not_allowed");

    let same = send(&c.router, from("http://collector.test")).await;
    assert_eq!(
        same.status,
        StatusCode::CREATED,
        "same-origin is always allowed"
    );

    let preflight = Request::options("/api/leads")
        .header(header::HOST, "collector.test")
        .header(header::ORIGIN, "https://landing.example")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    let pre = send(&c.router, preflight).await;
    assert_eq!(
        pre.status,
        StatusCode::OK,
        "tower-http answers a preflight with 200"
    );
    assert_eq!(
        pre.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://landing.example"
    );
    assert!(pre.headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .contains("idempotency-key"));

    let listed = send(&c.router, from("https://landing.example")).await;
    assert_eq!(
        listed.status,
        StatusCode::OK,
        "the same lead again, from the landing page"
    );
    assert_eq!(
        listed.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://landing.example"
    );

    let evil_preflight = Request::options("/api/leads")
        .header(header::HOST, "collector.test")
        .header(header::ORIGIN, "https://evil.example")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    let pre = send(&c.router, evil_preflight).await;
    assert!(
        pre.headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none(),
        "no CORS grant for an origin that is not listed"
    );

    let listing = Request::get("/api/leads")
        .header(header::ORIGIN, "https://landing.example")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    let listing = send(&c.router, listing).await;
    assert_eq!(listing.status, StatusCode::OK);
    assert!(
        listing
            .headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none(),
        "the listings are never readable by a landing page's script"
    );
}

#[tokio::test]
async fn a_client_over_its_rate_is_told_to_wait() {
    let site = TempSite::new();
    let c = collector(&site, &["--rate-burst", "2", "--rate-refill-secs", "30"]);
    for n in 0..2 {
        let answer = post_json(
            &c.router,
            &lead(&format!("0b8e7a4c-1f2d-4e5a-9b6c-7d8e9f0a1c{n:02}")),
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED);
    }
    let limited = post_json(&c.router, &lead(ID)).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.json()["error"], "rate_limited");
    let wait: u64 = limited.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&wait));
}

#[tokio::test]
async fn the_listings_need_the_token_and_are_off_without_one() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    for path in ["/api/leads", "/api/leads.csv"] {
        let missing = admin(&c.router, path, None).await;
        assert_eq!(missing.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(missing.headers[header::WWW_AUTHENTICATE], "Bearer");
        assert_eq!(
            admin(&c.router, path, Some("wrong")).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    let site2 = TempSite::new();
    let args = [
        "x".to_string(),
        "--static-dir".into(),
        site2.path().display().to_string(),
        "--db".into(),
        site2.path().join("l.sqlite3").display().to_string(),
    ];
    let open = build(&Settings::parse_from(args)).unwrap();
    let disabled = admin(&open.router, "/api/leads.csv", Some("anything")).await;
    assert_eq!(disabled.status, StatusCode::NOT_FOUND);
    assert_eq!(disabled.json()["error"], "disabled");
}

#[tokio::test]
async fn hostile_values_are_neutralised_in_the_csv() {
    let site = TempSite::new();
    let c = collector(&site, &[]);
    let mut l = lead(ID);
    l["contact"]["name"] = json!("=HYPERLINK(\"http://evil.example\",\"click\")");
    l["contact"]["company"] = json!("@SUM(A1:A9)");
    l["contact"]["message"] = json!("+1 call me, \"now\"\r\nsecond line");
    l["context"]["params"]["utm_campaign"] = json!("-2+3");
    assert_eq!(post_json(&c.router, &l).await.status, StatusCode::CREATED);
    let csv = admin(&c.router, "/api/leads.csv", Some(TOKEN)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let body = csv
        .body
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for spreadsheet programs");
    let rows: Vec<&str> = body.split("\r\n").collect();
    assert!(rows[0].starts_with("\"received_at\",\"lead_id\",\"name\",\"email\""));
    assert!(
        body.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""),
        "{body}"
    );
    assert!(body.contains("\"'@SUM(A1:A9)\""));
    assert!(body.contains("\"'+1 call me, \"\"now\"\"\r\nsecond line\""));
    assert!(body.contains("\"'-2+3\""));
    assert!(body.contains("\"leans_sales\",\"78.0\""));
}

#[tokio::test]
async fn forwarding_is_signed_and_retried_until_the_receiver_accepts() {
    let (url, seen) = receiver(2).await;
    let site = TempSite::new();
    let c = collector_with_secret(
        &site,
        &["--forward-url", &url, "--forward-retry-ms", "50"],
        Some(SECRET),
    );
    let worker = run_forwarder(&c);

    assert_eq!(
        post_json(&c.router, &lead(ID)).await.status,
        StatusCode::CREATED
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while seen.lock().unwrap().calls.len() < 3 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    worker.stop().await;

    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.calls.len(),
        3,
        "two failures, one success, and nothing after it"
    );
    let secret = Secret::parse(SECRET).unwrap();
    for (headers, body) in &seen.calls {
        let id = headers["webhook-id"].to_str().unwrap();
        assert_eq!(id, format!("msg_{ID}"), "the id is the same on every retry");
        let ts: i64 = headers["webhook-timestamp"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(secret.verify(
            id,
            ts,
            body.as_bytes(),
            headers["webhook-signature"].to_str().unwrap()
        ));
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["type"], "lead.created");
        assert_eq!(event["data"]["lead_id"], ID);
        assert_eq!(event["data"]["result"]["band"], "leans_sales");
        assert_eq!(
            event["data"]["schema"], "role-quiz.lead/1",
            "a version 1 lead is forwarded as it came"
        );
    }
    let (headers, body) = &seen.calls[2];
    assert!(!secret.verify(
        "msg_other",
        0,
        body.as_bytes(),
        headers["webhook-signature"].to_str().unwrap()
    ));
}

#[tokio::test]
async fn queued_forwards_survive_a_restart() {
    let (url, seen) = receiver(0).await;
    let site = TempSite::new();
    // First life: the receiver address is wrong, so the lead stays queued.
    {
        let c = collector(
            &site,
            &[
                "--forward-url",
                "http://127.0.0.1:9/nowhere",
                "--forward-retry-ms",
                "60000",
            ],
        );
        let worker = run_forwarder(&c);
        assert_eq!(
            post_json(&c.router, &lead(ID)).await.status,
            StatusCode::CREATED
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        worker.stop().await;
    }
    // Second life, with the receiver back: the queued lead is delivered once
    // its retry time comes (set it due now by restarting with a short wait).
    let conn = rusqlite::Connection::open(site.path().join("data/leads.sqlite3")).unwrap();
    conn.execute("UPDATE forward_queue SET next_attempt_ms = 0", [])
        .unwrap();
    drop(conn);
    let c = collector(&site, &["--forward-url", &url, "--forward-retry-ms", "50"]);
    let worker = run_forwarder(&c);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while seen.lock().unwrap().calls.is_empty() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    worker.stop().await;
    assert_eq!(seen.lock().unwrap().calls.len(), 1);
}
