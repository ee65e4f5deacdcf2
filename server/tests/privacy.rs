//! Personal data: erasure leaves no trace, an export matches what is
//! stored, retention deletes by age, and every action is audited without
//! naming anyone.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use role_quiz_server::privacy::{address_hash, Retention};
use role_quiz_server::Collector;
use serde_json::{json, Value};

fn id(n: u32) -> String {
    format!("0b8e7a4c-1f2d-4e5a-9b6c-{n:012}")
}

/// A collector that queues forwards and e-mails (to places that never
/// answer, so everything stays queued).
fn queuing(site: &TempSite) -> Collector {
    collector_configured(
        site,
        &[
            "--min-fill-ms",
            "0",
            "--rate-burst",
            "100",
            "--forward-url",
            "http://127.0.0.1:9/hook",
            "--mail-from",
            "leads@consultancy.example",
            "--notify-to",
            "team@consultancy.example",
        ],
        |s| s.smtp_url = Some("smtp://127.0.0.1:9?tls=none".into()),
    )
}

fn person_lead(n: u32, email: &str) -> Value {
    let mut l = lead_v2(&id(n));
    l["contact"]["email"] = json!(email);
    l["email_result"] = json!(true);
    l
}

async fn admin_post(c: &Collector, path: &str, body: Value, token: Option<&str>) -> Answer {
    let mut r = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(&c.router, r.body(Body::from(body.to_string())).unwrap()).await
}

/// Every cell of every table, as text, for searching for traces.
fn every_cell(path: &std::path::Path) -> Vec<String> {
    let db = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut cells = Vec::new();
    for table in tables {
        let mut stmt = db.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for n in 0..columns {
                let v: rusqlite::types::Value = row.get(n).unwrap();
                cells.push(format!("{table}: {v:?}").to_lowercase());
            }
        }
    }
    cells
}

/// Whether the database file or its write-ahead log holds `text` anywhere.
fn file_holds(site: &TempSite, text: &str) -> bool {
    ["leads.sqlite3", "leads.sqlite3-wal"].iter().any(|file| {
        let bytes = std::fs::read(site.path().join("data").join(file)).unwrap_or_default();
        String::from_utf8_lossy(&bytes)
            .to_lowercase()
            .contains(text)
    })
}

#[tokio::test]
async fn an_erasure_removes_every_trace_of_the_person_and_nothing_else() {
    let site = TempSite::new();
    let c = queuing(&site);
    for (n, email) in [
        (1, "ada@example.com"),
        (2, "Ada@Example.com"),
        (3, "grace@example.com"),
    ] {
        let answer = post_json(&c.router, &person_lead(n, email)).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    }
    let refused = admin_post(
        &c,
        "/api/erasure",
        json!({ "email": "ada@example.com" }),
        None,
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(
        file_holds(&site, "ada@example.com"),
        "the files hold the address before the erasure"
    );
    let bad = admin_post(
        &c,
        "/api/erasure",
        json!({ "email": "not an address" }),
        Some(TOKEN),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let answer = admin_post(
        &c,
        "/api/erasure",
        json!({ "email": " ADA@example.com " }),
        Some(TOKEN),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(
        answer.json()["removed"],
        json!({ "leads": 2, "forwards": 2, "mails": 4, "counters": 1 })
    );

    let cells = every_cell(&site.path().join("data/leads.sqlite3"));
    for trace in [
        "ada@example.com",
        &address_hash("ada@example.com"),
        &id(1),
        &id(2),
    ] {
        let found: Vec<&String> = cells
            .iter()
            .filter(|c| c.contains(&trace.to_lowercase()))
            .collect();
        assert!(found.is_empty(), "{trace} still in {found:?}");
    }
    assert!(
        cells.iter().any(|c| c.contains("grace@example.com")),
        "others stay"
    );
    // Nor in the files' bytes: deleted content is overwritten, the log emptied.
    assert!(
        !file_holds(&site, "ada@example.com"),
        "the database or its log still holds the address"
    );
    let listed = admin(&c.router, "/api/leads", Some(TOKEN)).await.json();
    assert_eq!(listed["leads"].as_array().unwrap().len(), 1);

    let audit = admin(&c.router, "/api/audit", Some(TOKEN)).await.json();
    assert_eq!(audit["entries"][0]["action"], "erasure");
    assert!(audit["entries"][0]["detail"]
        .as_str()
        .unwrap()
        .starts_with("2 leads"));
    assert!(
        !audit.to_string().contains("ada@"),
        "the audit log names no one: {audit}"
    );
}

#[tokio::test]
async fn an_export_holds_exactly_what_is_stored_for_the_person() {
    let site = TempSite::new();
    let c = queuing(&site);
    for (n, email) in [
        (1, "ada@example.com"),
        (2, "grace@example.com"),
        (3, "ADA@example.com"),
    ] {
        assert_eq!(
            post_json(&c.router, &person_lead(n, email)).await.status,
            StatusCode::CREATED
        );
    }
    let export = admin_post(
        &c,
        "/api/export",
        json!({ "email": "ada@example.com" }),
        Some(TOKEN),
    )
    .await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    let exported = export.json()["leads"].clone();
    let listed = admin(&c.router, "/api/leads", Some(TOKEN)).await.json()["leads"].clone();
    let expected: Vec<Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| {
            l["lead"]["contact"]["email"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case("ada@example.com")
        })
        .cloned()
        .collect();
    assert_eq!(expected.len(), 2);
    assert_eq!(
        exported,
        json!(expected),
        "the same leads, with their forwarding and e-mail states"
    );
    let audit = admin(&c.router, "/api/audit", Some(TOKEN)).await.json();
    assert_eq!(audit["entries"][0]["action"], "export");
    assert!(!audit.to_string().contains("ada@"));
}

#[tokio::test]
async fn retention_deletes_by_age_with_everything_queued_for_it() {
    let site = TempSite::new();
    let c = queuing(&site);
    for n in 1..=2 {
        assert_eq!(
            post_json(&c.router, &person_lead(n, &format!("p{n}@example.com")))
                .await
                .status,
            StatusCode::CREATED
        );
    }
    let path = site.path().join("data/leads.sqlite3");
    // The first lead arrived 40 days ago, with its counter of that day.
    let db = rusqlite::Connection::open(&path).unwrap();
    let day_ms = 24 * 3600 * 1000;
    let now = role_quiz_server::clock::now_ms();
    let then = role_quiz_server::clock::rfc3339(now - 40 * day_ms);
    db.execute(
        "UPDATE leads SET received_at = ?1 WHERE lead_id = ?2",
        [&then, &id(1)],
    )
    .unwrap();
    db.execute(
        "UPDATE mail_address_counts SET day = ?1 WHERE address_sha256 = ?2",
        [&then[..10], &address_hash("p1@example.com")],
    )
    .unwrap();
    let retention = Retention {
        db: c.state.db.clone(),
        keep: Duration::from_secs(30 * 24 * 3600),
    };
    let removed = retention.purge(now).await.unwrap();
    assert_eq!(
        (
            removed.leads,
            removed.forwards,
            removed.mails,
            removed.counters
        ),
        (1, 1, 2, 1)
    );
    let cells = every_cell(&path);
    assert!(
        !cells.iter().any(|c| c.contains(&id(1))),
        "no trace of the old lead"
    );
    assert!(
        cells.iter().any(|c| c.contains(&id(2))),
        "the recent one stays"
    );
    // A fake clock 31 days on: the second goes too.
    let removed = retention.purge(now + 31 * day_ms).await.unwrap();
    assert_eq!(removed.leads, 1);
    assert_eq!(
        admin(&c.router, "/api/leads", Some(TOKEN)).await.json()["leads"],
        json!([])
    );
    let audit = admin(&c.router, "/api/audit", Some(TOKEN)).await.json();
    assert_eq!(audit["entries"][0]["action"], "retention");
    // Nothing old: nothing removed, nothing audited.
    assert_eq!(retention.purge(now).await.unwrap().leads, 0);
    let again = admin(&c.router, "/api/audit", Some(TOKEN)).await.json();
    assert_eq!(
        again["entries"].as_array().unwrap().len(),
        audit["entries"].as_array().unwrap().len()
    );
}

#[tokio::test]
async fn a_database_made_by_the_previous_version_gains_the_audit_log() {
    let site = TempSite::new();
    previous_version_db(&site.path().join("data/leads.sqlite3"), 3);
    let c = queuing(&site);
    let answer = admin_post(
        &c,
        "/api/erasure",
        json!({ "email": "ada@example.com" }),
        Some(TOKEN),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        answer.json()["removed"]["leads"],
        1,
        "the old version's lead is found and erased"
    );
    let audit = admin(&c.router, "/api/audit", Some(TOKEN)).await.json();
    assert_eq!(audit["entries"].as_array().unwrap().len(), 1);
}
