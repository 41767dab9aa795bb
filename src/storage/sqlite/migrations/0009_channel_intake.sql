-- Tickets and messages from chat, social and web-form channels (docs/intake.md).
--
-- Until now the API was the only way in besides mail, and it wrote channel 'web'. From now
-- on 'web' is the public web form and the API writes 'api': the rows written so far came
-- through the API, so they say so.
UPDATE tickets SET channel = 'api' WHERE channel = 'web';
UPDATE messages SET channel = 'api' WHERE channel = 'web';
CREATE INDEX tickets_channel ON tickets(channel, id);

-- What an API token may do: 'full' (everything its user may do, as every token so far) or
-- 'intake' (the intake endpoints only: a webhook's or an MTA's credential).
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full';

-- Chat and social messages taken in, by their source's own message id (unique per source:
-- a second delivery changes nothing), with the conversation they belong to and the ticket
-- and message they became. The ticket a conversation continues on is its latest row's.
CREATE TABLE chat_messages (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  external_id TEXT NOT NULL,
  conversation TEXT NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  message_row INTEGER REFERENCES messages(id),
  sender TEXT NOT NULL,
  outcome TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (source, external_id)
) STRICT;
CREATE INDEX chat_messages_conversation ON chat_messages(source, conversation, customer_id, id);
