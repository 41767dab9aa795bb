-- Inbound mail (docs/email.md). Every mail that was delivered, by its Message-ID (unique:
-- a second delivery of the same mail changes nothing), with the ticket it opened or
-- threaded onto; auto-replies, bounces and loops are recorded here and go no further.
CREATE TABLE mail_messages (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,
  ticket_id INTEGER REFERENCES tickets(id),
  message_row INTEGER REFERENCES messages(id),
  kind TEXT NOT NULL,
  kind_reason TEXT NOT NULL,
  sender TEXT NOT NULL,
  subject TEXT NOT NULL,
  outcome TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX mail_messages_ticket ON mail_messages(ticket_id, id);

-- Attachments are kept in the database, beside their ticket: one backup, one transaction
-- (a ticket never points at a file that a rollback or a crash left out), and WAL lets a
-- second process (mail-ingest) write them while the server runs.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  message_row INTEGER REFERENCES messages(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  content BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_ticket ON attachments(ticket_id, id);

-- Mail that could not be taken in (over a limit, not mail, no sender, ...), with its
-- original bytes exactly as they arrived.
CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL,
  sender TEXT NOT NULL,
  size INTEGER NOT NULL,
  raw BLOB NOT NULL
) STRICT;

-- Tickets changed by another process (mail-ingest): the server's scheduler reads the
-- rows after the last one it saw, every few seconds, and schedules those tickets.
CREATE TABLE wakeup_signals (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- The text signals of each message: its channel and the sentiment of a customer's words.
ALTER TABLE messages ADD COLUMN channel TEXT NOT NULL DEFAULT 'web';
ALTER TABLE messages ADD COLUMN sentiment REAL;

-- Contacts are found by their mail address, whatever its case.
CREATE INDEX users_email ON users(lower(email));
