-- Delivery of the outbox (the outbox worker): send_at is the instant of the next attempt
-- (a retry moves it), last_error what the last failed attempt said, last_attempt_at when
-- it ran, sent_at when the row was delivered. Due rows are found by outbox_pending
-- (state, send_at) from 0001.
ALTER TABLE outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN last_attempt_at INTEGER;
ALTER TABLE outbox ADD COLUMN sent_at INTEGER;
