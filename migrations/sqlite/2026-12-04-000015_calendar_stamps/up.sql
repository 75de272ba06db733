-- The DTSTAMP of the last calendar message (invitation, update,
-- cancellation) sent to a person about a meeting. RFC 5546 orders the
-- messages of one SEQUENCE by DTSTAMP; answering yes, withdrawing and
-- answering yes again within one second must still give three stamps in
-- order, so the next one is at least a second after this one.
CREATE TABLE calendar_stamps (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    stamped_at TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);
