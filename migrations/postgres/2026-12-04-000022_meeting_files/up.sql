-- Files attached to a meeting (slides, reports): the bytes live in the
-- database, so every instance serves them. Listings never read `bytes`.
CREATE TABLE meeting_files (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    -- the cleaned file name: last path component, no control characters
    -- or quotes, 120 characters at most
    name TEXT NOT NULL,
    -- the type found in the content (domain::files), never the sender's claim
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    -- lower-case hex SHA-256 of the bytes: the download's ETag
    sha256 TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'participants')),
    bytes BYTEA NOT NULL,
    uploaded_by TEXT REFERENCES people (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX meeting_files_meeting ON meeting_files (meeting_id, created_at);

-- A file added or removed changes the meeting's page: other instances drop
-- the public pages they keep (see 000021_change_notices).
CREATE TRIGGER meeting_files_notice AFTER INSERT OR DELETE OR UPDATE
    ON meeting_files FOR EACH STATEMENT EXECUTE FUNCTION feed_lookup_changed();
