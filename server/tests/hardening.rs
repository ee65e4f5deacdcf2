//! The collector under the conditions of being exposed directly: odd
//! bodies, a busy database, forwarding after an outage, IPv6 clients,
//! fields nobody checked, and the headers every answer carries.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use base64::Engine;
use common::*;
use role_quiz_server::Collector;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A collector that takes leads as fast as the tests send them.
fn collector_with(site: &TempSite, extra: &[&str]) -> Collector {
    let mut args = vec!["--min-fill-ms", "0", "--rate-burst", "100"];
    args.extend_from_slice(extra);
    collector(site, &args)
}

fn id(n: u32) -> String {
    format!("0b8e7a4c-1f2d-4e5a-9b6c-{n:012}")
}

async fn post_raw(c: &Collector, body: String) -> Answer {
    send(&c.router, post().body(Body::from(body)).unwrap()).await
}

async fn listed(c: &Collector, path: &str) -> Value {
    let answer = admin(&c.router, path, Some(TOKEN)).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    answer.json()
}

/// The CSV listing as rows of cells (cells hold no `","` in these tests).
async fn csv_rows(c: &Collector) -> Vec<Vec<String>> {
    let csv = admin(&c.router, "/api/leads.csv", Some(TOKEN)).await.body;
    csv.trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.split("\",\"")
                .map(|c| c.trim_matches('"').to_string())
                .collect()
        })
        .collect()
}

// 3. A lead accepted with 201 is never blank in a listing.

#[tokio::test]
async fn odd_unknown_fields_never_leave_an_accepted_lead_blank() {
    let site = TempSite::new();
    let c = collector_with(&site, &[]);
    let plain = lead(ID).to_string();
    let with = |extra: &str| format!("{{{extra},{}", &plain[1..]);
    let deep = format!("\"deep\":{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let bodies = [
        with("\"huge\":1e400"),
        with("\"lone\":\"\\ud800\""),
        with(&deep),
    ];
    let mut accepted = 0;
    for (n, body) in bodies.into_iter().enumerate() {
        let body = body.replace(ID, &id(n as u32));
        let answer = post_raw(&c, body).await;
        assert!(
            answer.status == StatusCode::CREATED || answer.status.is_client_error(),
            "{n}: {} {}",
            answer.status,
            answer.body
        );
        if answer.status == StatusCode::CREATED {
            accepted += 1;
        }
    }
    let leads = listed(&c, "/api/leads").await["leads"].clone();
    let leads = leads.as_array().unwrap();
    assert_eq!(leads.len(), accepted);
    for l in leads {
        assert_eq!(l["lead"]["contact"]["email"], "ada@example.com", "{l}");
        let keys: Vec<&String> = l["lead"].as_object().unwrap().keys().collect();
        assert!(
            !keys
                .iter()
                .any(|k| ["huge", "lone", "deep"].contains(&k.as_str())),
            "unknown fields are dropped: {keys:?}"
        );
    }
    let rows = csv_rows(&c).await;
    assert_eq!(rows.len(), accepted + 1);
    assert!(
        rows[1..].iter().all(|r| r[3] == "ada@example.com"),
        "{rows:?}"
    );
}

#[tokio::test]
async fn a_stored_body_that_cannot_be_read_is_still_listed_from_its_columns() {
    let site = TempSite::new();
    let c = collector_with(&site, &[]);
    assert_eq!(
        post_json(&c.router, &lead(ID)).await.status,
        StatusCode::CREATED
    );
    // A row written by an earlier version, which kept the raw body.
    let db = rusqlite::Connection::open(site.path().join("data/leads.sqlite3")).unwrap();
    db.execute(
        "INSERT INTO leads (lead_id, received_at, body, body_sha256, response, name, email, company, role_title,
            phone, channel, message, consent_at, band, position, perspective, page_url)
         VALUES (?1, '2026-11-27T09:00:00Z', '{\"x\":1e400}', 'x', '{}', 'Legacy Lead', 'legacy@example.com',
            'Old Ltd', '', '', 'email', '', '2026-11-27T09:00:00Z', 'hybrid', 50.0, 'holder', '')",
        [id(77)],
    )
    .unwrap();
    let leads = listed(&c, "/api/leads").await["leads"].clone();
    let legacy = leads
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lead_id"] == id(77))
        .expect("the unreadable row is listed");
    assert_eq!(legacy["lead"]["contact"]["email"], "legacy@example.com");
    assert_eq!(legacy["lead"]["result"]["band"], "hybrid");
    assert_eq!(legacy["body_unreadable"], true);
    let rows = csv_rows(&c).await;
    assert!(
        rows.iter()
            .any(|r| r[2] == "Legacy Lead" && r[3] == "legacy@example.com"),
        "{rows:?}"
    );
}

#[tokio::test]
async fn forwarded_bodies_carry_the_validated_lead_only() {
    let (url, seen) = receiver(0).await;
    let site = TempSite::new();
    let c = collector_with(&site, &["--forward-url", &url, "--forward-retry-ms", "50"]);
    let worker = run_forwarder(&c);
    let plain = lead(ID).to_string();
    let body = format!("{{\"unknown\":{{\"a\":[1,2,3]}},{}", &plain[1..]);
    assert_eq!(post_raw(&c, body).await.status, StatusCode::CREATED);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while seen.lock().unwrap().calls.is_empty() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    worker.stop().await;
    let first_call = seen.lock().unwrap().calls[0].1.clone();
    let event: Value = serde_json::from_str(&first_call).unwrap();
    assert!(event["data"].get("unknown").is_none(), "{event}");
    let listed_lead = listed(&c, "/api/leads").await["leads"][0]["lead"].clone();
    assert_eq!(
        event["data"], listed_lead,
        "the receiver gets what the listing shows"
    );
}

// 6. Idempotency compares the lead, not its bytes.

#[tokio::test]
async fn the_same_lead_with_other_whitespace_or_an_upper_case_id_is_the_same_lead() {
    let site = TempSite::new();
    let c = collector_with(&site, &[]);
    let first = post_json(&c.router, &lead(ID)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let pretty = post_raw(&c, serde_json::to_string_pretty(&lead(ID)).unwrap()).await;
    assert_eq!(
        (pretty.status, pretty.body.as_str()),
        (StatusCode::OK, first.body.as_str())
    );
    let upper = ID.to_uppercase();
    let shouted = send(
        &c.router,
        post()
            .header("idempotency-key", upper.clone())
            .body(Body::from(lead(&upper).to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(shouted.status, StatusCode::OK, "{}", shouted.body);
    assert_eq!(shouted.json()["lead_id"], ID);
    let leads = listed(&c, "/api/leads").await["leads"].clone();
    assert_eq!(leads.as_array().unwrap().len(), 1);
    assert_eq!(leads[0]["lead_id"], ID);
    assert_eq!(leads[0]["lead"]["lead_id"], ID);
}

// 4. A busy database waits, then answers 503 with Retry-After.

#[tokio::test]
async fn a_write_lock_held_elsewhere_is_waited_for_then_answered_with_503() {
    let site = TempSite::new();
    let c = collector_with(&site, &["--db-busy-timeout", "400ms"]);
    let path = site.path().join("data/leads.sqlite3");

    // Held briefly: the submission waits for it and succeeds.
    let holder = std::thread::spawn({
        let path = path.clone();
        move || {
            let db = rusqlite::Connection::open(path).unwrap();
            db.execute_batch("BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS held (x);")
                .unwrap();
            std::thread::sleep(Duration::from_millis(150));
            db.execute_batch("COMMIT").unwrap();
        }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let waited = post_json(&c.router, &lead(&id(1))).await;
    holder.join().unwrap();
    assert_eq!(waited.status, StatusCode::CREATED, "{}", waited.body);

    // Held longer than the busy timeout: 503, and the client is told when to retry.
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch("BEGIN IMMEDIATE; INSERT INTO held VALUES (1);")
        .unwrap();
    let busy = post_json(&c.router, &lead(&id(2))).await;
    db.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        busy.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        busy.body
    );
    assert_eq!(busy.json()["error"], "database_busy");
    assert!(busy.headers.contains_key(header::RETRY_AFTER));
    let again = post_json(&c.router, &lead(&id(2))).await;
    assert_eq!(again.status, StatusCode::CREATED, "the retry gets in");
}

// 5. Forwarding: the backoff resets after a success, and attempts are capped.

#[tokio::test]
async fn a_success_resets_the_backoff_of_every_waiting_lead() {
    let (url, seen) = receiver(0).await;
    let site = TempSite::new();
    let c = collector_with(&site, &["--forward-url", &url, "--forward-retry-ms", "50"]);
    assert_eq!(
        post_json(&c.router, &lead(&id(1))).await.status,
        StatusCode::CREATED
    );
    // As after a long outage: ten failures, the next try an hour away.
    let db = rusqlite::Connection::open(site.path().join("data/leads.sqlite3")).unwrap();
    let hour_away = role_quiz_server::clock::now_ms() + 3_600_000;
    db.execute(
        "UPDATE forward_queue SET attempts = 10, next_attempt_ms = ?1, last_error = 'HTTP 503'",
        [hour_away],
    )
    .unwrap();
    let worker = run_forwarder(&c);
    assert_eq!(
        post_json(&c.router, &lead(&id(2))).await.status,
        StatusCode::CREATED
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while seen.lock().unwrap().calls.len() < 2 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    worker.stop().await;
    let ids: Vec<String> = seen
        .lock()
        .unwrap()
        .calls
        .iter()
        .map(|(h, _)| h["webhook-id"].to_str().unwrap().to_string())
        .collect();
    assert!(
        ids.contains(&format!("msg_{}", id(1))),
        "the waiting lead went out once the receiver was back: {ids:?}"
    );
}

#[tokio::test]
async fn a_lead_that_keeps_failing_is_given_up_visibly() {
    let (url, seen) = receiver(usize::MAX).await;
    let site = TempSite::new();
    let c = collector_with(
        &site,
        &[
            "--forward-url",
            &url,
            "--forward-retry-ms",
            "10",
            "--forward-max-attempts",
            "3",
        ],
    );
    let worker = run_forwarder(&c);
    assert_eq!(
        post_json(&c.router, &lead(ID)).await.status,
        StatusCode::CREATED
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    worker.stop().await;
    assert_eq!(
        seen.lock().unwrap().calls.len(),
        3,
        "three attempts, then no more"
    );
    let listed = listed(&c, "/api/leads").await;
    let forwarding = &listed["leads"][0]["forwarding"];
    assert_eq!(forwarding["state"], "given_up", "{listed}");
    assert_eq!(forwarding["attempts"], 3);
    assert_eq!(forwarding["last_error"], "HTTP 503");
    let health = send(
        &c.router,
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(
        health.json()["forwarding"]["given_up"],
        1,
        "{}",
        health.body
    );
    assert_eq!(health.json()["forwarding"]["waiting"], 0, "{}", health.body);
}

#[tokio::test]
async fn healthz_reports_the_forwarding_queue() {
    let site = TempSite::new();
    let c = collector_with(&site, &["--forward-url", "http://127.0.0.1:9/nowhere"]);
    assert_eq!(
        post_json(&c.router, &lead(ID)).await.status,
        StatusCode::CREATED
    );
    let health = send(
        &c.router,
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    let h = health.json();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["forwarding"]["waiting"], 1, "{h}");
    assert!(
        h["forwarding"]["oldest_waiting_secs"].as_u64().is_some(),
        "{h}"
    );
}

// 7. IPv6 clients are limited by their /64.

#[tokio::test]
async fn addresses_of_one_ipv6_slash_64_share_a_rate_limit() {
    let site = TempSite::new();
    let c = collector_with(
        &site,
        &[
            "--trusted-proxies",
            "192.0.2.10",
            "--rate-burst",
            "3",
            "--rate-refill-secs",
            "600",
        ],
    );
    let mut statuses = Vec::new();
    for n in 1..=10u32 {
        let answer = send(
            &c.router,
            post()
                .header("x-forwarded-for", format!("2001:db8:5:7::{n:x}"))
                .body(Body::from(lead(&id(n)).to_string()))
                .unwrap(),
        )
        .await;
        statuses.push(answer.status.as_u16());
    }
    assert_eq!(statuses, [201, 201, 201, 429, 429, 429, 429, 429, 429, 429]);
    let other = send(
        &c.router,
        post()
            .header("x-forwarded-for", "2001:db8:5:8::1")
            .body(Body::from(lead(&id(50)).to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(
        other.status,
        StatusCode::CREATED,
        "another /64 has its own allowance"
    );
}

// 8. Every field is checked against its domain.

#[tokio::test]
async fn fields_outside_their_domain_are_refused_by_name() {
    let site = TempSite::new();
    // Large enough that each case meets its domain check, not the size limit.
    let c = collector_with(&site, &["--max-body-bytes", "100000"]);
    let long = "x".repeat(20_000);
    let many: Vec<String> = (0..3000).map(|_| "title_mismatch".to_string()).collect();
    let cases: Vec<(&str, Value, &str)> = vec![
        ("/consent/text_version", json!(long), "consent.text_version"),
        ("/consent/at", json!("yesterday"), "consent.at"),
        ("/submitted_at", json!(long), "submitted_at"),
        ("/result/facets/0/id", json!(long), "result.facets"),
        ("/result/flags", json!(many), "result.flags"),
        ("/result/flags", json!(["no_such_flag"]), "result.flags"),
        ("/result/title", json!(long), "result.title"),
        ("/contact/name", json!("Ada\u{0}Lovelace"), "contact.name"),
        (
            "/contact/company",
            json!("Engines \u{202e}dtL"),
            "contact.company",
        ),
        (
            "/contact/message",
            json!("ring \u{7} now"),
            "contact.message",
        ),
        ("/context/referrer", json!("javascript:alert(1)"), "context"),
        ("/form/honeypot", json!(long), "form"),
    ];
    for (n, (pointer, value, field)) in cases.into_iter().enumerate() {
        let mut l = lead(&id(n as u32));
        *l.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer}")) = value;
        let answer = post_json(&c.router, &l).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{pointer}: {}",
            answer.body
        );
        let fields: Vec<String> = answer.json()["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["field"].as_str().unwrap().to_string())
            .collect();
        assert!(fields.contains(&field.to_string()), "{pointer}: {fields:?}");
    }
    let controls = post_json(&c.router, &{
        let mut l = lead(&id(90));
        l["contact"]["name"] = json!("Ada\u{0}Lovelace");
        l
    })
    .await;
    assert_eq!(controls.json()["problems"][0]["code"], "control_characters");
    let mut fine = lead(&id(99));
    fine["contact"]["message"] = json!("Two lines,\nand a tab\there.");
    fine["contact"]["name"] = json!("Zoë Łukasiewicz-Nakamura");
    assert_eq!(
        post_json(&c.router, &fine).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn formulas_hidden_behind_spaces_full_width_signs_or_invisible_prefixes_are_neutralised() {
    let site = TempSite::new();
    let c = collector_with(&site, &[]);
    let mut l = lead(ID);
    l["contact"]["name"] = json!(" =1+2");
    l["contact"]["company"] = json!("\u{ff1d}1+2");
    l["contact"]["role_title"] = json!("\u{200b}=1+2");
    l["context"]["params"]["utm_campaign"] = json!("\u{feff}@SUM(A1)");
    assert_eq!(post_json(&c.router, &l).await.status, StatusCode::CREATED);
    let rows = csv_rows(&c).await;
    let row = &rows[1];
    let column = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    for name in ["name", "company", "role_title", "utm_campaign"] {
        assert!(
            row[column(name)].starts_with('\''),
            "{name}: {:?}",
            row[column(name)]
        );
    }
}

// 2. The JSON listing pages with a cursor and filters by time.

#[tokio::test]
async fn the_json_listing_pages_with_a_cursor_and_filters_by_time() {
    let site = TempSite::new();
    let c = collector_with(&site, &[]);
    for n in 0..5 {
        assert_eq!(
            post_json(&c.router, &lead(&id(n))).await.status,
            StatusCode::CREATED
        );
    }
    let first = listed(&c, "/api/leads?limit=2").await;
    assert_eq!(first["leads"].as_array().unwrap().len(), 2);
    let mut seen: Vec<Value> = first["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["lead_id"].clone())
        .collect();
    let mut next = first["next_cursor"]
        .as_str()
        .expect("a cursor to the next page")
        .to_string();
    loop {
        let page = listed(&c, &format!("/api/leads?limit=2&after={next}")).await;
        seen.extend(
            page["leads"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["lead_id"].clone()),
        );
        match page["next_cursor"].as_str() {
            Some(n) => next = n.to_string(),
            None => break,
        }
    }
    assert_eq!(
        seen,
        (0..5).map(|n| json!(id(n))).collect::<Vec<_>>(),
        "each lead once, oldest first"
    );
    let future = listed(&c, "/api/leads?since=2999-01-01T00:00:00Z").await;
    assert_eq!(future["leads"].as_array().unwrap().len(), 0);
    let past = listed(&c, "/api/leads?since=2000-01-01T00:00:00Z").await;
    assert_eq!(past["leads"].as_array().unwrap().len(), 5);
    let bad = admin(&c.router, "/api/leads?since=last-tuesday", Some(TOKEN)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let bad = admin(&c.router, "/api/leads?after=%27%3B--", Some(TOKEN)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

// 9. Headers: listings are not cached; pages get a policy of their own.

#[tokio::test]
async fn the_streamed_csv_comes_through_compression_whole() {
    let site = TempSite::new();
    let c = collector_with(&site, &[]);
    for n in 0..3 {
        assert_eq!(
            post_json(&c.router, &lead(&id(n))).await.status,
            StatusCode::CREATED
        );
    }
    for encoding in ["br", "gzip", "identity"] {
        let request = Request::get("/api/leads.csv")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap();
        let answer = send(&c.router, request).await;
        assert_eq!(answer.status, StatusCode::OK, "{encoding}");
        assert!(!answer.body.is_empty(), "{encoding}");
    }
}

#[tokio::test]
async fn listings_are_never_cached() {
    let site = TempSite::new();
    let c = collector_with(&site, &[]);
    for path in ["/api/leads", "/api/leads.csv"] {
        let answer = admin(&c.router, path, Some(TOKEN)).await;
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store", "{path}");
    }
}

fn sha256_source(script: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()))
    )
}

#[tokio::test]
async fn pages_get_a_strict_policy_with_their_inline_scripts_hashed() {
    let site = TempSite::new();
    let module = "import init from \"/app.js\"; await init();";
    let preload = "window.roleQuizWasm = fetch(\"/app.wasm\");";
    std::fs::write(
        site.path().join("index.html"),
        format!("<!doctype html><script type=\"module\">{module}</script><script>{preload}</script><p>&lt;script&gt;not one&lt;/script&gt;</p>"),
    )
    .unwrap();
    std::fs::write(
        site.path().join("frame.html"),
        "<!doctype html><script type=\"module\" src=\"/frame.js\"></script>",
    )
    .unwrap();
    let c = collector_with(&site, &[]);
    let page = send(&c.router, Request::get("/").body(Body::empty()).unwrap()).await;
    let policy = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(policy.contains(&sha256_source(module)), "{policy}");
    assert!(policy.contains(&sha256_source(preload)), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("'wasm-unsafe-eval'"), "{policy}");
    assert_eq!(
        page.headers[header::REFERRER_POLICY],
        "strict-origin-when-cross-origin"
    );

    let frame = send(
        &c.router,
        Request::get("/frame.html").body(Body::empty()).unwrap(),
    )
    .await;
    let policy = frame.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        policy.contains("frame-ancestors 'self' https://landing.example"),
        "the iframe page stays frameable by the embedding origins: {policy}"
    );
    assert_eq!(
        frame.headers[header::REFERRER_POLICY],
        "strict-origin-when-cross-origin"
    );

    // The hostile-host demo page writes its own policy, and the same
    // Referrer-Policy as the rest.
    std::fs::write(
        site.path().join("hostile.html"),
        "<!doctype html><p>host</p>",
    )
    .unwrap();
    let hostile = send(
        &c.router,
        Request::get("/hostile.html")
            .header(header::HOST, "127.0.0.1:8080")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(hostile.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("script-src 'self' http://localhost:8080"));
    assert_eq!(
        hostile.headers[header::REFERRER_POLICY],
        "strict-origin-when-cross-origin"
    );
}

#[tokio::test]
async fn a_configured_public_origin_replaces_the_host_header() {
    let site = TempSite::new();
    let c = collector_with(&site, &["--public-url", "https://quiz.example/"]);
    let from = |origin: &str, host: &str, n: u32| {
        post()
            .header(header::ORIGIN, origin)
            .header(header::HOST, host)
            .body(Body::from(lead(&id(n)).to_string()))
            .unwrap()
    };
    let own = send(&c.router, from("https://quiz.example", "10.0.0.5:8080", 1)).await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.body);
    let spoofed = send(&c.router, from("https://evil.example", "evil.example", 2)).await;
    assert_eq!(
        spoofed.status,
        StatusCode::FORBIDDEN,
        "a Host header proves nothing"
    );
}

#[tokio::test]
async fn built_files_are_served_precompressed_and_hashed_names_are_kept_for_good() {
    let site = TempSite::new();
    let wasm = "role-quiz-0123456789abcdef_bg.wasm";
    std::fs::write(site.path().join(wasm), "the module itself").unwrap();
    // The build writes these beside each file; the bytes stand in for the
    // compressed module, so the test can tell which file was sent.
    std::fs::write(site.path().join(format!("{wasm}.br")), "brotli bytes").unwrap();
    std::fs::write(site.path().join(format!("{wasm}.gz")), "gzip bytes").unwrap();
    std::fs::write(site.path().join("embed.js"), "// names the hashed files").unwrap();
    let c = collector_with(&site, &[]);
    let get = |path: &str, encodings: &str| {
        Request::get(path)
            .header(header::ACCEPT_ENCODING, encodings)
            .body(Body::empty())
            .unwrap()
    };

    let module = send(&c.router, get(&format!("/{wasm}"), "gzip, deflate, br")).await;
    assert_eq!(module.status, StatusCode::OK);
    assert_eq!(module.headers[header::CONTENT_ENCODING], "br");
    assert_eq!(module.body, "brotli bytes");
    assert_eq!(
        module.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(module.headers[header::VARY], "accept-encoding");
    let gzip = send(&c.router, get(&format!("/{wasm}"), "gzip")).await;
    assert_eq!(gzip.headers[header::CONTENT_ENCODING], "gzip");
    assert_eq!(gzip.body, "gzip bytes");
    let plain = send(&c.router, get(&format!("/{wasm}"), "identity")).await;
    assert!(!plain.headers.contains_key(header::CONTENT_ENCODING));
    assert_eq!(plain.body, "the module itself");

    // Files without a hash in their name change under it with a release.
    for path in ["/embed.js", "/"] {
        let answer = send(&c.router, get(path, "br")).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-cache", "{path}");
    }
    let missing = send(&c.router, get("/role-quiz-fedcba9876543210.js", "br")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(!missing.headers.contains_key(header::CACHE_CONTROL));
}
