-- Sessions live in the database, so that signing out, signing out
-- everywhere and an admin ending a person's sessions end them at once, on
-- every instance. The cookie holds a random token; this table its SHA-256.
-- A session ends when idle past expires_at (pushed back on use, at most once
-- a day) and never lasts past a fixed time after sign-in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
