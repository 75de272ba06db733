-- The secret of each person's calendar feed URL. The token is derived from
-- `nonce` with a key from the instance secret (so /me can show the URL
-- again); only its SHA-256 is looked up. A new nonce makes a new URL and
-- the old one stops working.
CREATE TABLE feed_tokens (
    person_id TEXT PRIMARY KEY NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
