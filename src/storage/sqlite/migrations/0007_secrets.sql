-- Secrets the service makes for itself and keeps with its data, so that a restored backup
-- goes on accepting what it signed: the key of the signed feedback links in customer mail
-- (name "feedback_link_key", 32 random bytes).
CREATE TABLE secrets (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
) STRICT;
