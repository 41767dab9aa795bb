-- Saved views: a user's named ticket-list queries (the web app's queue filters). `query`
-- is the query string of GET /api/v1/tickets, without the '?'.
CREATE TABLE saved_views (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, name)
) STRICT;

-- Pending management sign-offs, for the dashboard.
CREATE INDEX tickets_signoff_pending ON tickets(id) WHERE signoff_state = 'pending';
