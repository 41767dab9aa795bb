-- The full-text index of a new ticket is written by the store once per commit (see
-- SqliteStore::RunBatch), no longer by an insert trigger: FTS5 writes its pending terms
-- at every savepoint, and each Write in a grouped commit runs in its own savepoint, so the
-- trigger made one index segment per ticket (and the merges that follow).
-- An edit of the subject or description re-indexes a ticket only if it is indexed: a
-- ticket created in the same commit is indexed with its final text at the end of it.
DROP TRIGGER tickets_text_insert;
DROP TRIGGER tickets_text_update;
CREATE TRIGGER tickets_text_update AFTER UPDATE OF subject, description ON tickets
WHEN EXISTS (SELECT 1 FROM tickets_text_docsize WHERE id = old.id) BEGIN
  INSERT INTO tickets_text(tickets_text, rowid, subject, description)
    VALUES ('delete', old.id, old.subject, old.description);
  INSERT INTO tickets_text(rowid, subject, description)
    VALUES (new.id, new.subject, new.description);
END;
