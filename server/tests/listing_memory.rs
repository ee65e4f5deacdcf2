//! The listings' memory stays flat as leads grow: 100,000 stored leads are
//! exported as CSV and paged through as JSON while the process's peak
//! resident memory (`VmHWM`) is watched.
//!
//! Alone in its own test binary, so no other test's memory shows up in the
//! figures.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use tower::ServiceExt;

const LEADS: u32 = 100_000;

/// Peak resident memory of this process so far, in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status")
}

/// Reads a listing frame by frame without keeping it; returns (bytes, status, body of small answers).
async fn drain(router: &axum::Router, path: &str) -> (usize, StatusCode, String) {
    let mut request = Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            [192, 0, 2, 10],
            40000,
        ))));
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let mut body = response.into_body();
    let (mut bytes, mut kept) = (0, String::new());
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            bytes += data.len();
            if kept.len() < 1_000_000 {
                kept.push_str(&String::from_utf8_lossy(&data));
            }
        }
    }
    (bytes, status, kept)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exporting_and_paging_100_000_leads_keeps_memory_flat() {
    let site = TempSite::new();
    let c = collector(&site, &["--min-fill-ms", "0"]);
    let first = send(
        &c.router,
        post().body(Body::from(lead(ID).to_string())).unwrap(),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    // Copy the stored lead 99,999 times straight into the database, each
    // under its own id, as if that many visitors had sent one.
    {
        let db = rusqlite::Connection::open(site.path().join("data/leads.sqlite3")).unwrap();
        db.execute_batch("BEGIN").unwrap();
        let mut copy = db
            .prepare(
                "INSERT INTO leads (lead_id, received_at, body, body_sha256, response, name, email, company, role_title,
                    phone, channel, message, consent_at, band, position, perspective, page_url)
                 SELECT ?1, received_at, replace(body, lead_id, ?1), body_sha256, response, name, email, company, role_title,
                    phone, channel, message, consent_at, band, position, perspective, page_url FROM leads WHERE lead_id = ?2",
            )
            .unwrap();
        for n in 1..LEADS {
            copy.execute([format!("0b8e7a4c-1f2d-4e5a-9b6c-{n:012}"), ID.to_string()])
                .unwrap();
        }
        drop(copy);
        db.execute_batch("COMMIT").unwrap();
    }
    let before = peak_kib();

    let (bytes, status, _) = drain(&c.router, "/api/leads.csv").await;
    assert_eq!(status, StatusCode::OK);
    let after_csv = peak_kib();

    let mut cursor: Option<String> = None;
    let mut listed = 0usize;
    loop {
        let path = match &cursor {
            Some(after) => format!("/api/leads?limit=1000&after={after}"),
            None => "/api/leads?limit=1000".to_string(),
        };
        let (_, status, body) = drain(&c.router, &path).await;
        assert_eq!(status, StatusCode::OK, "{}", &body[..body.len().min(300)]);
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        listed += page["leads"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    let after_json = peak_kib();
    println!(
        "listing memory: {LEADS} leads, CSV {:.1} MB; peak RSS {:.1} MB before, {:.1} MB after the CSV, {:.1} MB after paging the JSON",
        bytes as f64 / 1e6,
        before as f64 / 1024.0,
        after_csv as f64 / 1024.0,
        after_json as f64 / 1024.0
    );
    assert_eq!(listed, LEADS as usize, "every lead, once");
    assert!(
        bytes > (LEADS as usize) * 300,
        "the CSV holds every lead: {bytes} bytes"
    );
    assert!(
        after_csv - before < 48 * 1024,
        "the CSV export raised peak memory by {} MB",
        (after_csv - before) / 1024
    );
    assert!(
        after_json - before < 48 * 1024,
        "paging the JSON raised peak memory by {} MB",
        (after_json - before) / 1024
    );
}
