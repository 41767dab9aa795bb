-- Limits on open escalations (policy `limits:`). A ticket that came to its team by an
-- escalation counts, while open, among the open escalations of its team and level; an
-- escalation beyond a `queue` limit waits in the queued_* columns (all NULL when nothing
-- waits) until a case leaves, first come (queued_sequence) first served.
ALTER TABLE tickets ADD COLUMN arrived_by_escalation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN queued_limit_scope TEXT;
ALTER TABLE tickets ADD COLUMN queued_limit_id TEXT;
ALTER TABLE tickets ADD COLUMN queued_type TEXT;
ALTER TABLE tickets ADD COLUMN queued_to_team TEXT;
ALTER TABLE tickets ADD COLUMN queued_to_level TEXT;
ALTER TABLE tickets ADD COLUMN queued_reason TEXT;
ALTER TABLE tickets ADD COLUMN queued_trigger TEXT;
ALTER TABLE tickets ADD COLUMN queued_by TEXT;
ALTER TABLE tickets ADD COLUMN queued_at INTEGER;
ALTER TABLE tickets ADD COLUMN queued_sequence INTEGER;

-- Open tickets that hold their team by an escalation already: the last move or reopening
-- in their audit trail is an escalation (not an assignment, a de-escalation or a reopening).
UPDATE tickets SET arrived_by_escalation = 1
WHERE open = 1 AND (
  SELECT e.kind FROM ticket_events e
  WHERE e.ticket_id = tickets.id
    AND (e.kind IN ('assigned', 'escalated', 'deescalated')
         OR (e.kind = 'status_changed' AND json_extract(e.data, '$.to') = 'reopened'))
  ORDER BY e.id DESC LIMIT 1) = 'escalated';

CREATE INDEX tickets_escalated_level ON tickets(level)
  WHERE open = 1 AND arrived_by_escalation = 1;
CREATE INDEX tickets_escalated_team ON tickets(team)
  WHERE open = 1 AND arrived_by_escalation = 1;
CREATE INDEX tickets_queued ON tickets(queued_limit_scope, queued_limit_id, queued_sequence)
  WHERE queued_sequence IS NOT NULL;
CREATE INDEX tickets_queued_sequence ON tickets(queued_sequence)
  WHERE queued_sequence IS NOT NULL;
