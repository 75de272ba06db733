-- A meeting's video room and phone bridge, apart from the meeting's row so
-- that nothing that lists meetings reads them. They are shown to nobody but
-- through the join gateway (/meetings/{id}/join), to entitled people.
CREATE TABLE meeting_rooms (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    provider TEXT CHECK (provider IS NULL OR provider IN ('jitsi', 'bigbluebutton', 'static_url')),
    -- jitsi and bigbluebutton: the room's name, random (128 bits);
    -- static_url: the room's address
    room TEXT,
    dial_in_number TEXT,
    dial_in_pin TEXT,
    updated_at TIMESTAMP NOT NULL
);

-- Each pass through the join gateway: who, when, as moderator or not.
CREATE TABLE meeting_joins (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    moderator BOOLEAN NOT NULL,
    joined_at TIMESTAMP NOT NULL
);
CREATE INDEX meeting_joins_meeting ON meeting_joins (meeting_id, joined_at);
