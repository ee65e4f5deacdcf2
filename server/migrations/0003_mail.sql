-- E-mail notifications: one row per e-mail, queued in the transaction that
-- stores its lead and kept until the relay accepts it (`sent_at`), refuses it
-- for good or it was never allowed (`failed_at`, with the reason in
-- `last_error`). Addresses are not copied here: the message is written from
-- the stored lead when it is sent.
CREATE TABLE mail_queue (
    lead_id          TEXT NOT NULL REFERENCES leads(lead_id),
    kind             TEXT NOT NULL CHECK (kind IN ('consultancy', 'visitor')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms  INTEGER NOT NULL,
    last_error       TEXT,
    sent_at          TEXT,
    failed_at        TEXT,
    PRIMARY KEY (lead_id, kind)
);

CREATE INDEX mail_queue_due ON mail_queue (sent_at, failed_at, next_attempt_ms);

-- Result e-mails per recipient and day, for the per-address limit; the
-- address is kept only as its SHA-256 hash.
CREATE TABLE mail_address_counts (
    address_sha256  TEXT NOT NULL,
    day             TEXT NOT NULL,
    sent            INTEGER NOT NULL,
    PRIMARY KEY (address_sha256, day)
);
