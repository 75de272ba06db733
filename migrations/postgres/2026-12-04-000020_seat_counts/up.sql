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

CREATE FUNCTION seats_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.state = 'confirmed' THEN
        UPDATE meeting_seats
        SET in_person = in_person - (OLD.attendance = 'in_person')::int,
            remote = remote - (OLD.attendance = 'remote')::int
        WHERE meeting_id = OLD.meeting_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.state = 'confirmed' THEN
        INSERT INTO meeting_seats (meeting_id, in_person, remote)
        VALUES (NEW.meeting_id, (NEW.attendance = 'in_person')::int,
                (NEW.attendance = 'remote')::int)
        ON CONFLICT (meeting_id) DO UPDATE
        SET in_person = meeting_seats.in_person + EXCLUDED.in_person,
            remote = meeting_seats.remote + EXCLUDED.remote;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER rsvps_seats_insert AFTER INSERT ON rsvps FOR EACH ROW
    WHEN (NEW.state = 'confirmed') EXECUTE FUNCTION seats_changed();
CREATE TRIGGER rsvps_seats_delete AFTER DELETE ON rsvps FOR EACH ROW
    WHEN (OLD.state = 'confirmed') EXECUTE FUNCTION seats_changed();
CREATE TRIGGER rsvps_seats_update AFTER UPDATE OF state, attendance, meeting_id ON rsvps
    FOR EACH ROW
    WHEN ((OLD.state = 'confirmed' OR NEW.state = 'confirmed')
          AND (OLD.state IS DISTINCT FROM NEW.state
               OR OLD.attendance IS DISTINCT FROM NEW.attendance
               OR OLD.meeting_id IS DISTINCT FROM NEW.meeting_id))
    EXECUTE FUNCTION seats_changed();
