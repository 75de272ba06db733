-- Sign-in by emailed link, personal access tokens, notification choices.

ALTER TABLE people ADD COLUMN notify_meetings BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE people ADD COLUMN notify_group_sessions BOOLEAN NOT NULL DEFAULT TRUE;

-- One-time sign-in links: only the SHA-256 of the token is kept.
CREATE TABLE signin_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    next_path TEXT NOT NULL DEFAULT '/',
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX signin_tokens_person ON signin_tokens (person_id);

-- Personal access tokens for the API: shown once, kept as SHA-256.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);
