//! E-mail notifications end to end: the collector's queue and worker, and
//! lettre speaking SMTP to a real (small) SMTP server on loopback. The
//! messages that arrive are parsed as MIME and checked.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::smtp::SmtpSink;
use common::*;
use mail_parser::{Message, MessageParser, MimeHeaders};
use role_quiz_core::content::BANK;
use role_quiz_core::link_code::{decode, LinkContent};
use role_quiz_server::Collector;
use serde_json::{json, Value};

const FROM: &str = "Alignment studies <leads@consultancy.example>";
const TEAM: &str = "team@consultancy.example";

/// A collector that sends e-mail through `smtp_url`.
fn mailing(site: &TempSite, smtp_url: &str, extra: &[&str]) -> Collector {
    let mut args = vec![
        "--min-fill-ms",
        "0",
        "--rate-burst",
        "100",
        "--mail-from",
        FROM,
        "--notify-to",
        TEAM,
        "--mail-retry-ms",
        "50",
        "--booking-url",
        "https://consultancy.example/book",
    ];
    args.extend_from_slice(extra);
    let url = smtp_url.to_string();
    collector_configured(site, &args, move |s| s.smtp_url = Some(url))
}

/// A version 2 lead that asks for its result by e-mail.
fn asking(id: &str) -> Value {
    let mut l = lead_v2(id);
    l["email_result"] = json!(true);
    l
}

fn parse(data: &[u8]) -> Message<'_> {
    MessageParser::default()
        .parse(data)
        .expect("a MIME message")
}

fn header_text(m: &Message<'_>, name: &str) -> String {
    m.header_raw(name).unwrap_or("").trim().to_string()
}

fn mail_states(listed: &Value) -> Vec<(String, String)> {
    listed["mail"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|m| {
                    (
                        m["kind"].as_str().unwrap().to_string(),
                        m["state"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn listing(c: &Collector) -> Value {
    admin(&c.router, "/api/leads", Some(TOKEN)).await.json()
}

#[tokio::test]
async fn a_lead_sends_one_notification_and_the_result_it_asked_for_each_once() {
    let sink = SmtpSink::start().await;
    let site = TempSite::new();
    let c = mailing(
        &site,
        &sink.url(),
        &["--public-url", "https://quiz.consultancy.example"],
    );
    let mailer = run_mailer(&c);
    let mut l = asking(ID);
    l["contact"]["name"] = json!("Ada <i>Lovelace</i>");
    l["context"]["page_url"] = json!("https://landing.example/?utm_source=news");
    l["contact"]["message"] = json!("Please <b>call</b> me & soon");
    let answer = post_json(&c.router, &l).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let received = sink.wait_for(2).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    mailer.stop().await;
    assert_eq!(sink.received().len(), 2, "two e-mails, each once");

    let to_team = received
        .iter()
        .find(|r| r.to.iter().any(|t| t.contains(TEAM)))
        .expect("the consultancy's notification");
    let m = parse(&to_team.data);
    assert!(m.from().unwrap().first().unwrap().address().unwrap() == "leads@consultancy.example");
    assert_eq!(
        m.reply_to().unwrap().first().unwrap().address(),
        Some("ada@example.com"),
        "answering the e-mail answers the lead"
    );
    let subject = m.subject().unwrap();
    assert!(
        subject.starts_with("New lead: Ada <i>Lovelace</i>, Analytical Engines ("),
        "{subject}"
    );
    assert_eq!(
        header_text(&m, "Message-ID"),
        format!("<{ID}.consultancy@consultancy.example>")
    );
    assert_eq!(m.parts.len(), 1, "one part");
    assert_eq!(
        m.content_type()
            .map(|t| (t.c_type.as_ref(), t.c_subtype.as_deref())),
        Some(("text", Some("plain"))),
        "plain text only"
    );
    let text = m.body_text(0).unwrap();
    for expected in [
        "Name: Ada <i>Lovelace</i>",
        "E-mail: ada@example.com",
        "Company: Analytical Engines",
        "Prefers: e-mail",
        "Please <b>call</b> me & soon",
        "% likely given the answers",
        "90% interval",
        "Marketing demand",
        "utm_source: news",
        "Page: https://landing.example/?utm_source=news",
        &format!("Lead id: {ID}"),
        &format!("In the admin page: https://quiz.consultancy.example/admin/leads/{ID}"),
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let band_name = role_quiz_core::content::texts_for("en")
        .band(l["result"]["band"].as_str().unwrap())
        .unwrap()
        .name;
    assert!(
        text.contains(&format!("Band: {band_name}, about")),
        "{text}"
    );

    let to_visitor = received
        .iter()
        .find(|r| r.to.iter().any(|t| t.contains("ada@example.com")))
        .expect("the visitor's result");
    let m = parse(&to_visitor.data);
    assert_eq!(
        m.subject().unwrap(),
        format!("Your role check result: {band_name}")
    );
    assert_eq!(
        header_text(&m, "Message-ID"),
        format!("<{ID}.visitor@consultancy.example>")
    );
    assert!(m.reply_to().is_none());
    assert_eq!(
        (m.text_body_count(), m.html_body_count()),
        (1, 1),
        "text and HTML parts"
    );
    assert!(m.content_type().unwrap().c_subtype.as_deref() == Some("alternative"));
    let text = m.body_text(0).unwrap();
    let html = m.body_html(0).unwrap();
    assert!(text.contains("Hello Ada <i>Lovelace</i>,"), "{text}");
    assert!(
        html.contains("Hello Ada &lt;i&gt;Lovelace&lt;/i&gt;,"),
        "{html}"
    );
    assert!(!html.contains("<i>"), "visitor text never becomes markup");
    assert!(
        !html.contains("<img") && !text.contains("<img"),
        "no remote images"
    );
    assert!(
        text.contains("because you asked for your result"),
        "why it was sent"
    );
    assert!(text.contains("https://consultancy.example/book") && text.contains("+1-617-719-9530"));
    // The link opens the same answers, on the lead's own (allowed) page.
    let link = text
        .split_whitespace()
        .find(|w| w.starts_with("https://landing.example/#rq="))
        .unwrap_or_else(|| panic!("a result link in:\n{text}"));
    assert!(html.contains(&format!("href=\"{link}\"")), "{html}");
    let code = link.split("#rq=").nth(1).unwrap();
    let LinkContent::Result { title, first } = decode(&BANK, code).unwrap() else {
        panic!("the link carries a result");
    };
    assert_eq!(title, l["result"]["title"]);
    let answers: Vec<Value> = BANK
        .items
        .iter()
        .map(|i| l["result"]["answers"][i.id].clone())
        .collect();
    let carried: Vec<Value> = first.answers.iter().map(|a| json!(a.unwrap())).collect();
    assert_eq!(carried, answers);
    let hrefs: Vec<&str> = html
        .split("href=\"")
        .skip(1)
        .map(|h| h.split('"').next().unwrap())
        .collect();
    assert_eq!(
        hrefs,
        [link, "https://consultancy.example/book"],
        "no other links, no tracking"
    );

    let listed = listing(&c).await;
    assert_eq!(
        mail_states(&listed["leads"][0]),
        [
            ("consultancy".into(), "sent".into()),
            ("visitor".into(), "sent".into())
        ]
    );
}

#[tokio::test]
async fn a_result_link_never_points_at_a_page_the_request_merely_claims() {
    let sink = SmtpSink::start().await;
    let site = TempSite::new();
    let c = mailing(&site, &sink.url(), &[]);
    let mailer = run_mailer(&c);
    let mut l = asking(ID);
    l["context"]["page_url"] = json!("https://evil.example/phish");
    assert_eq!(post_json(&c.router, &l).await.status, StatusCode::CREATED);
    let received = sink.wait_for(2).await;
    mailer.stop().await;
    for r in &received {
        let text = String::from_utf8_lossy(&r.data);
        let visitor_part = !text.contains("Reply-To");
        if visitor_part {
            assert!(!text.contains("https://evil.example"), "{text}");
            assert!(!text.contains("#rq="), "no page configured for it: no link");
        }
    }

    // With a share URL configured, that page is linked.
    let sink = SmtpSink::start().await;
    let site = TempSite::new();
    let c = mailing(
        &site,
        &sink.url(),
        &["--share-url", "https://quiz.consultancy.example/check"],
    );
    let mailer = run_mailer(&c);
    assert_eq!(post_json(&c.router, &l).await.status, StatusCode::CREATED);
    let received = sink.wait_for(2).await;
    mailer.stop().await;
    assert!(received
        .iter()
        .any(|r| String::from_utf8_lossy(&r.data)
            .contains("https://quiz.consultancy.example/check#rq=")));
}

#[tokio::test]
async fn with_the_relay_down_then_back_each_e_mail_arrives_exactly_once() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let site = TempSite::new();
    let c = mailing(&site, &format!("smtp://127.0.0.1:{port}?tls=none"), &[]);
    let mailer = run_mailer(&c);
    assert_eq!(
        post_json(&c.router, &asking(ID)).await.status,
        StatusCode::CREATED
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    let waiting = listing(&c).await;
    assert_eq!(
        mail_states(&waiting["leads"][0]),
        [
            ("consultancy".into(), "waiting".into()),
            ("visitor".into(), "waiting".into())
        ]
    );
    assert_eq!(
        waiting["leads"][0]["mail"][0]["last_error"],
        "connection failed"
    );
    let sink = SmtpSink::start_on(port).await;
    sink.wait_for(2).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    mailer.stop().await;
    assert_eq!(sink.received().len(), 2);
}

#[tokio::test]
async fn a_4xx_is_retried_and_a_5xx_is_marked_failed() {
    let sink = SmtpSink::start().await;
    sink.script(&[451]);
    let site = TempSite::new();
    let c = mailing(&site, &sink.url(), &[]);
    let mailer = run_mailer(&c);
    assert_eq!(
        post_json(&c.router, &lead_v2(ID)).await.status,
        StatusCode::CREATED
    );
    sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        sink.received().len(),
        1,
        "once, after the temporary refusal"
    );
    let listed = listing(&c).await;
    assert_eq!(listed["leads"][0]["mail"][0]["state"], "sent");
    assert_eq!(listed["leads"][0]["mail"][0]["attempts"], 2);

    sink.script(&[550]);
    let other = "1b8e7a4c-1f2d-4e5a-9b6c-7d8e9f0a1b2c";
    assert_eq!(
        post_json(&c.router, &lead_v2(other)).await.status,
        StatusCode::CREATED
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    mailer.stop().await;
    assert_eq!(sink.received().len(), 1, "the refused e-mail never arrives");
    let listed = listing(&c).await;
    let failed = &listed["leads"][1]["mail"][0];
    assert_eq!(failed["state"], "failed", "{listed}");
    assert_eq!(failed["attempts"], 1, "a 5xx is not retried");
    assert_eq!(failed["last_error"], "SMTP 550");
    let health = send(
        &c.router,
        axum::http::Request::get("/healthz")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .json();
    assert_eq!(
        health["mail"],
        json!({ "waiting": 0, "failed": 1 }),
        "{health}"
    );
    let csv = admin(&c.router, "/api/leads.csv", Some(TOKEN)).await.body;
    assert!(csv.lines().nth(2).unwrap().contains("\"failed\""), "{csv}");
}

#[tokio::test]
async fn control_characters_cannot_add_a_header() {
    let sink = SmtpSink::start().await;
    let site = TempSite::new();
    let c = mailing(&site, &sink.url(), &[]);
    let mut l = asking(ID);
    l["contact"]["name"] = json!("Ada\r\nBcc: victim@example.com");
    let refused = post_json(&c.router, &l).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["problems"][0]["code"], "control_characters");

    // And should such a name ever reach the composer, it is encoded, not obeyed.
    let mut lead: role_quiz_core::lead::LeadPayload = serde_json::from_value(l).unwrap();
    lead.contact.company = "Engines\r\nBcc: victim@example.com".into();
    lead.contact.name = "Ada\r\nBcc: victim@example.com".into();
    let mailer = c.mailer.clone().unwrap();
    for kind in ["consultancy", "visitor"] {
        let message = role_quiz_server::mail::message(&mailer.config, kind, &lead).unwrap();
        let raw = message.formatted();
        let parsed = parse(&raw);
        assert!(
            parsed.bcc().is_none(),
            "{kind}: {}",
            String::from_utf8_lossy(&raw)
        );
        let head = String::from_utf8_lossy(&raw);
        let head = head.split("\r\n\r\n").next().unwrap();
        assert!(
            !head
                .lines()
                .any(|line| line.to_ascii_lowercase().starts_with("bcc:")),
            "{kind}: {head}"
        );
    }
}

#[tokio::test]
async fn result_e_mails_are_limited_per_address_and_per_client() {
    let sink = SmtpSink::start().await;
    let site = TempSite::new();
    let c = mailing(
        &site,
        &sink.url(),
        &[
            "--result-mail-per-address",
            "2",
            "--result-mail-per-client",
            "100",
        ],
    );
    let mailer = run_mailer(&c);
    for n in 0..3 {
        let mut l = asking(&format!("0b8e7a4c-1f2d-4e5a-9b6c-00000000000{n}"));
        if n == 2 {
            l["contact"]["email"] = json!("ADA@Example.com");
        }
        assert_eq!(post_json(&c.router, &l).await.status, StatusCode::CREATED);
    }
    sink.wait_for(5).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    mailer.stop().await;
    let to_ada = sink
        .received()
        .iter()
        .filter(|r| {
            r.to.iter()
                .any(|t| t.to_ascii_lowercase().contains("ada@example.com"))
        })
        .count();
    assert_eq!(to_ada, 2, "two result e-mails to one address a day");
    assert_eq!(sink.received().len(), 5, "and every lead's notification");
    let listed = listing(&c).await;
    let limited = &listed["leads"][2]["mail"][1];
    assert_eq!(limited["state"], "failed");
    assert!(
        limited["last_error"]
            .as_str()
            .unwrap()
            .starts_with("limit:"),
        "{limited}"
    );

    let sink = SmtpSink::start().await;
    let site = TempSite::new();
    let c = mailing(&site, &sink.url(), &["--result-mail-per-client", "1"]);
    for n in 0..2 {
        let mut l = asking(&format!("0b8e7a4c-1f2d-4e5a-9b6c-00000000001{n}"));
        l["contact"]["email"] = json!(format!("person{n}@example.com"));
        assert_eq!(post_json(&c.router, &l).await.status, StatusCode::CREATED);
    }
    let listed = listing(&c).await;
    assert_eq!(listed["leads"][0]["mail"][1]["state"], "waiting");
    assert_eq!(listed["leads"][1]["mail"][1]["state"], "failed", "{listed}");
}

#[tokio::test]
async fn a_restart_mid_queue_loses_nothing_and_resends_nothing_confirmed() {
    let sink = SmtpSink::start().await;
    let site = TempSite::new();
    let ids = [
        "0b8e7a4c-1f2d-4e5a-9b6c-000000000001",
        "0b8e7a4c-1f2d-4e5a-9b6c-000000000002",
        "0b8e7a4c-1f2d-4e5a-9b6c-000000000003",
    ];
    {
        let c = mailing(&site, &sink.url(), &[]);
        let mailer = run_mailer(&c);
        assert_eq!(
            post_json(&c.router, &lead_v2(ids[0])).await.status,
            StatusCode::CREATED
        );
        sink.wait_for(1).await;
        mailer.stop().await;
        // Queued while no mailer runs, as when the process stops.
        for id in &ids[1..] {
            assert_eq!(
                post_json(&c.router, &lead_v2(id)).await.status,
                StatusCode::CREATED
            );
        }
    }
    assert_eq!(sink.received().len(), 1);
    let c = mailing(&site, &sink.url(), &[]);
    let mailer = run_mailer(&c);
    sink.wait_for(3).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    mailer.stop().await;
    let ids_seen: Vec<String> = sink
        .received()
        .iter()
        .map(|r| {
            let m = parse(&r.data);
            header_text(&m, "Message-ID")
        })
        .collect();
    assert_eq!(
        ids_seen,
        ids.iter()
            .map(|id| format!("<{id}.consultancy@consultancy.example>"))
            .collect::<Vec<_>>(),
        "each once, in order"
    );
}

#[tokio::test]
async fn a_database_made_by_the_previous_version_gains_the_mail_tables() {
    let site = TempSite::new();
    let path = site.path().join("data/leads.sqlite3");
    // The schema as the version before e-mail left it, with one lead.
    previous_version_db(&path, 2);
    let sink = SmtpSink::start().await;
    let c = mailing(&site, &sink.url(), &[]);
    let listed = listing(&c).await;
    assert_eq!(
        listed["leads"][0]["lead_id"], ID,
        "the old lead is still there"
    );
    assert!(
        listed["leads"][0].get("mail").is_none(),
        "and is not mailed now"
    );
    let mailer = run_mailer(&c);
    let other = "1b8e7a4c-1f2d-4e5a-9b6c-7d8e9f0a1b2c";
    assert_eq!(
        post_json(&c.router, &lead_v2(other)).await.status,
        StatusCode::CREATED
    );
    sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    mailer.stop().await;
    assert_eq!(sink.received().len(), 1, "only the new lead's notification");
}

#[tokio::test]
async fn without_a_relay_nothing_is_queued() {
    let site = TempSite::new();
    let c = collector(&site, &["--min-fill-ms", "0"]);
    assert!(c.mailer.is_none());
    assert_eq!(
        post_json(&c.router, &asking(ID)).await.status,
        StatusCode::CREATED
    );
    assert!(listing(&c).await["leads"][0].get("mail").is_none());
}
