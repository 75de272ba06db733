-- Answers to meetings (RSVP): one per person and meeting, with the seat rules
-- of the meeting. Every change of a meeting's answers first bumps
-- meetings.rsvp_version: that write serialises them (a row lock on
-- PostgreSQL, the immediate transaction on SQLite), so seats are never
-- given twice.

-- remote seats, when the video room has a limit
ALTER TABLE meetings ADD COLUMN remote_capacity INTEGER CHECK (remote_capacity IS NULL OR remote_capacity >= 0);
-- at most this many people of one member body in person
ALTER TABLE meetings ADD COLUMN organization_quota INTEGER CHECK (organization_quota IS NULL OR organization_quota >= 1);
-- answers of observers and of people without a body wait for an organizer
ALTER TABLE meetings ADD COLUMN approval_required BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE meetings ADD COLUMN rsvp_version INTEGER NOT NULL DEFAULT 0;
-- the last ticket handed to a waitlisted answer: the waiting list's order
ALTER TABLE meetings ADD COLUMN waitlist_counter INTEGER NOT NULL DEFAULT 0;

CREATE TABLE rsvps (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    answer TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    attendance TEXT NOT NULL CHECK (attendance IN ('in_person', 'remote')),
    state TEXT NOT NULL CHECK (state IN ('confirmed', 'waitlisted', 'tentative', 'declined', 'awaiting_approval', 'refused')),
    -- set while waitlisted, from meetings.waitlist_counter
    waitlist_ticket INTEGER,
    waitlist_reason TEXT CHECK (waitlist_reason IN ('full', 'organization_quota')),
    approval TEXT NOT NULL DEFAULT 'not_needed' CHECK (approval IN ('not_needed', 'pending', 'approved', 'refused')),
    decided_by TEXT REFERENCES people (id) ON DELETE SET NULL,
    project_highlight TEXT NOT NULL DEFAULT '',
    wished_development TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    -- the person agreed to have their name on the public page
    listed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (meeting_id, person_id),
    UNIQUE (meeting_id, waitlist_ticket),
    CHECK ((state = 'waitlisted') = (waitlist_ticket IS NOT NULL))
);
CREATE INDEX rsvps_person ON rsvps (person_id);
