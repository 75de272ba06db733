-- What a host proposal needs besides its venue, the members' supports, and
-- the record of every change of a proposal (who, when).

ALTER TABLE host_proposals ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE host_proposals ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE host_proposals ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE host_proposals ADD COLUMN has_screen BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE host_proposals ADD COLUMN has_sound BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE host_proposals ADD COLUMN has_streaming BOOLEAN NOT NULL DEFAULT FALSE;
-- the candidate date chosen, once accepted
ALTER TABLE host_proposals ADD COLUMN accepted_position INTEGER;

-- one accepted proposal per call, whatever the concurrency
CREATE UNIQUE INDEX host_proposals_one_accepted
    ON host_proposals (hosting_call_id) WHERE state = 'accepted';

CREATE TABLE host_proposal_supports (
    host_proposal_id TEXT NOT NULL REFERENCES host_proposals (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    comment TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (host_proposal_id, person_id)
);

CREATE TABLE host_proposal_events (
    id TEXT PRIMARY KEY NOT NULL,
    host_proposal_id TEXT NOT NULL REFERENCES host_proposals (id) ON DELETE CASCADE,
    event TEXT NOT NULL CHECK (event IN ('submitted', 'edited', 'shortlisted', 'accepted', 'declined', 'withdrawn')),
    -- who did it; NULL once that person is deleted, or for the demo's loader
    person_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX host_proposal_events_proposal ON host_proposal_events (host_proposal_id, at);
