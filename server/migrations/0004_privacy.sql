-- Admin actions (export, erasure, retention purges), with when and what,
-- never whose: no address or name is written here.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL
);

-- Finding one person's leads for access and erasure requests.
CREATE INDEX leads_email ON leads (lower(email));
