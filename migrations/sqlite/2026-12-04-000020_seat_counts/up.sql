-- The seats taken at each meeting, in person and remote (its confirmed
-- answers of each attendance), so that placing an answer reads a few rows
-- whatever the number of answers: kept by triggers on rsvps, in the
-- transaction of every change of an answer, whoever makes it (a release
-- that predates them, a cascade). A meeting without a row has no seat
-- taken. The next place in line is meetings.waitlist_counter + 1.
-- (A table of its own: meetings has 31 of the 32 columns a diesel row takes.)
CREATE TABLE meeting_seats (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    in_person INTEGER NOT NULL DEFAULT 0,
    remote INTEGER NOT NULL DEFAULT 0
);
INSERT INTO meeting_seats (meeting_id, in_person, remote)
SELECT meeting_id,
       SUM(CASE WHEN attendance = 'in_person' THEN 1 ELSE 0 END),
       SUM(CASE WHEN attendance = 'remote' THEN 1 ELSE 0 END)
FROM rsvps WHERE state = 'confirmed' GROUP BY meeting_id;

-- the first in line of an attendance, when a seat frees
CREATE INDEX rsvps_line ON rsvps (meeting_id, attendance, waitlist_ticket)
    WHERE waitlist_ticket IS NOT NULL;
-- the seats of a body (quotas)
CREATE INDEX rsvps_seats ON rsvps (meeting_id, attendance, person_id)
    WHERE state = 'confirmed';

CREATE TRIGGER rsvps_seats_insert AFTER INSERT ON rsvps WHEN NEW.state = 'confirmed' BEGIN
    INSERT INTO meeting_seats (meeting_id, in_person, remote)
    VALUES (NEW.meeting_id, NEW.attendance = 'in_person', NEW.attendance = 'remote')
    ON CONFLICT (meeting_id) DO UPDATE
    SET in_person = in_person + excluded.in_person, remote = remote + excluded.remote;
END;
CREATE TRIGGER rsvps_seats_delete AFTER DELETE ON rsvps WHEN OLD.state = 'confirmed' BEGIN
    UPDATE meeting_seats
    SET in_person = in_person - (OLD.attendance = 'in_person'),
        remote = remote - (OLD.attendance = 'remote')
    WHERE meeting_id = OLD.meeting_id;
END;
CREATE TRIGGER rsvps_seats_update AFTER UPDATE OF state, attendance, meeting_id ON rsvps
    WHEN (OLD.state = 'confirmed' OR NEW.state = 'confirmed')
     AND (OLD.state IS NOT NEW.state OR OLD.attendance IS NOT NEW.attendance
          OR OLD.meeting_id IS NOT NEW.meeting_id)
BEGIN
    UPDATE meeting_seats
    SET in_person = in_person - (OLD.attendance = 'in_person'),
        remote = remote - (OLD.attendance = 'remote')
    WHERE meeting_id = OLD.meeting_id AND OLD.state = 'confirmed';
    -- WHERE before ON CONFLICT: SQLite's upsert after a SELECT needs one
    INSERT INTO meeting_seats (meeting_id, in_person, remote)
    SELECT NEW.meeting_id, NEW.attendance = 'in_person', NEW.attendance = 'remote'
    WHERE NEW.state = 'confirmed'
    ON CONFLICT (meeting_id) DO UPDATE
    SET in_person = in_person + excluded.in_person, remote = remote + excluded.remote;
END;
