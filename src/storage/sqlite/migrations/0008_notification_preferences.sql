-- Each person's notification preferences (docs/notifications.md, "Preferences"): the
-- channels they want (a JSON array of the policy's channel ids; empty: every channel an
-- action uses) and personal quiet hours (seconds after local midnight the window starts
-- and ends, in an IANA time zone; NULL: none).
CREATE TABLE notification_preferences (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  channels TEXT NOT NULL DEFAULT '[]',
  quiet_from INTEGER,
  quiet_to INTEGER,
  quiet_timezone TEXT,
  updated_at INTEGER NOT NULL
) STRICT;

-- Digests (docs/notifications.md, "Digest"): due_at is the instant a row first became
-- due (its send_at before a retry moved it), which places it in a digest window; a row
-- the worker folded into a digest is 'digested' and digest_id names the digest row (role
-- 'digest') that carries it.
ALTER TABLE outbox ADD COLUMN due_at INTEGER;
ALTER TABLE outbox ADD COLUMN digest_id INTEGER;
UPDATE outbox SET due_at = send_at;
CREATE INDEX outbox_window ON outbox(recipient, channel, due_at);
CREATE INDEX outbox_digest ON outbox(digest_id) WHERE digest_id IS NOT NULL;
