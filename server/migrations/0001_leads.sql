-- Leads as received, with the raw body kept word for word so a retried
-- submission can be compared and answered exactly as the first time.
CREATE TABLE leads (
    lead_id      TEXT PRIMARY KEY,
    received_at  TEXT NOT NULL,
    body         TEXT NOT NULL,
    body_sha256  TEXT NOT NULL,
    response     TEXT NOT NULL,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    company      TEXT NOT NULL,
    role_title   TEXT NOT NULL,
    phone        TEXT NOT NULL,
    channel      TEXT NOT NULL,
    message      TEXT NOT NULL,
    consent_at   TEXT NOT NULL,
    band         TEXT NOT NULL,
    position     REAL NOT NULL,
    perspective  TEXT,
    page_url     TEXT NOT NULL
);

-- Forwarding to the consultancy's webhook: one row per lead, kept until the
-- receiver confirms it, so a receiver that was down still gets every lead.
CREATE TABLE forward_queue (
    lead_id          TEXT PRIMARY KEY REFERENCES leads(lead_id),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms  INTEGER NOT NULL,
    last_error       TEXT,
    delivered_at     TEXT
);

CREATE INDEX forward_queue_due ON forward_queue (delivered_at, next_attempt_ms);
