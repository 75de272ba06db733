-- A sent message's body holds working sign-in, answer and join links: once
-- `outbox_retention_days` have passed, the mail worker empties `raw` and notes
-- when here. The row stays (recipient, subject, kind, dates, state: what
-- /admin/outbox shows). Queued and failed messages keep their bodies.
SET LOCAL lock_timeout = '5s';
ALTER TABLE outbox_messages ADD COLUMN purged_at TIMESTAMP;
-- what the purge reads: sent messages not purged yet, oldest first
CREATE INDEX outbox_messages_purge ON outbox_messages (sent_at)
    WHERE state = 'sent' AND purged_at IS NULL;
