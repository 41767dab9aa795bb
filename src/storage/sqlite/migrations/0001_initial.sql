-- Escalator schema, version 1. Instants are UTC seconds since the epoch.
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  tier TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  customer_id INTEGER REFERENCES customers(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX users_customer ON users(customer_id);

CREATE TABLE sessions (
  token_digest TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_digest TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked INTEGER NOT NULL DEFAULT 0
) STRICT;

-- next_deadline holds 9223372036854775807 when no SLA clock runs, so queues sort by an
-- index without a NULL test.
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  requester_id INTEGER NOT NULL,
  subject TEXT NOT NULL,
  description TEXT NOT NULL,
  category TEXT NOT NULL,
  impact TEXT NOT NULL,
  urgency TEXT NOT NULL,
  priority TEXT NOT NULL,
  channel TEXT NOT NULL,
  tier TEXT NOT NULL,
  status TEXT NOT NULL,
  open INTEGER NOT NULL,
  team TEXT NOT NULL,
  level TEXT NOT NULL,
  assignee TEXT NOT NULL,
  tags TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL,
  customer_replies INTEGER NOT NULL,
  reopened INTEGER NOT NULL,
  customer_asked_to_escalate INTEGER NOT NULL,
  sentiment REAL,
  customer_words TEXT NOT NULL,
  unassigned_since INTEGER,
  last_update INTEGER NOT NULL,
  acknowledged_at INTEGER,
  team_since INTEGER NOT NULL,
  reapplied_at INTEGER,
  next_deadline INTEGER NOT NULL,
  next_wakeup INTEGER,
  sla_state TEXT NOT NULL,
  breached INTEGER NOT NULL,
  resolved_at INTEGER,
  closed_at INTEGER,
  root_cause_category TEXT NOT NULL,
  root_cause TEXT NOT NULL,
  signoff_required INTEGER NOT NULL,
  signoff_state TEXT NOT NULL,
  csat_rating INTEGER,
  csat_comment TEXT NOT NULL,
  merged_into INTEGER
) STRICT;
CREATE UNIQUE INDEX tickets_idempotency ON tickets(requester_id, idempotency_key)
  WHERE idempotency_key <> '';
CREATE INDEX tickets_open_deadline ON tickets(next_deadline, id) WHERE open = 1;
CREATE INDEX tickets_team_deadline ON tickets(team, next_deadline, id) WHERE open = 1;
CREATE INDEX tickets_level_deadline ON tickets(level, next_deadline, id) WHERE open = 1;
CREATE INDEX tickets_assignee_deadline ON tickets(assignee, next_deadline, id) WHERE open = 1;
CREATE INDEX tickets_wakeup ON tickets(next_wakeup) WHERE next_wakeup IS NOT NULL;
CREATE INDEX tickets_customer ON tickets(customer_id, id);

CREATE VIRTUAL TABLE tickets_text USING fts5(subject, description, content='tickets',
  content_rowid='id');
CREATE TRIGGER tickets_text_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO tickets_text(rowid, subject, description)
    VALUES (new.id, new.subject, new.description);
END;
CREATE TRIGGER tickets_text_update AFTER UPDATE OF subject, description ON tickets BEGIN
  INSERT INTO tickets_text(tickets_text, rowid, subject, description)
    VALUES ('delete', old.id, old.subject, old.description);
  INSERT INTO tickets_text(rowid, subject, description)
    VALUES (new.id, new.subject, new.description);
END;

-- The audit trail: append-only, enforced here as well as by the absence of any API.
CREATE TABLE ticket_events (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE INDEX ticket_events_at ON ticket_events(at);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  from_customer INTEGER NOT NULL,
  internal INTEGER NOT NULL,
  body TEXT NOT NULL
) STRICT;
CREATE INDEX messages_ticket ON messages(ticket_id, id);

CREATE TABLE escalations (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  from_team TEXT NOT NULL,
  from_level TEXT NOT NULL,
  to_team TEXT NOT NULL,
  to_level TEXT NOT NULL,
  reason TEXT NOT NULL,
  trigger TEXT NOT NULL,
  by TEXT NOT NULL,
  acknowledged_at INTEGER,
  acknowledged_by TEXT NOT NULL
) STRICT;
CREATE INDEX escalations_ticket ON escalations(ticket_id, id);

CREATE TABLE fired (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  trigger TEXT NOT NULL,
  occurrence TEXT NOT NULL,
  repeat INTEGER NOT NULL,
  at INTEGER NOT NULL,
  policy_version TEXT NOT NULL,
  PRIMARY KEY (ticket_id, trigger, occurrence, repeat)
) STRICT;

CREATE TABLE links (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT NOT NULL,
  other_ticket INTEGER,
  at INTEGER NOT NULL,
  by TEXT NOT NULL
) STRICT;
CREATE INDEX links_ticket ON links(ticket_id, id);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  send_at INTEGER NOT NULL,
  event TEXT NOT NULL,
  recipient TEXT NOT NULL,
  role TEXT NOT NULL,
  channel TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_pending ON outbox(state, send_at);
CREATE INDEX outbox_ticket ON outbox(ticket_id, id);
