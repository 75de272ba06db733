-- Calls for hosts of a spring plenary, and the member bodies' proposals.

CREATE TABLE hosting_calls (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    year INTEGER NOT NULL,
    wished_period_start DATE NOT NULL,
    wished_period_end DATE NOT NULL,
    -- proposals are taken until the end of this day, Europe/Paris
    deadline DATE NOT NULL,
    requirements TEXT NOT NULL DEFAULT '',
    -- the (draft) spring plenary this call finds a host for
    meeting_id TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (wished_period_end >= wished_period_start)
);

CREATE TABLE host_proposals (
    id TEXT PRIMARY KEY NOT NULL,
    hosting_call_id TEXT NOT NULL REFERENCES hosting_calls (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('submitted', 'shortlisted', 'accepted', 'declined', 'withdrawn')),
    time_zone TEXT NOT NULL,
    venue_name TEXT NOT NULL,
    venue_address TEXT NOT NULL DEFAULT '',
    venue_city TEXT NOT NULL,
    venue_directions TEXT NOT NULL DEFAULT '',
    accessibility TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    equipment TEXT NOT NULL DEFAULT '',
    catering TEXT NOT NULL DEFAULT '',
    access_notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- one live proposal per body and call
CREATE UNIQUE INDEX host_proposals_one_live_per_body
    ON host_proposals (hosting_call_id, organization_id) WHERE state <> 'withdrawn';

CREATE TABLE host_proposal_dates (
    host_proposal_id TEXT NOT NULL REFERENCES host_proposals (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0 AND position < 5),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    PRIMARY KEY (host_proposal_id, position),
    CHECK (ends_at > starts_at)
);
