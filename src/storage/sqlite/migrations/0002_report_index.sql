-- Reports select the tickets created in a date range.
CREATE INDEX tickets_created ON tickets(created_at, id);
