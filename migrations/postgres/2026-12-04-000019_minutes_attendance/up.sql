-- Minutes, draft then published. The published text stays in
-- meetings.minutes (what every reader of a meeting already reads); this row
-- holds the organizers' draft and when it was published and mailed.
CREATE TABLE meeting_minutes (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    -- the organizers' working text (Markdown); equal to meetings.minutes
    -- when nothing changed since publishing
    draft TEXT NOT NULL,
    -- NULL while never published
    published_at TIMESTAMP,
    published_by TEXT REFERENCES people (id) ON DELETE SET NULL,
    -- how many times the minutes were mailed: the first publishing mails,
    -- a later one only when the organizer asks; part of the dedupe key
    mailings INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT REFERENCES people (id) ON DELETE SET NULL
);

-- Minutes written before this migration were published.
INSERT INTO meeting_minutes (meeting_id, draft, published_at, mailings, updated_at)
    SELECT id, minutes, updated_at, 1, updated_at FROM meetings WHERE minutes <> '';

-- Who came: recorded by the meeting's organizers once it started.
CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('in_person', 'remote', 'excused', 'absent')),
    -- came without an answer on the list
    walk_in BOOLEAN NOT NULL DEFAULT FALSE,
    recorded_by TEXT REFERENCES people (id) ON DELETE SET NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX meeting_attendance_person ON meeting_attendance (person_id);
