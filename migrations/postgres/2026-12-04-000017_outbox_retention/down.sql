DROP INDEX outbox_messages_purge;
ALTER TABLE outbox_messages DROP COLUMN purged_at;
