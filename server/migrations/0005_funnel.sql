-- Funnel counts: how many times each step was reported per day, page,
-- campaign and widget. Counts only: no report, identifier, address or
-- answer is kept.
CREATE TABLE funnel_counts (
    day           TEXT NOT NULL,
    step          TEXT NOT NULL,
    detail        TEXT NOT NULL,
    perspective   TEXT NOT NULL,
    origin        TEXT NOT NULL,
    path          TEXT NOT NULL,
    utm_source    TEXT NOT NULL,
    utm_medium    TEXT NOT NULL,
    utm_campaign  TEXT NOT NULL,
    instance      TEXT NOT NULL,
    bank_version  INTEGER NOT NULL,
    count         INTEGER NOT NULL,
    PRIMARY KEY (day, step, detail, perspective, origin, path, utm_source, utm_medium, utm_campaign, instance, bank_version)
);
