-- Registration questions a plenary needs: whether the meeting asks about
-- lunch; with an answer, the lunch taken and the dietary and accessibility
-- needs (seen by the person and the meeting's organizers only).
ALTER TABLE meetings ADD COLUMN asks_lunch BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE rsvps ADD COLUMN lunch BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE rsvps ADD COLUMN dietary_needs TEXT NOT NULL DEFAULT '';
ALTER TABLE rsvps ADD COLUMN accessibility_needs TEXT NOT NULL DEFAULT '';
