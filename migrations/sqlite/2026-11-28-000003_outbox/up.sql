-- The mail outbox: every email is written here in the transaction of the
-- change that causes it, then sent by a worker with retries (src/mail/).

CREATE TABLE outbox_messages (
    id TEXT PRIMARY KEY NOT NULL,
    -- the RFC 5322 Message-ID with its angle brackets, the same on every retry
    message_id TEXT NOT NULL UNIQUE,
    -- (meeting, person, kind) of a notification: queued at most once
    dedupe_key TEXT UNIQUE,
    -- the template name, e.g. signin
    kind TEXT NOT NULL,
    -- the envelope recipient (an address)
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- the whole formatted message, sent as is on every attempt
    raw TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMP NOT NULL,
    -- a worker claimed it until then; an expired lease is claimed again
    lease_until TIMESTAMP,
    -- the worker that claimed it last (kept once sent: who sent it)
    leased_by TEXT,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_messages_due ON outbox_messages (state, next_attempt_at);
