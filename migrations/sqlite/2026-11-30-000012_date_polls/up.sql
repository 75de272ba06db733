-- Date polls: candidate slots for a working group's session (or, later, the
-- shortlisted dates of a hosting call), each person's answer per slot, and
-- the meeting scheduled when a coordinator closes the poll on one slot.

CREATE TABLE date_polls (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- a poll belongs to a working group or to a hosting call
    working_group_id TEXT REFERENCES working_groups (id) ON DELETE CASCADE,
    hosting_call_id TEXT REFERENCES hosting_calls (id) ON DELETE CASCADE,
    -- the zone the slots were written in and are shown in
    time_zone TEXT NOT NULL,
    -- how the scheduled meeting is attended, and its video room's provider
    format TEXT NOT NULL CHECK (format IN ('in_person', 'remote', 'hybrid')),
    video_provider TEXT CHECK (video_provider IN ('jitsi', 'bigbluebutton')),
    -- answers are taken until this instant (UTC), if set
    deadline TIMESTAMP,
    -- results shown to coordinators only until the poll is closed
    hide_results BOOLEAN NOT NULL DEFAULT FALSE,
    state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'cancelled')),
    chosen_slot INTEGER,
    meeting_id TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    created_by TEXT REFERENCES people (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (working_group_id IS NOT NULL OR hosting_call_id IS NOT NULL),
    CHECK ((state = 'closed') = (chosen_slot IS NOT NULL))
);
CREATE INDEX date_polls_working_group ON date_polls (working_group_id, state);

CREATE TABLE date_poll_slots (
    date_poll_id TEXT NOT NULL REFERENCES date_polls (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    -- for a hosting call's poll: the proposal and its candidate date
    host_proposal_id TEXT REFERENCES host_proposals (id) ON DELETE CASCADE,
    candidate_position INTEGER,
    PRIMARY KEY (date_poll_id, position),
    CHECK (ends_at > starts_at)
);

-- one answer per person and slot: answering again replaces it
CREATE TABLE date_poll_answers (
    date_poll_id TEXT NOT NULL,
    slot_position INTEGER NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    answer TEXT NOT NULL CHECK (answer IN ('yes', 'if_need_be', 'no')),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (date_poll_id, slot_position, person_id),
    FOREIGN KEY (date_poll_id, slot_position)
        REFERENCES date_poll_slots (date_poll_id, position) ON DELETE CASCADE
);
