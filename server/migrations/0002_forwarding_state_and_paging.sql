-- Forwarding after an outage: `streak` counts failures since the last
-- delivery that succeeded (it sets the backoff, and any success resets it),
-- `attempts` counts all of them, and a lead that reaches the configured
-- maximum is given up (`given_up_at`) and shown as such in the listings.
ALTER TABLE forward_queue ADD COLUMN streak INTEGER NOT NULL DEFAULT 0;
ALTER TABLE forward_queue ADD COLUMN given_up_at TEXT;
UPDATE forward_queue SET streak = attempts WHERE delivered_at IS NULL;

DROP INDEX forward_queue_due;
CREATE INDEX forward_queue_due ON forward_queue (delivered_at, given_up_at, next_attempt_ms);

-- The JSON listing's `since` filter.
CREATE INDEX leads_received_at ON leads (received_at);
